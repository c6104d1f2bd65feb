import { sql } from 'kysely';
import type { Ctx } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { evaluateTiers } from '../tiers/tiers.evaluate.ts';

/**
 * The moving parts a merge and its undo share, all inside the caller's transaction: locking the two
 * records, moving rows between them by id, and counting again what is kept on the record (spend,
 * orders, points balance, tier).
 */

/** Every table whose rows belong to a customer and go with them in a merge (the key is text or bigint). */
export const MOVABLE = {
  identities: { table: 'customer_identities', key: 'text' },
  visitors: { table: 'visitors', key: 'text' },
  conversations: { table: 'conversations', key: 'text' },
  orders: { table: 'orders', key: 'text' },
  pointsEntries: { table: 'points_entries', key: 'bigint' },
  events: { table: 'customer_events', key: 'bigint' },
  tierChanges: { table: 'customer_tier_changes', key: 'bigint' },
  consents: { table: 'customer_consents', key: 'bigint' },
  visits: { table: 'key_account_visits', key: 'bigint' },
} as const;

export type Movable = keyof typeof MOVABLE;

export type LockedCustomer = {
  id: string;
  name: string | null;
  nickname: string | null;
  gender: string;
  birthday: string | null;
  phone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  source_platform: string | null;
  source_shop: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  tier: string;
  tags: string[];
  attributes: Record<string, unknown> | string;
  account_manager_id: string | null;
  lifetime_spend: string;
  order_count: number;
  merged_into: string | null;
  erased_at: Date | null;
};

/**
 * Both records locked, always in id order, so a merge of (a, b) and one of (b, a) — or an undo —
 * running at once wait for each other instead of deadlocking. Either missing (or another shop's) is a 404.
 */
export async function lockCustomers(ctx: Ctx, ids: [string, string]): Promise<Map<string, LockedCustomer>> {
  const { rows } = await sql<LockedCustomer>`
    select id, name, nickname, gender, birthday::text as birthday, phone, email, province, city, district, source_platform, source_shop,
           first_seen_at, last_seen_at, s.tier, tags, attributes, account_manager_id, s.lifetime_spend::text as lifetime_spend, s.order_count,
           merged_into, erased_at
      from customers c
      join customer_stats s on s.account_id = c.account_id and s.customer_id = c.id
     where c.account_id = ${ctx.accountId} and c.id in (${ids[0]}, ${ids[1]})
     order by c.id
       for update of c`.execute(ctx.db);
  if (rows.length !== 2) throw notFound('customer');
  return new Map(rows.map((r) => [r.id, r]));
}

/** Moves the rows of one kind from one customer to the other (only the named ones, when ids are given); returns the ids moved. */
export async function moveRows(ctx: Ctx, kind: Movable, fromId: string, toId: string, ids?: string[]): Promise<string[]> {
  if (ids && ids.length === 0) return [];
  const { table, key } = MOVABLE[kind];
  const only = ids ? sql`and id = any(${ids}::${sql.raw(key)}[])` : sql``;
  const { rows } = await sql<{ id: string }>`
    update ${sql.table(table)} set customer_id = ${toId}
     where account_id = ${ctx.accountId} and customer_id = ${fromId} ${only}
    returning id::text as id`.execute(ctx.db);
  return rows.map((r) => r.id).sort();
}

/**
 * Each customer's balance is what is left of the points on their own entries: a merge adds the two
 * up; an undo gives each back what is unspent of what they earned (a redemption made after the merge
 * is charged to the lots it used, as the ledger spent them).
 */
export async function recountBalances(ctx: Ctx, customerIds: string[], now: Date): Promise<Map<string, number>> {
  const { rows } = await sql<{ customer_id: string; balance: string }>`
    insert into points_balances (account_id, customer_id, balance, updated_at)
    select ${ctx.accountId}, ids.id, coalesce((
      select sum(p.remaining) from points_entries p
       where p.account_id = ${ctx.accountId} and p.customer_id = ids.id and p.remaining > 0), 0), ${now}
      from unnest(${customerIds}::text[]) as ids(id)
    on conflict (account_id, customer_id) do update set balance = excluded.balance, updated_at = excluded.updated_at
    returning customer_id, balance::text as balance`.execute(ctx.db);
  return new Map(rows.map((r) => [r.customer_id, Number(r.balance)]));
}

/** Locks the customers' balance rows (in id order), as every change to points does first. */
export async function lockBalances(ctx: Ctx, customerIds: string[]): Promise<Map<string, number>> {
  const { rows } = await sql<{ customer_id: string; balance: string }>`
    select customer_id, balance::text as balance from points_balances
     where account_id = ${ctx.accountId} and customer_id = any(${customerIds}::text[])
     order by customer_id for update`.execute(ctx.db);
  return new Map(rows.map((r) => [r.customer_id, Number(r.balance)]));
}

/**
 * Moves the customer up to the tier their (new) spend and orders reach, through the tiers'
 * own evaluation, named after their latest paid order; a customer without one has nothing to reach.
 */
export async function upgradeTier(ctx: Ctx, customerId: string, now: Date): Promise<void> {
  const latest = await ctx.db
    .selectFrom('orders')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .where('status', 'in', ['paid', 'shipped', 'completed'])
    .orderBy('placed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return;
  await evaluateTiers(ctx.db, ctx.accountId, { orders: [{ customerId, orderId: latest.id }] }, { mode: 'upgrade', reason: 'reevaluation', now });
}

/** Puts the customer back in a tier (an undo taking away what the merge brought), kept in the history and on the timeline. */
export async function setTierBack(ctx: Ctx, customerId: string, from: string, to: string, now: Date): Promise<void> {
  const moved = await ctx.db.updateTable('customer_stats').set({ tier: to }).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).where('tier', '=', from).executeTakeFirst();
  if (!Number(moved.numUpdatedRows)) return;
  await ctx.db.insertInto('customer_tier_changes').values({ account_id: ctx.accountId, customer_id: customerId, from_tier: from, to_tier: to, reason: 'reevaluation', order_id: null, changed_at: now }).execute();
  await ctx.db.insertInto('customer_events').values({ account_id: ctx.accountId, customer_id: customerId, kind: 'tier.changed', data: JSON.stringify({ from, to, reason: 'reevaluation' }), actor_id: ctx.actor.id, occurred_at: now }).execute();
}
