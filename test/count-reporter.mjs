// A node:test reporter that only counts: the runner script adds up the counts of every pass.
// The counts are written to SHOPDESK_TEST_COUNT_FILE as they change, synchronously, so they are
// there even when the runner is made to exit the moment its tests are done (--test-force-exit).
import fs from 'node:fs';

/** The first lines of why a test failed, so the end of a long run says it without scrolling back. */
function reasonOf(error) {
  if (!error) return '';
  const cause = error.cause ?? error;
  const text = String(cause?.stack ?? cause?.message ?? cause);
  const lines = text.split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(0, 8);
  return lines.length ? `\n      ${lines.join('\n      ')}` : '';
}

export default async function* countReporter(source) {
  const file = process.env.SHOPDESK_TEST_COUNT_FILE;
  // `files`: the same counts per test file, so the runner can run a failed browser file again alone.
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [], files: {} };
  const save = () => {
    if (file) fs.writeFileSync(file, JSON.stringify(counts));
  };
  save();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    const perFile = (counts.files[event.data.file ?? ''] ??= { passed: 0, failed: 0, skipped: 0, failures: [] });
    if (event.data.skip || event.data.todo) {
      counts.skipped++;
      perFile.skipped++;
    } else if (event.type === 'test:pass') {
      counts.passed++;
      perFile.passed++;
    } else {
      const failure = `${event.data.file ?? ''} › ${event.data.name}${reasonOf(event.data.details?.error)}`;
      counts.failed++;
      perFile.failed++;
      counts.failures.push(failure);
      perFile.failures.push(failure);
    }
    save();
  }
  if (!file) yield JSON.stringify(counts);
}
