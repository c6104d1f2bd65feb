import { AppError, notFound } from '../../platform/errors.ts';
import type { Ctx } from '../../platform/context.ts';
import type { OrderPlatform, OrderStatus } from './orders.tables.ts';
import { presentOrderItem, presentOrderSummary } from './orders.presenters.ts';

export type OrdersQuery = {
  customerId?: string;
  status?: OrderStatus;
  platform?: OrderPlatform;
  q?: string;
  placedFrom?: string;
  placedTo?: string;
  cursor?: string;
  limit: number;
};

/** Keyset cursors: the last row's placed time and id, so a page never skips or repeats a row. */
export function encodeCursor(at: Date, id: string): string {
  return `${at.getTime()}.${id}`;
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const dot = cursor.indexOf('.');
  const at = new Date(Number(cursor.slice(0, dot)));
  const id = cursor.slice(dot + 1);
  if (dot < 1 || !id || Number.isNaN(at.getTime())) throw new AppError('cursor_invalid', { field: 'cursor' });
  return { at, id };
}

/** Orders newest placed first, filtered; keyset pages. */
export async function listOrders(ctx: Ctx, query: OrdersQuery) {
  let q = ctx.db
    .selectFrom('orders as o')
    .leftJoin('customers as c', (j) => j.onRef('c.account_id', '=', 'o.account_id').onRef('c.id', '=', 'o.customer_id'))
    .selectAll('o')
    .select('c.name as customer_name')
    .where('o.account_id', '=', ctx.accountId);
  if (query.customerId) q = q.where('o.customer_id', '=', query.customerId);
  if (query.status) q = q.where('o.status', '=', query.status);
  if (query.platform) q = q.where('o.platform', '=', query.platform);
  if (query.q) q = q.where('o.platform_order_id', '=', query.q);
  if (query.placedFrom) q = q.where('o.placed_at', '>=', new Date(query.placedFrom));
  if (query.placedTo) q = q.where('o.placed_at', '<', new Date(query.placedTo));
  if (query.cursor) {
    const { at, id } = decodeCursor(query.cursor);
    q = q.where((eb) => eb.or([eb('o.placed_at', '<', at), eb.and([eb('o.placed_at', '=', at), eb('o.id', '<', id)])]));
  }
  const rows = await q.orderBy('o.placed_at', 'desc').orderBy('o.id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => presentOrderSummary(r, r.customer_name)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.placed_at, last.id) : null,
  };
}

/** One order with all its lines. */
export async function getOrder(ctx: Ctx, id: string) {
  const order = await ctx.db
    .selectFrom('orders as o')
    .leftJoin('customers as c', (j) => j.onRef('c.account_id', '=', 'o.account_id').onRef('c.id', '=', 'o.customer_id'))
    .selectAll('o')
    .select('c.name as customer_name')
    .where('o.account_id', '=', ctx.accountId)
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!order) throw notFound('order');
  const items = await ctx.db.selectFrom('order_items').selectAll().where('account_id', '=', ctx.accountId).where('order_id', '=', id).orderBy('id').execute();
  return { ...presentOrderSummary(order, order.customer_name), items: items.map(presentOrderItem) };
}
