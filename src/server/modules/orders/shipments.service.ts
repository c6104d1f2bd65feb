import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordCustomerEvents } from '../customers/timeline.service.ts';
import type { ShipmentStatus } from './shipments.tables.ts';

export type Shipment = { id: string; orderId: string; courier: string; trackingNumber: string; status: ShipmentStatus; shippedAt: string; deliveredAt: string | null };

type Row = { id: string; order_id: string; courier: string; tracking_number: string; status: ShipmentStatus; shipped_at: Date; delivered_at: Date | null };

const present = (r: Row): Shipment => ({ id: r.id, orderId: r.order_id, courier: r.courier, trackingNumber: r.tracking_number, status: r.status, shippedAt: r.shipped_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null });

const COLUMNS = ['id', 'order_id', 'courier', 'tracking_number', 'status', 'shipped_at', 'delivered_at'] as const;

/** An order can go out once it is paid; a refunded, closed or unpaid one cannot. */
const SHIPPABLE = new Set(['paid', 'shipped', 'completed']);

export async function listShipments(ctx: Ctx, orderId: string): Promise<Shipment[]> {
  const order = await ctx.db.selectFrom('orders').select('id').where('account_id', '=', ctx.accountId).where('id', '=', orderId).executeTakeFirst();
  if (!order) throw notFound('order');
  const rows = await ctx.db.selectFrom('shipments').select(COLUMNS).where('account_id', '=', ctx.accountId).where('order_id', '=', orderId).orderBy('shipped_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(present);
}

/**
 * Records a parcel of an order (its courier and waybill). The same waybill again for the same order
 * is the same parcel (a retry: nothing changes); on another order it is refused. The first parcel of
 * a paid order marks it shipped; the customer's timeline shows it.
 */
export async function recordShipment(ctx: Ctx, orderId: string, input: { courier: string; trackingNumber: string; shippedAt?: string }): Promise<{ shipment: Shipment; created: boolean }> {
  const trackingNumber = input.trackingNumber.toUpperCase();
  return ctx.db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['id', 'status', 'customer_id', 'platform_order_id'])
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!order) throw notFound('order');
    const taken = await trx.selectFrom('shipments').select(COLUMNS).where('account_id', '=', ctx.accountId).where('courier', '=', input.courier).where('tracking_number', '=', trackingNumber).executeTakeFirst();
    if (taken) {
      if (taken.order_id !== orderId) throw new AppError('shipment_tracking_taken', { field: 'trackingNumber' });
      return { shipment: present(taken), created: false };
    }
    if (!SHIPPABLE.has(order.status)) throw new AppError('shipment_order_not_shippable', { vars: { status: order.status } });
    const now = ctx.clock.now();
    const shippedAt = input.shippedAt ? new Date(input.shippedAt) : now;
    const row = await trx
      .insertInto('shipments')
      .values({ id: newId('shp'), account_id: ctx.accountId, order_id: orderId, courier: input.courier, tracking_number: trackingNumber, shipped_at: shippedAt, created_by: ctx.actor.id ?? null, created_at: now, updated_at: now })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    if (order.status === 'paid') {
      await trx.updateTable('orders').set({ status: 'shipped', shipped_at: shippedAt, updated_at: now }).where('account_id', '=', ctx.accountId).where('id', '=', orderId).execute();
    }
    await recordCustomerEvents(trx, [
      { accountId: ctx.accountId, customerId: order.customer_id, kind: 'order.shipped', data: { orderId, platformOrderId: order.platform_order_id, courier: input.courier, trackingNumber }, actorId: ctx.actor.id ?? null, occurredAt: shippedAt },
    ]);
    return { shipment: present(row), created: true };
  });
}

/** Where a parcel is: in transit, signed for (delivered, with the time), or sent back. */
export async function updateShipmentStatus(ctx: Ctx, shipmentId: string, status: ShipmentStatus): Promise<Shipment> {
  const now = ctx.clock.now();
  const row = await ctx.db
    .updateTable('shipments')
    .set({ status, delivered_at: status === 'delivered' ? now : null, updated_at: now })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', shipmentId)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('shipment');
  return present(row);
}

/** The latest parcel of an order as an agent quotes it: "顺丰速运 SF1234567890". */
export async function trackingOf(db: Db, accountId: string, orderId: string): Promise<string | null> {
  const row = await db.selectFrom('shipments').select(['courier', 'tracking_number']).where('account_id', '=', accountId).where('order_id', '=', orderId).orderBy('shipped_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row ? `${row.courier} ${row.tracking_number}` : null;
}
