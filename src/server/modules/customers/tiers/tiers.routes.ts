import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as L from '../../../../contracts/loyalty.ts';
import { errorResponses } from '../../../../contracts/common.ts';
import { latestReevaluation, listTiers, replaceTiers, startReevaluation } from './tiers.service.ts';

const tags = ['loyalty'];

/** Membership tiers (会员等级): everyone who reads customers sees them (an agent reads the badge); owners and admins set them. */
export function tiersRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/loyalty/tiers', { config: { access: 'customers.read' }, schema: { tags, summary: 'The account’s membership tiers, lowest first (the four of seed 003 on first use), and the latest re-evaluation of customers against them', response: { 200: L.TierList, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return { items: await listTiers(ctx), reevaluation: await latestReevaluation(ctx) };
    });

    r.put('/loyalty/tiers', { config: { access: 'loyalty.manage' }, schema: { tags, summary: 'Replace the tiers (lowest first: the first is the base tier, without thresholds) and re-evaluate every customer in the background; customers move up, and out of tiers that are gone', body: L.TiersBody, response: { 200: L.TierList, ...errorResponses } } }, async (req) => {
      return replaceTiers(req.ctx(), req.body.tiers);
    });

    r.get('/loyalty/tiers/reevaluation', { config: { access: 'customers.read' }, schema: { tags, summary: 'The latest re-evaluation of tiers, with its progress (null if there was none)', response: { 200: L.MaybeReevaluation, ...errorResponses } } }, async (req) => {
      return { reevaluation: await latestReevaluation(req.ctx()) };
    });

    r.post('/loyalty/tiers/reevaluation', { config: { access: 'loyalty.manage' }, schema: { tags, summary: 'Re-evaluate every customer’s tier now, in the background (joins one already waiting)', response: { 202: L.ReevaluationResponse, ...errorResponses } } }, async (req, reply) => {
      return reply.status(202).send({ reevaluation: await startReevaluation(req.ctx()) });
    });
  };
}
