import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BUSINESS_HOURS, isOpen, isValidTimezone, type BusinessHours } from './business-hours.ts';

const on: BusinessHours = { ...DEFAULT_BUSINESS_HOURS, enabled: true };

test('opening hours are read in the shop’s time zone', () => {
  // 2026-12-02 is a Wednesday. 01:30 UTC is 09:30 in Beijing: open; 10:30 UTC is 18:30: closed.
  assert.equal(isOpen(on, new Date('2026-12-02T01:30:00Z')), true);
  assert.equal(isOpen(on, new Date('2026-12-02T10:30:00Z')), false);
  assert.equal(isOpen(on, new Date('2026-12-02T00:59:00Z')), false, '08:59 is before opening');
  // Saturday 2026-12-05 16:59 Beijing is open (10–17), 17:00 is not.
  assert.equal(isOpen(on, new Date('2026-12-05T08:59:00Z')), true);
  assert.equal(isOpen(on, new Date('2026-12-05T09:00:00Z')), false);
  // The same instant in New York is another day and hour.
  assert.equal(isOpen({ ...on, timezone: 'America/New_York' }, new Date('2026-12-02T15:00:00Z')), true);
});

test('switched off means always open; a closed day has no periods; overnight periods span midnight', () => {
  assert.equal(isOpen(DEFAULT_BUSINESS_HOURS, new Date('2026-12-02T20:00:00Z')), true);
  const week = on.week.map((p) => p);
  week[6] = [];
  assert.equal(isOpen({ ...on, week }, new Date('2026-12-06T04:00:00Z')), false, 'Sunday closed');
  const night: BusinessHours = { enabled: true, timezone: 'Asia/Shanghai', week: Array.from({ length: 7 }, () => [{ from: '20:00', to: '02:00' }]) };
  assert.equal(isOpen(night, new Date('2026-12-02T13:00:00Z')), true, '21:00');
  assert.equal(isOpen(night, new Date('2026-12-02T17:30:00Z')), true, '01:30 the next day');
  assert.equal(isOpen(night, new Date('2026-12-02T19:00:00Z')), false, '03:00');
  assert.equal(isValidTimezone('Asia/Shanghai'), true);
  assert.equal(isValidTimezone('Mars/Olympus'), false);
});
