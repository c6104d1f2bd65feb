import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addInterval, isOverdue, nextVisitDue } from './visit-schedule.ts';

test('intervals of days, weeks and months', () => {
  const from = new Date('2026-01-15T08:00:00Z');
  assert.equal(addInterval(from, 10, 'day').toISOString(), '2026-01-25T08:00:00.000Z');
  assert.equal(addInterval(from, 2, 'week').toISOString(), '2026-01-29T08:00:00.000Z');
  assert.equal(addInterval(from, 1, 'month').toISOString(), '2026-02-15T08:00:00.000Z');
  assert.equal(addInterval(from, 12, 'month').toISOString(), '2027-01-15T08:00:00.000Z');
});

test('a month after the 31st is the last day of the shorter month, never a day of the one after', () => {
  assert.equal(addInterval(new Date('2026-01-31T08:00:00Z'), 1, 'month').toISOString(), '2026-02-28T08:00:00.000Z');
  assert.equal(addInterval(new Date('2028-01-31T08:00:00Z'), 1, 'month').toISOString(), '2028-02-29T08:00:00.000Z');
  assert.equal(addInterval(new Date('2026-10-31T08:00:00Z'), 4, 'month').toISOString(), '2027-02-28T08:00:00.000Z');
});

test('the next visit counts from the visit made; without a rhythm there is none', () => {
  assert.equal(nextVisitDue(new Date('2026-03-01T00:00:00Z'), { n: 3, unit: 'day' })?.toISOString(), '2026-03-04T00:00:00.000Z');
  assert.equal(nextVisitDue(new Date('2026-03-01T00:00:00Z'), null), null);
  assert.equal(isOverdue(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T00:00:01Z')), true);
  assert.equal(isOverdue(new Date('2026-03-01T00:00:01Z'), new Date('2026-03-01T00:00:00Z')), false);
});
