import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as C from '../../../contracts/conversations.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { AppError } from '../../platform/errors.ts';
import { assignConversation, listConversations, loadConversation, markRead, setConversationStatus } from './conversations.service.ts';
import { appendMessage, listMessages } from './messages.service.ts';
import { checkMentions } from './collaboration.service.ts';
import { withMaskedContacts } from './conversations.presenters.ts';
import { contactViewOf } from '../customers/index.ts';
import { checkRecontact } from './contact-guard.ts';
import { noteContactsShown } from '../customers/privacy/index.ts';

const tags = ['conversations'];
const ConversationBody = z.object({ conversation: C.ConversationSummary });

export function conversationsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/conversations', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Conversations by view and status, latest activity first', querystring: C.ConversationQuery, response: { 200: C.ConversationList, ...errorResponses } } }, async (req) => {
      return listConversations(req.ctx(), req.query);
    });

    r.get('/conversations/:id', { config: { access: 'conversations.read' }, schema: { tags, summary: 'One conversation', params: IdParams, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return { conversation: await loadConversation(ctx.db, ctx.accountId, req.params.id) };
    });

    r.get('/conversations/:id/messages', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Messages and internal notes, oldest first; `after` resumes, `before` pages back', params: IdParams, querystring: C.MessagesQuery, response: { 200: C.MessageList, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      const conversation = await loadConversation(ctx.db, ctx.accountId, req.params.id);
      const q = req.query;
      const items = await listMessages(ctx.db, ctx.accountId, req.params.id, { after: q.after ? Number(q.after) : undefined, before: q.before ? Number(q.before) : undefined, limit: q.limit, includeNotes: true });
      if (contactViewOf(ctx.actor) !== 'full') return { items: items.map(withMaskedContacts) };
      // Messages that carry the customer's contacts (a left message's phone, an email's address, a call's number).
      if (items.some((m) => withMaskedContacts(m) !== m)) await noteContactsShown(ctx, [{ id: conversation.customer.id, label: conversation.customer.name, fields: ['contact'] }], 'conversation_messages');
      return { items };
    });

    r.post('/conversations/:id/messages', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Reply to the customer, or add an internal note; safe to retry with the same clientId', params: IdParams, body: C.AgentReply, response: { 201: z.object({ message: C.Message }), ...errorResponses } } }, async (req, reply) => {
      const ctx = req.ctx();
      if (req.body.mentions?.length && !req.body.private) throw new AppError('mentions_need_note', { field: 'mentions' });
      const mentions = req.body.mentions?.length ? await checkMentions(ctx, req.body.mentions) : [];
      if (!req.body.body && !req.body.attachmentIds?.length) {
        await loadConversation(ctx.db, ctx.accountId, req.params.id);
        throw new AppError('message_empty', { field: 'body' });
      }
      if (!req.body.private) {
        // Writing to the customer in a resolved conversation is contacting them again: the contact rules apply.
        const c = await ctx.db.selectFrom('conversations').select(['status', 'customer_id', 'channel']).where('account_id', '=', ctx.accountId).where('id', '=', req.params.id).executeTakeFirst();
        if (c?.status === 'resolved') await checkRecontact(ctx, { customerId: c.customer_id, channel: c.channel });
      }
      const user = ctx.actor.type === 'user' ? await ctx.db.selectFrom('users').select(['name', 'nickname']).where('account_id', '=', ctx.accountId).where('id', '=', ctx.actor.id).executeTakeFirst() : undefined;
      const { message } = await appendMessage(ctx.db, {
        accountId: ctx.accountId,
        conversationId: req.params.id,
        senderType: 'agent',
        senderId: ctx.actor.id,
        // Shoppers see the agent's public nickname, never the internal name.
        senderName: user?.nickname ?? user?.name ?? ctx.actor.name,
        kind: req.body.private ? 'note' : 'text',
        body: req.body.body,
        attachmentIds: req.body.attachmentIds,
        clientId: req.body.clientId,
        ...(mentions.length ? { meta: { mentions } } : {}),
        now: ctx.clock.now(),
      });
      // A retry finds the stored reply, which by now may carry the customer's address (an email reply's To).
      return reply.status(201).send({ message: contactViewOf(ctx.actor) === 'full' ? message : withMaskedContacts(message) });
    });

    r.post('/conversations/:id/take', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Take the conversation yourself (接入)', params: IdParams, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      // An integration token is nobody to hand a conversation to.
      if (ctx.actor.type !== 'user') throw new AppError('forbidden');
      return { conversation: await assignConversation(ctx, req.params.id, ctx.actor.id) };
    });

    r.post('/conversations/:id/assign', { config: { access: 'conversations.assign' }, schema: { tags, summary: 'Assign to a member, or unassign with null', params: IdParams, body: C.AssignBody, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      return { conversation: await assignConversation(req.ctx(), req.params.id, req.body.assigneeId) };
    });

    r.post('/conversations/:id/resolve', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Mark resolved', params: IdParams, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      return { conversation: await setConversationStatus(req.ctx(), req.params.id, 'resolved') };
    });

    r.post('/conversations/:id/reopen', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Reopen a resolved conversation', params: IdParams, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      return { conversation: await setConversationStatus(req.ctx(), req.params.id, 'open') };
    });

    r.post('/conversations/:id/read', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Mark the customer’s messages read up to an id', params: IdParams, body: C.ReadBody, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await markRead(req.ctx(), req.params.id, Number(req.body.upTo));
      return reply.status(204).send(null);
    });
  };
}
