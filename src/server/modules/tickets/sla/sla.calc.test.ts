import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addWorkingTime, escalationLevelAt, escalationTimes, reminderAt, slaState, workingMs, workingSpans, type Pause } from './sla.calc.ts';
import { CHINA_PUBLIC_HOLIDAYS, defaultSlaCalendar, type SlaCalendar } from './sla-calendar.ts';

const H = 3_600_000;
const M = 60_000;
/** A Beijing wall time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The operations team's week: Monday to Friday 09:00–18:00 Beijing time, China's holidays. */
const ops = defaultSlaCalendar();
const noHolidays: SlaCalendar = { ...ops, days: [] };

describe('SLA clock: working hours', () => {
  test('round the clock (no calendar), time simply runs', () => {
    assert.equal(iso(addWorkingTime(null, bj('2026-02-15T10:00:00'), 5 * H)), iso(bj('2026-02-15T15:00:00')));
    assert.equal(workingMs(null, bj('2026-02-15T10:00:00'), bj('2026-02-16T10:00:00')), 24 * H);
  });

  test('inside a working day, the target lands the same day', () => {
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-10T10:00:00'), 4 * H)), iso(bj('2026-03-10T14:00:00')));
  });

  test('before opening the clock waits for 09:00; after closing for the next working day', () => {
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-10T06:30:00'), 30 * M)), iso(bj('2026-03-10T09:30:00')));
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-10T20:00:00'), 1 * H)), iso(bj('2026-03-11T10:00:00')));
  });

  test('Friday afternoon into Monday: the weekend does not count', () => {
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-13T17:00:00'), 2 * H)), iso(bj('2026-03-16T10:00:00')));
    assert.equal(workingMs(noHolidays, bj('2026-03-13T17:00:00'), bj('2026-03-16T10:00:00')), 2 * H);
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-14T11:00:00'), 1 * H)), iso(bj('2026-03-16T10:00:00')), 'opened on a Saturday');
  });

  test('a target met exactly at closing is due at closing, not the next morning', () => {
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-10T09:00:00'), 9 * H)), iso(bj('2026-03-10T18:00:00')));
  });

  test('a day with two periods (a lunch break) and an evening shift past midnight', () => {
    const shop: SlaCalendar = { timezone: 'Asia/Shanghai', days: [], week: Array.from({ length: 7 }, () => [{ from: '09:00', to: '12:00' }, { from: '13:30', to: '18:00' }, { from: '20:00', to: '02:00' }]) };
    assert.equal(iso(addWorkingTime(shop, bj('2026-03-10T11:00:00'), 2 * H)), iso(bj('2026-03-10T14:30:00')), 'lunch skipped');
    assert.equal(iso(addWorkingTime(shop, bj('2026-03-10T17:00:00'), 3 * H)), iso(bj('2026-03-10T22:00:00')));
    assert.equal(iso(addWorkingTime(shop, bj('2026-03-10T23:00:00'), 4 * H)), iso(bj('2026-03-11T10:00:00')), 'past midnight, then the morning');
    assert.equal(workingMs(shop, bj('2026-03-11T00:00:00'), bj('2026-03-11T03:00:00')), 2 * H, 'the tail of yesterday’s shift');
  });

  test('a calendar with no working time never falls due', () => {
    const closed: SlaCalendar = { timezone: 'Asia/Shanghai', days: [], week: Array.from({ length: 7 }, () => []) };
    assert.equal(addWorkingTime(closed, bj('2026-03-10T10:00:00'), H), null);
    assert.equal(workingMs(closed, bj('2026-03-10T10:00:00'), bj('2026-04-10T10:00:00')), 0);
  });

  test('a zero target is due at once (inside working time) or at the next opening', () => {
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-10T10:00:00'), 0)), iso(bj('2026-03-10T10:00:00')));
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-14T10:00:00'), 0)), iso(bj('2026-03-16T09:00:00')));
    assert.throws(() => addWorkingTime(noHolidays, bj('2026-03-10T10:00:00'), -1), RangeError);
  });
});

describe('SLA clock: China’s public holidays and make-up working days', () => {
  test('the 2026 Spring Festival: Saturday 14 February is worked, 15–23 February are off', () => {
    // Opened on the Friday before at 17:00 with 8 working hours: 1 h on Friday, 7 h on the make-up Saturday.
    assert.equal(iso(addWorkingTime(ops, bj('2026-02-13T17:00:00'), 8 * H)), iso(bj('2026-02-14T16:00:00')));
    // Opened on the make-up Saturday at 17:00 with 4 h: 1 h that day, then nothing until Tuesday 24th.
    assert.equal(iso(addWorkingTime(ops, bj('2026-02-14T17:00:00'), 4 * H)), iso(bj('2026-02-24T12:00:00')));
    assert.equal(workingMs(ops, bj('2026-02-14T00:00:00'), bj('2026-02-24T00:00:00')), 9 * H, 'only the make-up Saturday');
    // Saturday 28 February is worked too.
    assert.equal(workingMs(ops, bj('2026-02-28T00:00:00'), bj('2026-03-01T00:00:00')), 9 * H);
    // Without the holiday calendar the same ticket would have been due on Monday 16th.
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-02-14T17:00:00'), 4 * H)), iso(bj('2026-02-16T13:00:00')));
  });

  test('National Day 2026: 1–7 October off, Sunday 20 September and Saturday 10 October worked', () => {
    assert.equal(workingMs(ops, bj('2026-09-20T00:00:00'), bj('2026-09-21T00:00:00')), 9 * H);
    assert.equal(workingMs(ops, bj('2026-10-01T00:00:00'), bj('2026-10-08T00:00:00')), 0);
    assert.equal(iso(addWorkingTime(ops, bj('2026-09-30T17:00:00'), 2 * H)), iso(bj('2026-10-08T10:00:00')));
    assert.equal(workingMs(ops, bj('2026-10-10T00:00:00'), bj('2026-10-11T00:00:00')), 9 * H);
  });

  test('a make-up working day follows the calendar’s make-up hours when set', () => {
    const short: SlaCalendar = { ...ops, makeUpHours: [{ from: '10:00', to: '16:00' }] };
    assert.equal(workingMs(short, bj('2026-02-14T00:00:00'), bj('2026-02-15T00:00:00')), 6 * H);
  });

  test('the built-in list: every holiday and make-up date is a real date, none listed twice', () => {
    const seen = new Set<string>();
    for (const d of CHINA_PUBLIC_HOLIDAYS) {
      assert.equal(new Date(`${d.date}T00:00:00Z`).toISOString().slice(0, 10), d.date);
      assert.ok(!seen.has(d.date), d.date);
      seen.add(d.date);
      const weekday = new Date(`${d.date}T00:00:00Z`).getUTCDay();
      if (d.kind === 'workday') assert.ok(weekday === 0 || weekday === 6, `${d.date}: a make-up working day falls on a weekend`);
    }
    assert.equal(CHINA_PUBLIC_HOLIDAYS.filter((d) => d.date.startsWith('2026') && d.kind === 'holiday' && d.name === '春节').length, 9);
  });
});

describe('SLA clock: pauses (pending on the customer)', () => {
  test('a pause inside working hours moves the due time by its working length', () => {
    const pauses: Pause[] = [{ from: bj('2026-03-10T11:00:00'), to: bj('2026-03-10T13:00:00') }];
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-10T10:00:00'), 4 * H, pauses)), iso(bj('2026-03-10T16:00:00')));
  });

  test('a pause over a holiday takes nothing twice: the holiday was not counted anyway', () => {
    // Paused from the make-up Saturday 16:00 to Tuesday 24th 10:00: 2 h of the Saturday and 1 h of Tuesday.
    const pauses: Pause[] = [{ from: bj('2026-02-14T16:00:00'), to: bj('2026-02-24T10:00:00') }];
    assert.equal(workingMs(ops, bj('2026-02-13T09:00:00'), bj('2026-02-24T12:00:00'), pauses), 9 * H + 7 * H + 2 * H);
    assert.equal(iso(addWorkingTime(ops, bj('2026-02-13T09:00:00'), 18 * H, pauses)), iso(bj('2026-02-24T12:00:00')));
  });

  test('an open pause stops the clock: no due time while it lasts', () => {
    const pauses: Pause[] = [{ from: bj('2026-03-10T11:00:00'), to: null }];
    assert.equal(addWorkingTime(noHolidays, bj('2026-03-10T10:00:00'), 4 * H, pauses), null);
    assert.equal(iso(addWorkingTime(noHolidays, bj('2026-03-10T10:00:00'), 30 * M, pauses)), iso(bj('2026-03-10T10:30:00')), 'due before the pause began');
  });
});

describe('SLA clock: time zones', () => {
  test('a calendar in New York across the spring-forward night keeps 09:00–17:00 local', () => {
    const ny: SlaCalendar = { timezone: 'America/New_York', days: [], week: [0, 1, 2, 3, 4].map(() => [{ from: '09:00', to: '17:00' }]).concat([[], []]) };
    // Friday 6 March 2026 16:00 EST (21:00Z) + 2 h: 1 h on Friday, 1 h on Monday 9 March from 09:00 EDT (13:00Z).
    assert.equal(iso(addWorkingTime(ny, new Date('2026-03-06T21:00:00Z'), 2 * H)), '2026-03-09T14:00:00.000Z');
    // The fall-back week: Monday 2 November 09:00 EST is 14:00Z.
    assert.equal(iso(addWorkingTime(ny, new Date('2026-10-30T20:00:00Z'), 2 * H)), '2026-11-02T15:00:00.000Z');
  });

  test('an overnight period on the night the clocks jump keeps its wall-clock ends', () => {
    const night: SlaCalendar = { timezone: 'America/New_York', days: [], week: Array.from({ length: 7 }, () => [{ from: '22:00', to: '04:00' }]) };
    // Saturday 7 March 22:00 EST to Sunday 8 March 04:00 EDT is 5 real hours.
    assert.equal(workingMs(night, new Date('2026-03-08T00:00:00Z'), new Date('2026-03-08T12:00:00Z')), 5 * H);
  });

  test('the same calendar read from Beijing gives the same instants', () => {
    const spans = workingSpans(noHolidays, bj('2026-03-09T00:00:00').getTime(), bj('2026-03-16T00:00:00').getTime());
    assert.equal(spans.length, 5);
    assert.deepEqual(spans.map(([a]) => new Date(a).toISOString().slice(11, 16)), ['01:00', '01:00', '01:00', '01:00', '01:00']);
  });
});

describe('SLA clock: properties over random calendars, instants and pauses', () => {
  const period = fc.tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 48 })).map(([a, len]) => {
    const hhmm = (halfHours: number) => `${String(Math.floor((halfHours % 48) / 2)).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;
    return { from: hhmm(a), to: hhmm(a + Math.min(len, 47)) };
  });
  const calendar = fc.record({
    timezone: fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'UTC'),
    week: fc.array(fc.array(period, { maxLength: 2 }), { minLength: 7, maxLength: 7 }),
    days: fc.constant(CHINA_PUBLIC_HOLIDAYS.slice()),
  });
  const instant = fc.integer({ min: Date.parse('2025-12-01T00:00:00Z'), max: Date.parse('2027-01-31T00:00:00Z') });
  const pauses = fc.array(fc.tuple(instant, fc.integer({ min: 1, max: 5 * 24 * 60 })).map(([a, mins]): Pause => ({ from: new Date(a), to: new Date(a + mins * M) })), { maxLength: 3 });

  test('working time adds up over a split, and never exceeds the elapsed time', () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, pauses, (cal, x, y, z, ps) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q).map((t) => new Date(t));
        const whole = workingMs(cal, a, c, ps);
        assert.equal(whole, workingMs(cal, a, b, ps) + workingMs(cal, b, c, ps));
        assert.ok(whole <= c.getTime() - a.getTime());
      }),
      { numRuns: 150, seed: 20261203 },
    );
  });

  test('the due time is exactly where the working time used reaches the target', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 80 * 60 }), pauses, (cal, start, minutes, ps) => {
        const from = new Date(start);
        const due = addWorkingTime(cal, from, minutes * M, ps);
        if (due === null) return;
        assert.equal(workingMs(cal, from, due, ps), minutes * M);
        if (minutes > 0) assert.ok(workingMs(cal, from, new Date(due.getTime() - 1), ps) < minutes * M, 'not reached a moment earlier');
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe('SLA state: due, remaining, breached, paused, reminders', () => {
  const target = { startedAt: bj('2026-03-10T10:00:00'), targetMs: 4 * H, pauses: [] as Pause[] };

  test('running: due, remaining and the share used', () => {
    const s = slaState(noHolidays, target, bj('2026-03-10T13:00:00'));
    assert.equal(iso(s.dueAt), iso(bj('2026-03-10T14:00:00')));
    assert.deepEqual([s.usedMs, s.remainingMs, s.share, s.breached, s.paused, s.met], [3 * H, 1 * H, 0.75, false, false, false]);
  });

  test('overdue at the due moment itself; overnight the clock stands still but it stays breached', () => {
    assert.equal(slaState(noHolidays, target, bj('2026-03-10T14:00:00')).breached, true);
    const night = slaState(noHolidays, target, bj('2026-03-10T23:00:00'));
    assert.deepEqual([night.breached, night.usedMs, night.remainingMs], [true, 8 * H, -4 * H]);
  });

  test('met on time, or late', () => {
    assert.equal(slaState(noHolidays, { ...target, metAt: bj('2026-03-10T14:00:00') }, bj('2026-03-11T10:00:00')).breached, false);
    const late = slaState(noHolidays, { ...target, metAt: bj('2026-03-10T15:00:00') }, bj('2026-03-11T10:00:00'));
    assert.deepEqual([late.met, late.breached, late.usedMs], [true, true, 5 * H]);
  });

  test('paused: no due time and the clock stands still; after the pause the due time moves by it', () => {
    const pending = { ...target, pauses: [{ from: bj('2026-03-10T11:00:00'), to: null }] };
    const s = slaState(noHolidays, pending, bj('2026-03-10T16:00:00'));
    assert.deepEqual([s.paused, s.dueAt, s.usedMs, s.breached], [true, null, 1 * H, false]);
    const resumed = { ...target, pauses: [{ from: bj('2026-03-10T11:00:00'), to: bj('2026-03-11T10:00:00') }] };
    const after = slaState(noHolidays, resumed, bj('2026-03-11T10:30:00'));
    assert.equal(after.paused, false);
    assert.equal(iso(after.dueAt), iso(bj('2026-03-11T13:00:00')));
  });

  test('a reminder at 80 % of the time falls at 80 % of the working time', () => {
    assert.equal(iso(reminderAt(noHolidays, { startedAt: bj('2026-03-13T17:00:00'), targetMs: 5 * H, pauses: [] }, 0.8)), iso(bj('2026-03-16T12:00:00')));
    assert.throws(() => reminderAt(noHolidays, target, 0), RangeError);
  });
});

describe('SLA escalation: levels past the due time, by the same clock', () => {
  const levels = [
    { level: 1, afterMs: 0, notify: 'team_lead' as const },
    { level: 2, afterMs: 8 * H, notify: 'supervisor' as const },
  ];
  // Opened on Friday 13 February 2026 at 15:00 with 8 working hours to resolve it.
  const target = { startedAt: bj('2026-02-13T15:00:00'), targetMs: 8 * H, pauses: [] as Pause[] };

  test('reminder, due and both levels across the 2026 Spring Festival', () => {
    assert.equal(iso(reminderAt(ops, target, 0.8)), iso(bj('2026-02-14T12:24:00')), '3 h on Friday, 3.4 h on the make-up Saturday');
    assert.equal(iso(slaState(ops, target, bj('2026-02-14T12:00:00')).dueAt), iso(bj('2026-02-14T14:00:00')));
    const times = escalationTimes(ops, target, levels);
    assert.deepEqual(times.map((t) => [t.level, t.notify, iso(t.at)]), [
      [1, 'team_lead', iso(bj('2026-02-14T14:00:00'))],
      // 4 h left on the Saturday, then nine days off, then 4 h on Tuesday the 24th.
      [2, 'supervisor', iso(bj('2026-02-24T13:00:00'))],
    ]);
    assert.equal(escalationLevelAt(ops, target, levels, bj('2026-02-14T13:59:00')), 0);
    assert.equal(escalationLevelAt(ops, target, levels, bj('2026-02-20T10:00:00')), 1, 'the holiday holds level 2 back');
    assert.equal(escalationLevelAt(ops, target, levels, bj('2026-02-24T13:00:00')), 2);
  });

  test('met in time, nothing escalates; a pause moves every level', () => {
    assert.equal(escalationLevelAt(ops, { ...target, metAt: bj('2026-02-14T10:00:00') }, levels, bj('2026-03-01T10:00:00')), 0);
    assert.equal(escalationLevelAt(ops, { ...target, metAt: bj('2026-02-14T15:00:00') }, levels, bj('2026-03-01T10:00:00')), 1);
    const paused = { ...target, pauses: [{ from: bj('2026-02-13T16:00:00'), to: bj('2026-02-24T09:00:00') }] };
    // 1 h on Friday before the pause; 7 h from Tuesday 09:00: due 16:00; level 2 on Wednesday 15:00.
    assert.deepEqual(escalationTimes(ops, paused, levels).map((t) => iso(t.at)), [iso(bj('2026-02-24T16:00:00')), iso(bj('2026-02-25T15:00:00'))]);
  });
});
