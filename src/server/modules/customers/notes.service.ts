import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { recordCustomerEvents } from './timeline.service.ts';

export type CustomerNote = { id: string; body: string; authorId: string | null; authorName: string; createdAt: string };

const NOTES_SHOWN = 100;

async function assertCustomer(ctx: Ctx, customerId: string): Promise<void> {
  const row = await ctx.db.selectFrom('customers').select('id').where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('customer');
}

function presentNote(r: { id: string | number; data: unknown; actor_id: string | null; occurred_at: Date }): CustomerNote {
  const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as { body?: string; authorName?: string };
  return { id: String(r.id), body: data.body ?? '', authorId: r.actor_id, authorName: data.authorName ?? '', createdAt: r.occurred_at.toISOString() };
}

/** The customer's notes, newest first: customer.note events, so each is on the timeline too. */
export async function listCustomerNotes(ctx: Ctx, customerId: string): Promise<CustomerNote[]> {
  await assertCustomer(ctx, customerId);
  const rows = await ctx.db
    .selectFrom('customer_events')
    .select(['id', 'data', 'actor_id', 'occurred_at'])
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'customer.note')
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(NOTES_SHOWN)
    .execute();
  return rows.map(presentNote);
}

/** Writes a note on the customer, signed with the author's name as it is now. */
export async function addCustomerNote(ctx: Ctx, customerId: string, body: string): Promise<CustomerNote> {
  return inTransaction(ctx, async (ctx) => {
    await assertCustomer(ctx, customerId);
    await recordCustomerEvents(ctx.db, [{ accountId: ctx.accountId, customerId, kind: 'customer.note', data: { body, authorName: ctx.actor.name }, actorId: ctx.actor.id, occurredAt: ctx.clock.now() }]);
    const row = await ctx.db
      .selectFrom('customer_events')
      .select(['id', 'data', 'actor_id', 'occurred_at'])
      .where('account_id', '=', ctx.accountId)
      .where('customer_id', '=', customerId)
      .where('kind', '=', 'customer.note')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    return presentNote(row);
  });
}
