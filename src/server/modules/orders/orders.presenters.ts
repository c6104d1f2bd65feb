import type { Selectable } from 'kysely';
import { money } from '../../platform/money.ts';
import type { OrderItemsTable, OrdersTable } from './orders.tables.ts';

export type OrderLineRow = Pick<Selectable<OrderItemsTable>, 'name' | 'sku' | 'quantity'>;

export function presentRecentOrder(o: Selectable<OrdersTable>, lines: OrderLineRow[], lineCount: number) {
  return {
    id: o.id,
    platform: o.platform,
    platformOrderId: o.platform_order_id,
    status: o.status,
    currency: o.currency,
    paidTotal: money(o.paid_total),
    placedAt: o.placed_at.toISOString(),
    items: lines.map((l) => ({ name: l.name, sku: l.sku, quantity: l.quantity })),
    lineCount,
  };
}

export type RecentOrder = ReturnType<typeof presentRecentOrder>;

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function presentOrderSummary(o: Selectable<OrdersTable>, customerName: string | null) {
  return {
    id: o.id,
    customerId: o.customer_id,
    customerName,
    platform: o.platform,
    platformOrderId: o.platform_order_id,
    status: o.status,
    currency: o.currency,
    itemTotal: money(o.item_total),
    discountTotal: money(o.discount_total),
    shippingFee: money(o.shipping_fee),
    paidTotal: money(o.paid_total),
    placedAt: o.placed_at.toISOString(),
    paidAt: isoOrNull(o.paid_at),
    shippedAt: isoOrNull(o.shipped_at),
    completedAt: isoOrNull(o.completed_at),
    refundedAt: isoOrNull(o.refunded_at),
    closedAt: isoOrNull(o.closed_at),
    province: o.province,
    city: o.city,
  };
}

export function presentOrderItem(i: Selectable<OrderItemsTable>) {
  return { id: i.id, productId: i.product_id, sku: i.sku, name: i.name, quantity: i.quantity, unitPrice: money(i.unit_price), discount: money(i.discount), lineTotal: money(i.line_total) };
}
