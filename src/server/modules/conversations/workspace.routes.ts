import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as C from '../../../contracts/conversations.ts';
import * as S from '../../../contracts/search.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { markPending, snoozeConversation } from './conversations.status.ts';
import { searchConversations } from './search.service.ts';

const tags = ['conversations'];
const ConversationBody = z.object({ conversation: C.ConversationSummary });

/** Search (搜索), 待处理 and 稍后处理 in the agent workspace. */
export function workspaceRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/conversations/search', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Search messages, internal notes and customer names (Chinese segmented); newest first', querystring: S.SearchQuery, response: { 200: S.SearchResult, ...errorResponses } } }, async (req) => {
      return searchConversations(req.ctx(), req.query);
    });

    r.post('/conversations/:id/pending', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Set pending (待处理): waiting for the customer; their next message reopens it', params: IdParams, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      return { conversation: await markPending(req.ctx(), req.params.id) };
    });

    r.post('/conversations/:id/snooze', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Snooze (稍后处理) until a time; it reopens then, or when the customer writes', params: IdParams, body: C.SnoozeBody, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      return { conversation: await snoozeConversation(req.ctx(), req.params.id, new Date(req.body.until)) };
    });
  };
}
