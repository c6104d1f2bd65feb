import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import * as C from '../../../contracts/conversations.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import type { QuickRepliesTable } from './conversations.tables.ts';
import { createQuickReply, deleteQuickReply, listQuickReplies, renderReply, updateQuickReply, VARIABLES, type Scope } from './quick-replies.service.ts';

const tags = ['quick replies'];
const One = z.object({ quickReply: C.QuickReply });

const present = (q: Selectable<QuickRepliesTable>) => ({ id: q.id, scope: q.scope, shortcut: q.shortcut, title: q.title, body: q.body, step: q.step, updatedAt: q.updated_at.toISOString() });

export function quickRepliesRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/quick-replies', { config: { access: 'conversations.read' }, schema: { tags, summary: 'The team’s and my quick replies, and the variables they may use', querystring: C.QuickReplyQuery, response: { 200: C.QuickReplyList, ...errorResponses } } }, async (req) => {
      return { items: (await listQuickReplies(req.ctx(), req.query)).map(present), variables: [...VARIABLES] };
    });

    // Personal replies are each agent's own; the shared library is kept by leads. Two doors, two rules.
    const doors: Array<{ scope: Scope; base: string; access: 'conversations.reply' | 'quick_replies.manage'; what: string }> = [
      { scope: 'personal', base: '/quick-replies', access: 'conversations.reply', what: 'my personal' },
      { scope: 'shared', base: '/quick-replies/shared', access: 'quick_replies.manage', what: 'the team’s shared' },
    ];
    for (const d of doors) {
      r.post(d.base, { config: { access: d.access }, schema: { tags, summary: `Add to ${d.what} quick replies`, body: C.QuickReplyBody, response: { 201: One, ...errorResponses } } }, async (req, reply) => {
        return reply.status(201).send({ quickReply: present(await createQuickReply(req.ctx(), d.scope, req.body)) });
      });
      r.patch(`${d.base}/:id`, { config: { access: d.access }, schema: { tags, summary: `Change one of ${d.what} quick replies`, params: IdParams, body: C.QuickReplyPatch, response: { 200: One, ...errorResponses } } }, async (req) => {
        return { quickReply: present(await updateQuickReply(req.ctx(), d.scope, req.params.id, req.body)) };
      });
      r.delete(`${d.base}/:id`, { config: { access: d.access }, schema: { tags, summary: `Delete one of ${d.what} quick replies`, params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
        await deleteQuickReply(req.ctx(), d.scope, req.params.id);
        return reply.status(204).send(null);
      });
    }

    r.post('/conversations/:id/render', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Fill a reply’s variables with this conversation’s customer, order, agent and shop', params: IdParams, body: C.RenderBody, response: { 200: C.RenderResult, ...errorResponses } } }, async (req) => {
      return renderReply(req.ctx(), req.params.id, req.body.body);
    });
  };
}
