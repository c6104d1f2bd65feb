import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';

/**
 * Spend, order count and last order of customers, counted again from their paid orders (paid,
 * shipped, completed): right whatever happened to the orders (refunded, re-priced, moved by a merge).
 * They live in customer_stats (migration 0024).
 */
export async function recountOrderAggregates(ctx: Ctx, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`
    update customer_stats c set lifetime_spend = s.spend, order_count = s.n, last_order_at = s.last
    from (
      select ids.id, coalesce(sum(o.paid_total), 0) as spend, count(o.id)::int as n, max(o.placed_at) as last
      from unnest(${customerIds}::text[]) as ids(id)
      left join orders o on o.account_id = ${ctx.accountId} and o.customer_id = ids.id and o.status in ('paid', 'shipped', 'completed')
      group by ids.id
    ) s
    where c.account_id = ${ctx.accountId} and c.customer_id = s.id`.execute(ctx.db);
}
