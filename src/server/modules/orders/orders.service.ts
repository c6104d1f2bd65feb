import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { presentRecentOrder, type OrderLineRow, type RecentOrder } from './orders.presenters.ts';

/** Lines listed per order; the rest are only counted (an imported order may have a hundred). */
const LINES_SHOWN = 10;

/** A customer's latest orders, any status, newest placed first, each with its first lines. */
export async function recentOrdersOf(ctx: Ctx, customerId: string, limit = 5): Promise<RecentOrder[]> {
  const orders = await ctx.db
    .selectFrom('orders')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .orderBy('placed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (orders.length === 0) return [];
  const lines = await ctx.db
    .selectFrom('order_items')
    .select(['order_id', 'name', 'sku', 'quantity', 'id', sql<string>`count(*) over (partition by order_id)`.as('line_count')])
    .where('account_id', '=', ctx.accountId)
    .where('order_id', 'in', orders.map((o) => o.id))
    .orderBy('order_id')
    .orderBy('id')
    .execute();
  const byOrder = new Map<string, { lines: OrderLineRow[]; count: number }>();
  for (const l of lines) {
    const entry = byOrder.get(l.order_id) ?? { lines: [], count: Number(l.line_count) };
    if (entry.lines.length < LINES_SHOWN) entry.lines.push(l);
    byOrder.set(l.order_id, entry);
  }
  return orders.map((o) => presentRecentOrder(o, byOrder.get(o.id)?.lines ?? [], byOrder.get(o.id)?.count ?? 0));
}
