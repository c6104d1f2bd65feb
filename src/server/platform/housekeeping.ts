import type { Db } from '../db/database.ts';

const DAY = 86_400_000;

export const RETENTION_DAYS = { outbox: 7, jobs: 30, scheduleRuns: 30, sessions: 30, loginThrottle: 1 } as const;

/**
 * Deletes what has served its purpose: handled events, finished jobs, old schedule claims,
 * ended sessions and stale sign-in counters. Run daily by the scheduler; returns the counts.
 */
export async function pruneHousekeeping(db: Db, now: Date): Promise<Record<string, number>> {
  const before = (days: number) => new Date(now.getTime() - days * DAY);
  const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  const outbox = await db.deleteFrom('outbox').where('processed_at', '<', before(RETENTION_DAYS.outbox)).executeTakeFirst();
  const jobs = await db.deleteFrom('jobs').where('state', 'in', ['done', 'failed', 'cancelled']).where('finished_at', '<', before(RETENTION_DAYS.jobs)).executeTakeFirst();
  const scheduleRuns = await db.deleteFrom('schedule_runs').where('slot', '<', before(RETENTION_DAYS.scheduleRuns)).executeTakeFirst();
  const sessions = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before(RETENTION_DAYS.sessions)), eb('revoked_at', '<', before(RETENTION_DAYS.sessions))]))
    .executeTakeFirst();
  const loginThrottle = await db
    .deleteFrom('login_throttle')
    .where('updated_at', '<', before(RETENTION_DAYS.loginThrottle))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return { outbox: count(outbox), jobs: count(jobs), scheduleRuns: count(scheduleRuns), sessions: count(sessions), loginThrottle: count(loginThrottle) };
}
