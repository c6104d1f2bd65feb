import type { Db } from '../../db/database.ts';

/** One thing that happened with a customer, for their timeline (see migrations/0009_customer_timeline.sql). */
export type CustomerEvent = {
  accountId: string;
  customerId: string;
  /** `<subject>.<verb>`: order.paid, tier.changed, points.earned, key_account.visit, customer.merged … */
  kind: string;
  data?: Record<string, unknown>;
  actorId?: string | null;
  occurredAt: Date;
};

/** Records events on customers' timelines, in the caller's transaction (so they commit with the change). */
export async function recordCustomerEvents(db: Db, events: CustomerEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('customer_events')
    .values(events.map((e) => ({ account_id: e.accountId, customer_id: e.customerId, kind: e.kind, data: JSON.stringify(e.data ?? {}), actor_id: e.actorId ?? null, occurred_at: e.occurredAt })))
    .execute();
}
