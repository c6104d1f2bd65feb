import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as R from '../../../contracts/routing.ts';
import { errorResponses } from '../../../contracts/common.ts';
import { getWallboard } from './wallboard.service.ts';

const tags = ['routing'];

/** The dispatcher's wallboard (调度大屏): live queues, waits and agents per team. */
export function wallboardRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/routing/wallboard', {
      config: { access: 'routing.monitor' },
      schema: { tags, summary: 'Queues, longest waits, agents by status, today’s first-response time and the conversations about to miss it, per team', response: { 200: R.Wallboard, ...errorResponses } },
    }, async (req) => getWallboard(req.ctx()));
  };
}
