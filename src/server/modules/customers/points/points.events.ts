import { onEvents } from '../../../platform/events.ts';
import { paidOrdersByAccount } from '../tiers/tiers.events.ts';
import { earnForPaidOrders, reverseForRefundedOrder } from './points.earn.ts';

/**
 * Points follow the orders flow's events. order.paid is handled after the tier handler (registered
 * after it), so the order earns at the tier it may just have reached.
 */
export function registerPointsEventHandlers(): void {
  onEvents('order.paid', 'loyalty.points', async (events, { db, clock }) => {
    for (const [accountId, orders] of paidOrdersByAccount(events)) await earnForPaidOrders(db, accountId, orders, clock.now());
  });
  // A paid order that is refunded, or closed after all, gives back what is left of its points.
  for (const type of ['order.refunded', 'order.closed']) {
    onEvents(type, 'loyalty.points', async (events, { db, clock }) => {
      for (const e of events) {
        const orderId = e.payload.orderId;
        if (typeof orderId === 'string') await reverseForRefundedOrder(db, e.accountId, orderId, clock.now());
      }
    });
  }
}
