import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase, testStore, type TestDatabase } from '../../../../../test/harness.ts';
import { twelveMonthsBefore } from '../tiers/tiers.evaluate.ts';
import { expiryFrom } from './points.ledger.ts';

describe(`loyalty: time rules of points and tiers (${testStore})`, () => {
  let t: TestDatabase;
  before(async () => {
    t = await openTestDatabase({ migrate: false });
  });
  after(async () => {
    await t?.close();
  });

  const cases: Array<[string, number, string]> = [
    ['2026-03-15T08:30:00.000Z', 12, '2027-03-15T08:30:00.000Z'],
    ['2026-01-31T10:00:00.000Z', 1, '2026-02-28T10:00:00.000Z'],
    ['2027-01-31T10:00:00.000Z', 1, '2027-02-28T10:00:00.000Z'],
    ['2028-01-31T10:00:00.000Z', 1, '2028-02-29T10:00:00.000Z'],
    ['2026-08-31T23:59:59.000Z', 6, '2027-02-28T23:59:59.000Z'],
    ['2026-12-31T00:00:00.000Z', 2, '2027-02-28T00:00:00.000Z'],
    ['2026-05-31T12:00:00.000Z', 1, '2026-06-30T12:00:00.000Z'],
    ['2026-02-28T12:00:00.000Z', 12, '2027-02-28T12:00:00.000Z'],
    ['2026-07-01T00:00:00.000Z', 120, '2036-07-01T00:00:00.000Z'],
  ];

  test('earned points expire the same day N months later, or the last day of a shorter month', () => {
    for (const [from, months, expected] of cases) assert.equal(expiryFrom(new Date(from), months).toISOString(), expected, `${from} + ${months} months`);
  });

  test('the database adds months the same way (earn in SQL, adjustments in code agree)', async () => {
    for (const [from, months] of cases) {
      const { rows } = await sql<{ at: Date }>`select (${from}::timestamptz at time zone 'UTC' + make_interval(months => ${months}::int)) at time zone 'UTC' as at`.execute(t.db);
      assert.equal(new Date(rows[0].at).toISOString(), expiryFrom(new Date(from), months).toISOString(), `${from} + ${months} months`);
    }
  });

  test('the last 12 months are the 365 days before now', () => {
    assert.equal(twelveMonthsBefore(new Date('2026-12-02T00:00:00Z')).toISOString(), '2025-12-02T00:00:00.000Z');
  });
});
