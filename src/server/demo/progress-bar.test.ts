import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressBar, formatDuration, renderProgress } from './progress-bar.ts';

test('a progress line: bar, percentage, counts, rate and time left', () => {
  const line = renderProgress(250_000, 1_000_000, 10_000);
  assert.match(line, /^\[█{7}░{21}\]  25\.0%  250,000\/1,000,000 rows  25,000 rows\/s  ETA 0:30$/);
  assert.match(renderProgress(10, 10, 125_000, 'records'), /100\.0%  10\/10 records  0 records\/s  in 2:05$/);
  assert.match(renderProgress(0, 10, 0), /ETA --:--$/);
  assert.equal(formatDuration(3725), '1:02:05');
});

test('off a terminal it prints a line every tenth, and the last one', () => {
  const lines: string[] = [];
  let t = 0;
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  const bar = createProgressBar({ stream, now: () => t });
  for (let done = 0; done <= 1000; done += 10) {
    t += 10;
    bar.update(done, 1000);
  }
  bar.finish();
  assert.equal(lines.length, 11);
  assert.match(lines[lines.length - 1], /100\.0%/);
});
