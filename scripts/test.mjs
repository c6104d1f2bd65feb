#!/usr/bin/env node
// Runs the whole test suite: on the embedded database, then again on PostgreSQL when
// TEST_DATABASE_URL is set. Ends with the line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filter = process.argv.slice(2);

function findTests(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, out);
    else if (/\.test\.(ts|mts)$/.test(entry.name)) out.push(path.relative(root, full));
  }
  return out;
}

let files = [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'test'))].sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// No test may hang a run: each test (and hook) fails after TEST_TIMEOUT_MS, a file's process exits
// once its tests are done, and a whole pass is stopped after PASS_LIMIT_MS with what it printed kept.
// The runner counts each file as a test too, so the limit is also a whole file's: the route fuzzing
// of test/api/bad-input.test.ts takes minutes when three files share two cores, and overran 300 s.
const TEST_TIMEOUT_MS = Number(process.env.SHOPDESK_TEST_TIMEOUT_MS ?? 600_000);
const PASS_LIMIT_MS = Number(process.env.SHOPDESK_TEST_PASS_MINUTES ?? 25) * 60_000;

/**
 * One pass over the store: the tests without a browser three files at a time, then the browser
 * tests two at a time (each runs a server and Chromium; three at once on two cores starve each other).
 *
 * A browser file that failed is run once more, alone. Its second run's counts replace the first's,
 * and a file that passed the second time is listed as flaky with the first failure's reason, so a
 * timing fault in a test shows in every run without sinking it.
 */
async function runPass(label, env) {
  const browser = files.filter((f) => f.startsWith(`test${path.sep}e2e${path.sep}`));
  const rest = files.filter((f) => !browser.includes(f));
  const total = { passed: 0, failed: 0, skipped: 0, failures: [], flaky: [] };
  const add = (c) => {
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    total.failures.push(...c.failures);
  };
  if (rest.length) add(await runGroup(label, env, rest, 3));
  if (browser.length === 0) return total;
  const first = await runGroup(`${label}-browser`, env, browser, 2);
  // The reporter names each file by its full path.
  const failed = Object.entries(first.files ?? {}).filter(([, c]) => c.failed > 0);
  // A run that broke down outside any one file's tests (it overran, or left no counts) is not retried.
  const unexplained = first.failed - failed.reduce((n, [, c]) => n + c.failed, 0);
  if (failed.length === 0 || failed.length > 3 || unexplained > 0) {
    add(first);
    return total;
  }
  add({
    passed: first.passed - failed.reduce((n, [, c]) => n + c.passed, 0),
    failed: 0,
    skipped: first.skipped - failed.reduce((n, [, c]) => n + c.skipped, 0),
    failures: [],
  });
  const again = await runGroup(`${label}-browser-again`, env, failed.map(([file]) => file), 1);
  add(again);
  for (const [file, c] of failed) if (again.files?.[file]?.failed === 0) total.flaky.push(...c.failures);
  return total;
}

function runGroup(label, env, group, concurrency) {
  const countFile = path.join(os.tmpdir(), `shopdesk-test-counts-${process.pid}-${label}.json`);
  console.log(`\n=== ${label}: ${group.length} test files ===`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import', 'tsx',
        '--test',
        `--test-concurrency=${concurrency}`,
        `--test-timeout=${TEST_TIMEOUT_MS}`,
        '--test-force-exit',
        '--test-reporter=spec', '--test-reporter-destination=stdout',
        `--test-reporter=${path.join(root, 'test/count-reporter.mjs')}`, `--test-reporter-destination=${os.devNull}`,
        ...group,
      ],
      // Its own process group, so a pass that overruns is stopped with every process it started.
      { cwd: root, stdio: 'inherit', env: { ...process.env, ...env, SHOPDESK_TEST_COUNT_FILE: countFile }, detached: true },
    );
    const stop = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    // Ctrl-C reaches only this process's group: take the tests down with it.
    const interrupted = () => {
      stop();
      process.exit(130);
    };
    process.once('SIGINT', interrupted);
    let overran = false;
    const watchdog = setTimeout(() => {
      overran = true;
      console.log(`\n${label}: stopped after ${PASS_LIMIT_MS / 60_000} minutes`);
      stop();
    }, PASS_LIMIT_MS);
    child.on('exit', (status, signal) => {
      clearTimeout(watchdog);
      process.off('SIGINT', interrupted);
      resolve(countsOf(label, countFile, overran ? `stopped after ${PASS_LIMIT_MS / 60_000} minutes` : status === 0 ? null : `exited with ${status ?? signal}`));
    });
  });
}

function countsOf(label, countFile, trouble) {
  let counts = { passed: 0, failed: 1, skipped: 0, failures: [`${label}: the test runner ${trouble ?? 'left no counts'}`] };
  try {
    counts = JSON.parse(fs.readFileSync(countFile, 'utf8'));
    if (trouble && counts.failed === 0) {
      counts.failed = 1;
      counts.failures.push(`${label}: the test runner ${trouble}`);
    }
  } catch {
    // keep the failure recorded above
  }
  fs.rmSync(countFile, { force: true });
  return counts;
}

// The browser tests and `serve` need the built web app; build it once, before any test starts.
if (!process.env.SHOPDESK_TEST_SKIP_BUILD) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  }
}

const passes = [['embedded', { TEST_DATABASE_URL: '' }]];
if (process.env.TEST_DATABASE_URL) passes.push(['postgresql', { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL }]);

const total = { passed: 0, failed: 0, skipped: 0, failures: [], flaky: [] };
for (const [label, env] of passes) {
  const c = await runPass(label, env);
  console.log(`${label}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
  total.failures.push(...c.failures.map((f) => `[${label}] ${f}`));
  total.flaky.push(...c.flaky.map((f) => `[${label}] ${f}`));
}
if (total.flaky.length) console.log(`\nFlaky (failed, then passed when run again alone):\n  ${total.flaky.join('\n  ')}`);
if (total.failures.length) console.log(`\nFailed:\n  ${total.failures.join('\n  ')}`);
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
