import { onEvents, outboxCommitted, type OutboxEvent } from '../../../platform/events.ts';
import { evaluateTiers } from './tiers.evaluate.ts';
import { ensureLoyalty } from './tiers.service.ts';

/** The paid orders of a batch, per account: { customerId, orderId } in order of emission. */
export function paidOrdersByAccount(events: OutboxEvent[]): Map<string, Array<{ customerId: string; orderId: string; paidTotal: string }>> {
  const out = new Map<string, Array<{ customerId: string; orderId: string; paidTotal: string }>>();
  for (const e of events) {
    const { customerId, orderId, paidTotal } = e.payload as { customerId?: unknown; orderId?: unknown; paidTotal?: unknown };
    if (typeof customerId !== 'string' || typeof orderId !== 'string') continue;
    const list = out.get(e.accountId) ?? [];
    list.push({ customerId, orderId, paidTotal: String(paidTotal ?? '0') });
    out.set(e.accountId, list);
  }
  return out;
}

/**
 * A customer moves up the moment a qualifying order is paid (the orders flow has counted it in
 * their spend and order count by then). One statement per account and batch; an event applied
 * twice finds the customer already there and changes nothing.
 */
export function registerTierEventHandlers(): void {
  onEvents('order.paid', 'loyalty.tiers', async (events, { db, clock }) => {
    const now = clock.now();
    let moved = 0;
    for (const [accountId, orders] of paidOrdersByAccount(events)) {
      await ensureLoyalty(db, accountId, now);
      moved += (await evaluateTiers(db, accountId, { orders }, { mode: 'upgrade', reason: 'order_paid', now })).moved;
    }
    if (moved) outboxCommitted();
  });
}
