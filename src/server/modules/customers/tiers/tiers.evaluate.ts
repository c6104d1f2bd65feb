import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { TierChangeReason } from './tiers.tables.ts';

/**
 * upgrade: a customer only moves up (or out of a tier that no longer exists): a paid order, or new
 * thresholds. review: the yearly review also moves down the customers whose tier says 'yearly'.
 */
export type EvaluationMode = 'upgrade' | 'review';

/**
 * Whom to evaluate: the customers of some paid orders, or a chunk of all customers by id: the next
 * `limit` after afterId, or, with upToId, every customer after afterId up to and including upToId.
 */
export type EvaluationScope = { orders: Array<{ customerId: string; orderId: string }> } | { afterId: string | null; limit: number; upToId?: string };

export type EvaluationResult = { scanned: number; moved: number; lastId: string | null };

const DAY_MS = 86_400_000;

/** Orders paid since then count for tiers whose spend basis is the last 12 months. */
export function twelveMonthsBefore(now: Date): Date {
  return new Date(now.getTime() - 365 * DAY_MS);
}

function chunkOf(accountId: string, scope: EvaluationScope) {
  if ('orders' in scope) {
    const ids = [...new Set(scope.orders.map((o) => o.customerId))];
    return sql`select customer_id as id, tier, lifetime_spend, order_count from customer_stats where account_id = ${accountId} and customer_id = any(${ids}::text[])`;
  }
  // The figures' own table, in its key's order (migration 0024): a chunk is one range of its primary key.
  const after = scope.afterId === null ? sql`` : sql`and customer_id > ${scope.afterId}`;
  if (scope.upToId !== undefined) return sql`select customer_id as id, tier, lifetime_spend, order_count from customer_stats where account_id = ${accountId} ${after} and customer_id <= ${scope.upToId}`;
  return sql`select customer_id as id, tier, lifetime_spend, order_count from customer_stats where account_id = ${accountId} ${after} order by customer_id limit ${scope.limit}`;
}

/** The order that moved each customer (the last one given for them), for the history and the timeline. */
function ordersOf(scope: EvaluationScope): { customerIds: string[]; orderIds: string[] } {
  const last = new Map<string, string>();
  if ('orders' in scope) for (const o of scope.orders) last.set(o.customerId, o.orderId);
  return { customerIds: [...last.keys()], orderIds: [...last.values()] };
}

async function usesRecentSpend(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('loyalty_tiers').select('key').where('account_id', '=', accountId).where('spend_basis', '=', 'last_12_months').executeTakeFirst();
  return Boolean(row);
}

function recentSpend(accountId: string, since: Date | null) {
  if (!since) return sql`select null::text as customer_id, 0::numeric as spend, 0::bigint as orders where false`;
  return sql`
    select o.customer_id, sum(o.paid_total) as spend, count(*) as orders
    from orders o
    where o.account_id = ${accountId} and o.customer_id in (select id from chunk)
      and o.status in ('paid', 'shipped', 'completed') and o.paid_at >= ${since}
    group by o.customer_id`;
}

/**
 * A paid order's move is announced customer by customer (customer.tier_changed); a pass over all
 * customers announces each chunk once (customer.tiers_reevaluated, with how many moved), so a
 * threshold change does not flood the outbox with a million events. History and timeline keep every move.
 */
function changeEvents(accountId: string, scope: EvaluationScope, reason: TierChangeReason) {
  if ('orders' in scope) {
    return sql`
      insert into outbox (account_id, type, payload)
      select ${accountId}, 'customer.tier_changed', jsonb_build_object('customerId', m.id, 'from', m.from_tier, 'to', m.to_tier, 'reason', ${reason}::text, 'orderId', o.order_id)
      from moved m left join order_of o on o.customer_id = m.id`;
  }
  return sql`
    insert into outbox (account_id, type, payload)
    select ${accountId}, 'customer.tiers_reevaluated', jsonb_build_object('reason', ${reason}::text, 'moved', count(*))
    from moved having count(*) > 0`;
}

/**
 * Puts each customer in scope in the highest tier they qualify for, as the mode allows, in one
 * statement: the customers' tier, a history row and a timeline entry for each who moved, and a
 * customer.tier_changed event. A customer whose tier changed meanwhile is left for the next pass.
 */
export async function evaluateTiers(db: Db, accountId: string, scope: EvaluationScope, opts: { mode: EvaluationMode; reason: TierChangeReason; now: Date }): Promise<EvaluationResult> {
  const { now, mode, reason } = opts;
  const since = (await usesRecentSpend(db, accountId)) ? twelveMonthsBefore(now) : null;
  const orders = ordersOf(scope);
  const { rows } = await sql<{ scanned: number; moved: number; last_id: string | null }>`
    with chunk as (${chunkOf(accountId, scope)}),
    recent as (${recentSpend(accountId, since)}),
    order_of as (select * from unnest(${orders.customerIds}::text[], ${orders.orderIds}::text[]) as x(customer_id, order_id)),
    evaluated as (
      select c.id, c.tier as from_tier, cur.rank as cur_rank, cur.downgrade_policy as cur_policy, q.key as q_key, q.rank as q_rank
      from chunk c
      left join recent r on r.customer_id = c.id
      left join loyalty_tiers cur on cur.account_id = ${accountId} and cur.key = c.tier
      left join lateral (
        select t.key, t.rank
        from loyalty_tiers t
        cross join lateral (
          select case when t.spend_basis = 'lifetime' then c.lifetime_spend else coalesce(r.spend, 0) end as spend,
                 case when t.spend_basis = 'lifetime' then c.order_count else coalesce(r.orders, 0) end as orders
        ) m
        where t.account_id = ${accountId} and (
          (t.min_spend is null and t.min_orders is null)
          or (t.match = 'any' and (m.spend >= t.min_spend or m.orders >= t.min_orders))
          or (t.match = 'all' and (t.min_spend is null or m.spend >= t.min_spend) and (t.min_orders is null or m.orders >= t.min_orders))
        )
        order by t.rank desc
        limit 1
      ) q on true
    ),
    decided as (
      select id, from_tier, q_key as to_tier from evaluated
      where q_key is not null and q_key <> from_tier
        and (cur_rank is null or q_rank > cur_rank or (${mode}::text = 'review' and cur_policy = 'yearly' and q_rank < cur_rank))
    ),
    moved as (
      update customer_stats c set tier = d.to_tier
      from decided d
      where c.account_id = ${accountId} and c.customer_id = d.id and c.tier = d.from_tier
      returning c.customer_id as id, d.from_tier, d.to_tier
    ),
    history as (
      insert into customer_tier_changes (account_id, customer_id, from_tier, to_tier, reason, order_id, changed_at)
      select ${accountId}, m.id, m.from_tier, m.to_tier, ${reason}::text, o.order_id, ${now}
      from moved m left join order_of o on o.customer_id = m.id
    ),
    timeline as (
      insert into customer_events (account_id, customer_id, kind, data, actor_id, occurred_at)
      select ${accountId}, m.id, 'tier.changed', jsonb_build_object('from', m.from_tier, 'to', m.to_tier, 'reason', ${reason}::text, 'orderId', o.order_id), null, ${now}
      from moved m left join order_of o on o.customer_id = m.id
    ),
    events as (${changeEvents(accountId, scope, reason)})
    select (select count(*) from chunk)::int as scanned, (select count(*) from moved)::int as moved, (select max(id) from chunk) as last_id`.execute(db);
  const row = rows[0];
  return { scanned: Number(row.scanned), moved: Number(row.moved), lastId: row.last_id };
}
