import type { OrderStatus } from './orders.tables.ts';

/**
 * The order's state machine. An order counts as paid (for spend, order count, tiers) in paid,
 * shipped and completed; a refund or a close takes it out. A status a source sends that is not a
 * step forward from the stored one (a late webhook saying "paid" about a shipped order) is not
 * applied: the stored status stays.
 */
export const ORDER_STATUSES = ['unpaid', 'paid', 'shipped', 'completed', 'refunded', 'closed'] as const satisfies readonly OrderStatus[];

export const PAID_STATUSES: readonly OrderStatus[] = ['paid', 'shipped', 'completed'];

const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  unpaid: ['paid', 'shipped', 'completed', 'closed'],
  paid: ['shipped', 'completed', 'refunded', 'closed'],
  shipped: ['completed', 'refunded', 'closed'],
  completed: ['refunded', 'closed'],
  refunded: ['closed'],
  closed: [],
};

export function isPaid(status: OrderStatus | null | undefined): boolean {
  return status != null && PAID_STATUSES.includes(status);
}

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export type OrderEventType = 'order.paid' | 'order.refunded' | 'order.closed';

/** What a change of status (from null: a new order) means to the rest of the product. */
export function eventsOfTransition(from: OrderStatus | null, to: OrderStatus): OrderEventType[] {
  if (from === to) return [];
  const events: OrderEventType[] = [];
  if (!isPaid(from) && isPaid(to)) events.push('order.paid');
  if (to === 'refunded') events.push('order.refunded');
  if (to === 'closed') events.push('order.closed');
  return events;
}

/** The timestamp column that records when an order reached a status. */
export const STATUS_TIME: Record<Exclude<OrderStatus, 'unpaid'>, 'paid_at' | 'shipped_at' | 'completed_at' | 'refunded_at' | 'closed_at'> = {
  paid: 'paid_at',
  shipped: 'shipped_at',
  completed: 'completed_at',
  refunded: 'refunded_at',
  closed: 'closed_at',
};
