import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as W from '../../../contracts/widget.ts';
import { MessageList } from '../../../contracts/conversations.ts';
import { errorResponses } from '../../../contracts/common.ts';
import { AppError } from '../../platform/errors.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Realtime } from '../../realtime/realtime.ts';
import { asShopperSees, type LeftContact } from './conversations.presenters.ts';
import { appendToOpenConversation, listMessages } from './messages.service.ts';
import type { Appended } from './messages.batch.ts';
import { agentsAvailable } from './presence.service.ts';
import { inboxLimits, inboxLimitsOf, RateLimiter } from './rate-limit.ts';
import { resolveVisitor, startWidgetSession, type Visitor } from './visitors.service.ts';
import { handleWidgetSocket } from './widget.socket.ts';
import { businessHoursOf, isOpen } from './business-hours.ts';
import { agentReadUpTo, markReadByCustomer } from './read-state.service.ts';

export type WidgetDeps = { db: Db; clock: Clock; realtime: Realtime; publicUrl?: string; /** default 20 */ widgetMessagesPer10s?: number };

const tags = ['widget'];
const visitorLimiters = new WeakMap<WidgetDeps, RateLimiter>();
const visitorLimiter = (deps: WidgetDeps) => {
  let limiter = visitorLimiters.get(deps);
  if (!limiter) visitorLimiters.set(deps, (limiter = new RateLimiter(deps.widgetMessagesPer10s ?? 20, 10_000)));
  return limiter;
};
const sessionLimiter = new RateLimiter(30, 60_000);
// Per inbox, whatever number of browsers: a flood of fresh identities cannot get round the per-visitor limit.
const inboxMessageLimiter = new RateLimiter(3000, 60_000);
const inboxVisitorLimiter = new RateLimiter(600, 60_000);

// Each visitor's messages go to the group commit in the order they arrived: the checks before it
// read the database (the inbox's limits, when their cache is stale), and on PostgreSQL parallel reads
// finish in any order, which would store a quick burst's first messages shuffled.
const submitTails = new Map<string, Promise<void>>();

/** Sends one shopper message: opens the conversation on the first one, dedupes retries by client id. */
export async function sendAsVisitor(deps: WidgetDeps, visitor: Visitor, input: { clientId: string; body: string; attachmentIds?: string[]; meta?: Record<string, unknown>; preview?: string }) {
  const before = submitTails.get(visitor.id);
  let submitted!: () => void;
  const mine = new Promise<void>((resolve) => (submitted = resolve));
  submitTails.set(visitor.id, mine);
  let appended: Promise<Appended>;
  try {
    if (!input.body && !input.attachmentIds?.length) throw new AppError('message_empty', { field: 'body' });
    visitorLimiter(deps).hit(visitor.id);
    const limits = await inboxLimits(
      async () => (await deps.db.selectFrom('inboxes').select('settings').where('account_id', '=', visitor.accountId).where('id', '=', visitor.inboxId).executeTakeFirst())?.settings,
      visitor.inboxId,
    );
    inboxMessageLimiter.hit(visitor.inboxId, Date.now(), limits.messagesPerMinute);
    await before;
    // Group-committed with the other messages arriving now; the conversation is found or opened in the same transaction.
    appended = appendToOpenConversation(
      deps.db,
      { inboxId: visitor.inboxId, customerId: visitor.customerId, channel: 'web', entry: visitor.entry },
      { accountId: visitor.accountId, senderType: 'customer', senderId: visitor.customerId, senderName: visitor.name, body: input.body, attachmentIds: input.attachmentIds, clientId: input.clientId, meta: input.meta, preview: input.preview, now: deps.clock.now() },
    );
  } finally {
    submitted();
    if (submitTails.get(visitor.id) === mine) submitTails.delete(visitor.id);
  }
  return appended;
}

export function widgetRoutes(deps: WidgetDeps) {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const visitorOf = (req: FastifyRequest) => resolveVisitor(deps.db, (req.headers['x-visitor-token'] as string | undefined) ?? undefined);

    r.post('/widget/v1/sessions', { config: { access: 'public' }, schema: { tags, summary: 'Start or resume a shopper’s chat session', body: W.WidgetSessionBody, response: { 200: W.WidgetSession, ...errorResponses } } }, async (req) => {
      sessionLimiter.hit(`ip:${req.ip}`);
      const s = await startWidgetSession(deps, {
        inboxId: req.body.inboxId,
        visitorToken: req.body.visitorToken,
        identity: req.body.identity,
        entry: req.body.entry,
        beforeNewVisitor: (inbox) => inboxVisitorLimiter.hit(inbox.id, Date.now(), inboxLimitsOf(inbox.settings).newVisitorsPerMinute),
      });
      const settings = (s.inbox.settings ?? {}) as { offline?: boolean };
      const online = !settings.offline && isOpen(businessHoursOf(settings), deps.clock.now()) && (await agentsAvailable(deps.db, s.inbox.account_id, deps.clock.now()));
      return {
        visitorToken: s.token,
        visitor: { id: s.visitor.id, name: s.visitor.name },
        inbox: { id: s.inbox.id, name: s.inbox.name, greeting: s.inbox.greeting ?? '', color: s.inbox.color, online },
        conversationId: s.conversationId,
      };
    });

    r.get('/widget/v1/messages', { config: { access: 'public' }, schema: { tags, summary: 'The shopper’s messages after an id (needs x-visitor-token)', querystring: W.WidgetMessagesQuery, response: { 200: MessageList, ...errorResponses } } }, async (req) => {
      const visitor = await visitorOf(req);
      const convs = await deps.db.selectFrom('conversations').select('id').where('account_id', '=', visitor.accountId).where('customer_id', '=', visitor.customerId).where('inbox_id', '=', visitor.inboxId).orderBy('created_at', 'asc').execute();
      const items = [];
      for (const c of convs) items.push(...(await listMessages(deps.db, visitor.accountId, c.id, { after: req.query.after ? Number(req.query.after) : 0, limit: req.query.limit, includeNotes: false })).map(asShopperSees));
      // Oldest first from `after`: a client that is far behind catches up page by page, skipping nothing.
      return { items: items.sort((a, b) => Number(a.id) - Number(b.id)).slice(0, req.query.limit) };
    });

    r.post('/widget/v1/messages', { config: { access: 'public' }, schema: { tags, summary: 'Send a shopper message (needs x-visitor-token); safe to retry with the same clientId', body: W.WidgetSend, response: { 200: W.WidgetSendResult, ...errorResponses } } }, async (req) => {
      const visitor = await visitorOf(req);
      const { message, duplicate } = await sendAsVisitor(deps, visitor, req.body);
      return { message, duplicate };
    });

    r.post('/widget/v1/read', { config: { access: 'public' }, schema: { tags, summary: 'The shopper has seen the messages up to an id (needs x-visitor-token); answers how far the agents have read', body: W.WidgetReadBody, response: { 200: z.object({ agentReadUpTo: z.string() }), ...errorResponses } } }, async (req) => {
      const visitor = await visitorOf(req);
      await markReadByCustomer(deps.db, visitor, Number(req.body.upTo));
      return { agentReadUpTo: await agentReadUpTo(deps.db, visitor) };
    });

    r.post('/widget/v1/leave-message', { config: { access: 'public' }, schema: { tags, summary: 'Leave a message when nobody is available; the agents see it first thing', body: W.LeaveMessageBody, response: { 200: W.WidgetSendResult, ...errorResponses } } }, async (req) => {
      const visitor = await visitorOf(req);
      const { name, contact, body, clientId } = req.body;
      const isEmail = contact.includes('@');
      // Fill in what the record lacks; never overwrite what the shop already knows about this customer.
      await deps.db
        .updateTable('customers')
        .set((eb) => ({ name: eb.fn.coalesce('name', eb.val(name)), ...(isEmail ? { email: eb.fn.coalesce('email', eb.val(contact)) } : { phone: eb.fn.coalesce('phone', eb.val(contact)) }) }))
        .where('account_id', '=', visitor.accountId)
        .where('id', '=', visitor.customerId)
        .execute();
      // The text is the shopper's words; the name and contact stay apart (meta), so the workspace can
      // mask the contact for members who may not see it in full.
      const leaveMessage: LeftContact = { name, ...(isEmail ? { email: contact } : { phone: contact }) };
      const { message, duplicate } = await sendAsVisitor(deps, { ...visitor, name }, { clientId, body, meta: { leaveMessage }, preview: `【留言】${body}` });
      return { message: asShopperSees(message), duplicate };
    });

    app.route({
      method: 'GET',
      url: '/widget/v1/socket',
      config: { access: 'public' },
      schema: { tags, summary: 'The shopper’s WebSocket (?token=…&after=…); a plain GET answers 426', response: { 426: errorResponses[400] } },
      handler: async () => {
        throw new AppError('upgrade_required');
      },
      wsHandler: (socket: WebSocket, req: FastifyRequest) => handleWidgetSocket(deps, socket, req),
    });

  };
}
