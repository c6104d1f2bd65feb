import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { fenToYuan, type NormalizedOrder } from './orders.normalize.ts';
import type { OrderPlatform, OrderStatus } from './orders.tables.ts';

/**
 * The set-based statements of the ingest: each writes a whole batch from parallel arrays through
 * unnest, so a batch costs a handful of round trips however many orders it holds.
 */
export type StoredOrder = {
  id: string;
  platform: OrderPlatform;
  platform_order_id: string;
  customer_id: string;
  status: OrderStatus;
  paid_total: string;
  placed_at: Date;
  ingest_hash: string | null;
  paid_at: Date | null;
  shipped_at: Date | null;
  completed_at: Date | null;
  refunded_at: Date | null;
  closed_at: Date | null;
};

/** The row as it will be stored: the source's order with the status and times the ingest settled on. */
export type OrderRow = {
  id: string;
  customerId: string;
  order: NormalizedOrder;
  status: OrderStatus;
  times: Record<'paid_at' | 'shipped_at' | 'completed_at' | 'refunded_at' | 'closed_at', Date | null>;
};

/** The stored orders of the batch, locked until the transaction ends. */
export async function loadStoredOrders(ctx: Ctx, orders: NormalizedOrder[]): Promise<Map<string, StoredOrder>> {
  const result = await sql<StoredOrder>`
    select o.id, o.platform, o.platform_order_id, o.customer_id, o.status, o.paid_total, o.placed_at, o.ingest_hash,
      o.paid_at, o.shipped_at, o.completed_at, o.refunded_at, o.closed_at
    from orders o
    join unnest(${orders.map((o) => o.platform)}::text[], ${orders.map((o) => o.platformOrderId)}::text[]) as k(platform, pid)
      on o.platform = k.platform and o.platform_order_id = k.pid
    where o.account_id = ${ctx.accountId}
    for update of o`.execute(ctx.db);
  return new Map(result.rows.map((r) => [orderKey(r.platform, r.platform_order_id), r]));
}

export const orderKey = (platform: string, platformOrderId: string) => `${platform}|${platformOrderId}`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function orderArrays(rows: OrderRow[]) {
  const col = <T>(f: (r: OrderRow) => T) => rows.map(f);
  return sql`unnest(
    ${col((r) => r.id)}::text[], ${col((r) => r.customerId)}::text[], ${col((r) => r.order.platform)}::text[], ${col((r) => r.order.platformOrderId)}::text[],
    ${col((r) => r.status)}::text[], ${col((r) => r.order.currency)}::text[],
    ${col((r) => fenToYuan(r.order.itemTotalFen))}::text[], ${col((r) => fenToYuan(r.order.discountTotalFen))}::text[],
    ${col((r) => fenToYuan(r.order.shippingFeeFen))}::text[], ${col((r) => fenToYuan(r.order.paidTotalFen))}::text[],
    ${col((r) => r.order.placedAt.toISOString())}::text[], ${col((r) => iso(r.times.paid_at))}::text[], ${col((r) => iso(r.times.shipped_at))}::text[],
    ${col((r) => iso(r.times.completed_at))}::text[], ${col((r) => iso(r.times.refunded_at))}::text[], ${col((r) => iso(r.times.closed_at))}::text[],
    ${col((r) => r.order.province)}::text[], ${col((r) => r.order.city)}::text[], ${col((r) => r.order.hash)}::text[]
  ) as u(id, customer_id, platform, platform_order_id, status, currency, item_total, discount_total, shipping_fee, paid_total,
    placed_at, paid_at, shipped_at, completed_at, refunded_at, closed_at, province, city, ingest_hash)`;
}

export async function insertOrders(ctx: Ctx, rows: OrderRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into orders (account_id, id, customer_id, platform, platform_order_id, status, currency, item_total, discount_total, shipping_fee,
      paid_total, placed_at, paid_at, shipped_at, completed_at, refunded_at, closed_at, province, city, ingest_hash, created_at, updated_at)
    select ${ctx.accountId}, u.id, u.customer_id, u.platform, u.platform_order_id, u.status, u.currency, u.item_total::numeric, u.discount_total::numeric,
      u.shipping_fee::numeric, u.paid_total::numeric, u.placed_at::timestamptz, u.paid_at::timestamptz, u.shipped_at::timestamptz,
      u.completed_at::timestamptz, u.refunded_at::timestamptz, u.closed_at::timestamptz, u.province, u.city, u.ingest_hash, ${now}, ${now}
    from ${orderArrays(rows)}`.execute(ctx.db);
}

export async function updateOrders(ctx: Ctx, rows: OrderRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update orders set status = u.status, currency = u.currency, item_total = u.item_total::numeric, discount_total = u.discount_total::numeric,
      shipping_fee = u.shipping_fee::numeric, paid_total = u.paid_total::numeric, placed_at = u.placed_at::timestamptz,
      paid_at = u.paid_at::timestamptz, shipped_at = u.shipped_at::timestamptz, completed_at = u.completed_at::timestamptz,
      refunded_at = u.refunded_at::timestamptz, closed_at = u.closed_at::timestamptz, province = u.province, city = u.city,
      ingest_hash = u.ingest_hash, updated_at = ${now}
    from ${orderArrays(rows)}
    where orders.account_id = ${ctx.accountId} and orders.id = u.id`.execute(ctx.db);
}

/** The lines of new and changed orders; a changed order's old lines go first. Lines match products by sku. */
export async function replaceItems(ctx: Ctx, rows: OrderRow[], changedIds: string[]): Promise<void> {
  if (changedIds.length) await ctx.db.deleteFrom('order_items').where('account_id', '=', ctx.accountId).where('order_id', 'in', changedIds).execute();
  const lines = rows.flatMap((r) => r.order.items.map((item) => ({ orderId: r.id, item })));
  if (lines.length === 0) return;
  const col = <T>(f: (l: (typeof lines)[number]) => T) => lines.map(f);
  await sql`
    insert into order_items (account_id, id, order_id, product_id, sku, name, quantity, unit_price, discount, line_total)
    select ${ctx.accountId}, u.id, u.order_id, p.id, u.sku, u.name, u.quantity, u.unit_price::numeric, u.discount::numeric, u.line_total::numeric
    from unnest(${col(() => newId('oit'))}::text[], ${col((l) => l.orderId)}::text[], ${col((l) => l.item.sku)}::text[], ${col((l) => l.item.name)}::text[],
      ${col((l) => l.item.quantity)}::int[], ${col((l) => fenToYuan(l.item.unitPriceFen))}::text[], ${col((l) => fenToYuan(l.item.discountFen))}::text[],
      ${col((l) => fenToYuan(l.item.lineTotalFen))}::text[]) with ordinality as u(id, order_id, sku, name, quantity, unit_price, discount, line_total, n)
    left join products p on p.account_id = ${ctx.accountId} and p.sku = u.sku
    order by u.n`.execute(ctx.db);
}


export type AddedSpend = { customerId: string; spendFen: number; orders: number; lastOrderAt: Date };

/** Orders that became paid, added to their customers' spend, count and last order. */
export async function addToCustomers(ctx: Ctx, added: AddedSpend[], now: Date): Promise<void> {
  if (added.length === 0) return;
  // The figures' rows (migration 0024), locked in id order first: batches of different buyers may share a customer.
  await sql`
    with locked as (select s.customer_id from customer_stats s where s.account_id = ${ctx.accountId} and s.customer_id = any(${added.map((a) => a.customerId)}::text[]) order by s.customer_id for update)
    update customer_stats s set lifetime_spend = s.lifetime_spend + u.spend::numeric, order_count = s.order_count + u.n,
      last_order_at = greatest(s.last_order_at, u.last::timestamptz)
    from unnest(${added.map((a) => a.customerId)}::text[], ${added.map((a) => fenToYuan(a.spendFen))}::text[], ${added.map((a) => a.orders)}::int[],
      ${added.map((a) => a.lastOrderAt.toISOString())}::text[]) as u(id, spend, n, last)
    where s.account_id = ${ctx.accountId} and s.customer_id = u.id and s.customer_id in (select customer_id from locked)`.execute(ctx.db);
}
