import type { Db } from '../db/database.ts';

const DAY = 86_400_000;

export const RETENTION_DAYS = { outbox: 7, jobs: 30, scheduleRuns: 30, sessions: 30, loginThrottle: 1, webhookDeliveries: 30, unsentUploads: 1, contactViews: 2 } as const;

/**
 * Deletes what has served its purpose: handled events, finished jobs, old schedule claims,
 * ended sessions, stale sign-in counters, finished webhook deliveries and files uploaded but never
 * sent, and the day marks of who saw which contacts (the audit log keeps the record). Run daily by the scheduler; returns the counts. Running it twice deletes nothing more.
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
  const webhookDeliveries = await pruneWebhookDeliveries(db, before(RETENTION_DAYS.webhookDeliveries));
  const unsentUploads = await pruneUnsentUploads(db, before(RETENTION_DAYS.unsentUploads));
  // Only today's marks matter (one audit entry per member, customer and day); older ones are kept a day in case of clock skew between nodes.
  const contactViews = await db.deleteFrom('contact_views').where('day', '<', before(RETENTION_DAYS.contactViews).toISOString().slice(0, 10)).executeTakeFirst();
  return {
    outbox: count(outbox),
    jobs: count(jobs),
    scheduleRuns: count(scheduleRuns),
    sessions: count(sessions),
    loginThrottle: count(loginThrottle),
    webhookDeliveries,
    unsentUploads,
    contactViews: count(contactViews),
  };
}

/**
 * Delivered and failed deliveries made before `cutoff`; pending ones stay whatever their age. A
 * delivery sent again by hand and delivered after `cutoff` stays until its new delivery is as old.
 */
async function pruneWebhookDeliveries(db: Db, cutoff: Date): Promise<number> {
  const r = await db
    .deleteFrom('webhook_deliveries')
    .where('status', '<>', 'pending')
    .where('created_at', '<', cutoff)
    .where((eb) => eb.or([eb('delivered_at', 'is', null), eb('delivered_at', '<', cutoff)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Files uploaded before `cutoff` and never sent with a message: the row and its bytes (which live in
 * it), with its thumbnail. A message claiming one locks it; the delete waits for that lock and then
 * finds it sent, so a file is never taken from under a message being sent.
 */
async function pruneUnsentUploads(db: Db, cutoff: Date): Promise<number> {
  const r = await db.deleteFrom('attachments').where('message_id', 'is', null).where('created_at', '<', cutoff).executeTakeFirst();
  return Number(r.numDeletedRows);
}
