import { sql } from 'kysely';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { recordCustomerEvents } from '../timeline.service.ts';
import type { ConsentChannel, ConsentSource, ConsentStatus } from './consent.tables.ts';
import { windowOpenUntil } from './contact-window.ts';

export type ConsentInput = { channel: ConsentChannel; status: ConsentStatus; source: ConsentSource; note?: string };

/** The customer, or 404: consent and contact start from it. */
export async function assertCustomer(ctx: Ctx, customerId: string) {
  const row = await ctx.db.selectFrom('customers').select(['id', 'erased_at', 'email', 'phone']).where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('customer');
  return row;
}

/** Every consent change of the customer, newest first, with the member who recorded it. */
async function consentHistory(ctx: Ctx, customerId: string) {
  const rows = await ctx.db
    .selectFrom('customer_consents as cc')
    .leftJoin('users as u', (j) => j.onRef('u.account_id', '=', 'cc.account_id').onRef('u.id', '=', 'cc.actor_id'))
    .select(['cc.channel', 'cc.status', 'cc.source', 'cc.note', 'cc.actor_id', 'u.name as actor_name', 'cc.occurred_at'])
    .where('cc.account_id', '=', ctx.accountId)
    .where('cc.customer_id', '=', customerId)
    .orderBy('cc.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    channel: r.channel,
    status: r.status,
    source: r.source,
    note: r.note,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? r.actor_id } : null,
    occurredAt: r.occurred_at.toISOString(),
  }));
}

/** The customer's current choice on a channel: the latest change, or null when they never said. */
export async function currentConsent(ctx: Ctx, customerId: string, channel: ConsentChannel): Promise<ConsentStatus | null> {
  const row = await ctx.db
    .selectFrom('customer_consents')
    .select('status')
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .where('channel', '=', channel)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.status ?? null;
}

/**
 * The later of the customer's last order and the last message they sent: a conversation the team
 * started and the customer never answered does not open the window again.
 */
export async function lastContactAt(ctx: Ctx, customerId: string): Promise<Date | null> {
  const { rows } = await sql<{ at: Date | string | null }>`
    select greatest(
      (select max(o.placed_at) from orders o where o.account_id = ${ctx.accountId} and o.customer_id = ${customerId}),
      (select max(m.created_at) from conversations c join messages m on m.account_id = c.account_id and m.conversation_id = c.id
        where c.account_id = ${ctx.accountId} and c.customer_id = ${customerId} and m.sender_type = 'customer')
    ) as at`.execute(ctx.db);
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

export async function loadConsents(ctx: Ctx, customerId: string) {
  await assertCustomer(ctx, customerId);
  const history = await consentHistory(ctx, customerId);
  const current = [...new Map([...history].reverse().map((h) => [h.channel, h])).values()];
  const last = await lastContactAt(ctx, customerId);
  const until = windowOpenUntil(last);
  return { customerId, current, history, window: { lastContactAt: last?.toISOString() ?? null, openUntil: until?.toISOString() ?? null } };
}

/** Records opt-ins and opt-outs (history kept), each also on the customer's timeline as consent.changed. */
export async function changeConsents(ctx: Ctx, customerId: string, changes: ConsentInput[]) {
  await inTransaction(ctx, async (ctx) => {
    await assertCustomer(ctx, customerId);
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('customer_consents')
      .values(changes.map((c) => ({ account_id: ctx.accountId, customer_id: customerId, channel: c.channel, status: c.status, source: c.source, note: c.note ?? null, actor_id: ctx.actor.id, occurred_at: now })))
      .execute();
    await recordCustomerEvents(
      ctx.db,
      changes.map((c) => ({ accountId: ctx.accountId, customerId, kind: 'consent.changed', data: { channel: c.channel, status: c.status, source: c.source }, actorId: ctx.actor.id, occurredAt: now })),
    );
  });
  return loadConsents(ctx, customerId);
}

