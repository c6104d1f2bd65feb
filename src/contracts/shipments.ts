import { z } from 'zod';
import { IsoDate, Text } from './common.ts';

/** Shipments (发货与物流): the parcels an order went out in. */
export const ShipmentStatus = z.enum(['shipped', 'in_transit', 'delivered', 'returned']).describe('已发货 运输中 已签收 已退回');

export const Shipment = z.object({
  id: z.string(),
  orderId: z.string(),
  courier: z.string().describe('顺丰速运, 中通快递 …'),
  trackingNumber: z.string().describe('the waybill number (运单号)'),
  status: ShipmentStatus,
  shippedAt: IsoDate,
  deliveredAt: IsoDate.nullable(),
}).meta({ id: 'Shipment' });

export const ShipmentCreate = z.strictObject({
  courier: Text(40),
  trackingNumber: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, 'letters, digits and dashes, 6 to 40'),
  shippedAt: z.iso.datetime({ offset: true }).optional().describe('default: now'),
}).meta({ id: 'ShipmentCreate' });

export const ShipmentUpdate = z.strictObject({
  status: ShipmentStatus,
}).meta({ id: 'ShipmentUpdate' });

export const ShipmentList = z.object({ items: z.array(Shipment) }).meta({ id: 'ShipmentList' });
