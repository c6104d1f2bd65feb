import type { VisitUnit } from './key-accounts.tables.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The date one interval after `from`: N days, N weeks, or N calendar months (the 31st of January
 * plus one month is the last day of February, never a day of March).
 */
export function addInterval(from: Date, n: number, unit: VisitUnit): Date {
  if (unit === 'day') return new Date(from.getTime() + n * DAY_MS);
  if (unit === 'week') return new Date(from.getTime() + n * 7 * DAY_MS);
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** The next visit after one done at `doneAt`: the rhythm counts from the visit actually made. */
export function nextVisitDue(doneAt: Date, every: { n: number; unit: VisitUnit } | null): Date | null {
  return every ? addInterval(doneAt, every.n, every.unit) : null;
}

/** Whether a scheduled visit is late: its due time has passed. */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return dueAt.getTime() < now.getTime();
}
