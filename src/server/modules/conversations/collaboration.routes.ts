import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as C from '../../../contracts/conversations.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { AppError } from '../../platform/errors.ts';
import { listColleagues, listMentions, readMentions, transferConversation } from './collaboration.service.ts';

const tags = ['conversations'];

/** Working together on conversations: who is there, 转接 with a note, and @mentions. */
export function collaborationRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/colleagues', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Active members, for @mentions and transfers', response: { 200: C.ColleagueList, ...errorResponses } } }, async (req) => {
      return { items: await listColleagues(req.ctx()) };
    });

    r.post('/conversations/:id/transfer', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Transfer to a colleague or to a team with a note (转接 / 转给团队); agents transfer their own, leads any; dispatchers use assign', params: IdParams, body: C.TransferBody, response: { 200: C.TransferResult, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      if (ctx.actor.type !== 'user') throw new AppError('forbidden');
      return transferConversation(ctx, req.params.id, req.body);
    });

    r.get('/mentions', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Where colleagues @mentioned me, newest first', querystring: C.MentionsQuery, response: { 200: C.MentionList, ...errorResponses } } }, async (req) => {
      return listMentions(req.ctx(), { unread: req.query.unread === 'true', limit: req.query.limit });
    });

    r.post('/mentions/read', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Mark my mentions read: by id, by conversation, or all', body: C.MentionsRead, response: { 200: z.object({ updated: z.number().int() }), ...errorResponses } } }, async (req) => {
      return { updated: await readMentions(req.ctx(), req.body) };
    });
  };
}
