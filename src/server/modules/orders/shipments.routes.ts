import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as S from '../../../contracts/shipments.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import './shipments.errors.ts';
import { listShipments, recordShipment, updateShipmentStatus } from './shipments.service.ts';

const tags = ['orders'];

/** Shipments (发货与物流): the waybills an order went out with, and where each parcel is. */
export function shipmentsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/orders/:id/shipments', { config: { access: 'customers.read' }, schema: { tags, summary: 'An order’s parcels, latest first', params: IdParams, response: { 200: S.ShipmentList, ...errorResponses } } }, async (req) => {
      return { items: await listShipments(req.ctx(), req.params.id) };
    });

    r.post('/orders/:id/shipments', { config: { access: 'orders.import' }, schema: { tags, summary: 'Record a parcel (courier and waybill) of a paid order: 201 recorded, 200 the same waybill was recorded before; the first marks the order shipped', params: IdParams, body: S.ShipmentCreate, response: { 200: z.object({ shipment: S.Shipment }), 201: z.object({ shipment: S.Shipment }), ...errorResponses } } }, async (req, reply) => {
      const { shipment, created } = await recordShipment(req.ctx(), req.params.id, req.body);
      return reply.status(created ? 201 : 200).send({ shipment });
    });

    r.patch('/shipments/:id', { config: { access: 'orders.import' }, schema: { tags, summary: 'Where the parcel is: in transit, delivered (signed for) or returned', params: IdParams, body: S.ShipmentUpdate, response: { 200: z.object({ shipment: S.Shipment }), ...errorResponses } } }, async (req) => {
      return { shipment: await updateShipmentStatus(req.ctx(), req.params.id, req.body.status) };
    });
  };
}
