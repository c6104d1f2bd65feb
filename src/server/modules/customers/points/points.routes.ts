import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as L from '../../../../contracts/loyalty.ts';
import { errorResponses, IdParams } from '../../../../contracts/common.ts';
import { createGift, deleteGift, listGifts, updateGift } from './gifts.service.ts';
import { adjustPoints, customerPoints, getPointsSettings, redeemGift, updatePointsSettings } from './points.service.ts';

const tags = ['loyalty'];

/** Points (积分): the rules, the gift catalogue, and each customer's ledger. */
export function pointsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/loyalty/points-settings', { config: { access: 'customers.read' }, schema: { tags, summary: 'How points are earned and how long they last', response: { 200: L.PointsSettingsResponse, ...errorResponses } } }, async (req) => {
      return { settings: await getPointsSettings(req.ctx()) };
    });

    r.patch('/loyalty/points-settings', { config: { access: 'loyalty.manage' }, schema: { tags, summary: 'Change the points per yuan and the validity of earned points (for points earned from now on)', body: L.PointsSettingsPatch, response: { 200: L.PointsSettingsResponse, ...errorResponses } } }, async (req) => {
      return { settings: await updatePointsSettings(req.ctx(), req.body) };
    });

    r.get('/loyalty/gifts', { config: { access: 'customers.read' }, schema: { tags, summary: 'The gifts and coupons points can be redeemed for, cheapest first', response: { 200: L.GiftList, ...errorResponses } } }, async (req) => {
      return { items: await listGifts(req.ctx()) };
    });

    r.post('/loyalty/gifts', { config: { access: 'loyalty.manage' }, schema: { tags, summary: 'Add a gift or coupon to the catalogue', body: L.GiftBody, response: { 201: L.GiftResponse, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ gift: await createGift(req.ctx(), req.body) });
    });

    r.patch('/loyalty/gifts/:id', { config: { access: 'loyalty.manage' }, schema: { tags, summary: 'Change a gift: name, cost, stock, or withdraw it', params: IdParams, body: L.GiftPatch, response: { 200: L.GiftResponse, ...errorResponses } } }, async (req) => {
      return { gift: await updateGift(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/loyalty/gifts/:id', { config: { access: 'loyalty.manage' }, schema: { tags, summary: 'Delete a gift (its past redemptions stay in the ledgers)', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await deleteGift(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    r.get('/customers/:id/points', { config: { access: 'customers.read' }, schema: { tags, summary: 'A customer’s points balance, tier and ledger, newest first, a page at a time', params: IdParams, querystring: L.CustomerPointsQuery, response: { 200: L.CustomerPoints, ...errorResponses } } }, async (req) => {
      return customerPoints(req.ctx(), req.params.id, req.query);
    });

    r.post('/customers/:id/points/adjust', { config: { access: 'loyalty.manage' }, schema: { tags, summary: 'Add or take away points by hand, with a reason (audited); the balance never goes below zero', params: IdParams, body: L.PointsAdjustBody, response: { 200: L.PointsChangeResponse, ...errorResponses } } }, async (req) => {
      return adjustPoints(req.ctx(), req.params.id, req.body);
    });

    r.post('/customers/:id/points/redeem', { config: { access: 'customers.manage' }, schema: { tags, summary: 'Redeem points for a gift or coupon of the catalogue; refused when the balance is short or the gift is out of stock', params: IdParams, body: L.PointsRedeemBody, response: { 200: L.PointsChangeResponse, ...errorResponses } } }, async (req) => {
      return redeemGift(req.ctx(), req.params.id, req.body.giftId);
    });
  };
}
