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
