import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { WidgetClientFrame } from '../../../contracts/widget.ts';
import { AppError } from '../../platform/errors.ts';
import { localeFromHeader } from '../../platform/locale.ts';
import { Realtime, type RealtimeMessage } from '../../realtime/realtime.ts';
import { sendText } from '../../realtime/frames.ts';
import { queuePosition } from '../routing/index.ts';
import { asShopperSees } from './conversations.presenters.ts';
import { listMessages } from './messages.service.ts';
import { agentReadUpTo, markReadByCustomer } from './read-state.service.ts';
import { resolveVisitor } from './visitors.service.ts';
import { sendAsVisitor, type WidgetDeps } from './widget.routes.ts';

const send = (socket: WebSocket, frame: unknown) => sendText(socket, JSON.stringify(frame));

/**
 * One shopper's socket. On connect it replays every message after `after`, then streams new ones;
 * a send is acknowledged only once it is committed, so "sent" in the widget means stored.
 */
export async function handleWidgetSocket(deps: WidgetDeps, socket: WebSocket, req: FastifyRequest) {
  const early: unknown[] = [];
  let onFrame: (raw: unknown) => void = (raw) => early.push(raw);
  socket.on('message', (raw) => onFrame(raw));
  const query = req.query as { token?: string; after?: string };
  let visitor;
  try {
    visitor = await resolveVisitor(deps.db, query.token);
  } catch (err) {
    socket.close(4401, err instanceof AppError ? err.code : 'unauthenticated');
    return;
  }
  const v = visitor;
  const unsubscribes = new Map<string, () => void>();
  // Live frames that arrive while the history is being replayed wait, then go out once, in order.
  // Ids already sent on this socket: a message is never sent twice, and none is dropped for arriving late.
  let held: RealtimeMessage[] | null = [];
  const sent = new Set<string>();
  // Whatever is published on the conversation's channel is for the shopper: public messages, 'read',
  // 'typing', and routing's 'queue' ({ position, etaSeconds }; a null position: no longer queued).
  const sendLive = (msg: RealtimeMessage) => {
    const data = msg.data as { message?: { id: string } };
    if (msg.event === 'message.created' && data.message) {
      if (sent.has(data.message.id)) return;
      sent.add(data.message.id);
    }
    send(socket, { type: msg.event === 'message.created' ? 'message' : msg.event, ...(msg.data as object) });
  };
  const follow = (conversationId: string) => {
    if (unsubscribes.has(conversationId)) return;
    const deliver = (msg: RealtimeMessage) => (held ? held.push(msg) : sendLive(msg));
    unsubscribes.set(conversationId, deps.realtime.subscribe(Realtime.key(v.accountId, `conversation:${conversationId}`), { deliver }));
  };
  const replay = async (after: number) => {
    const messages = [];
    for (const c of convs) messages.push(...(await listMessages(deps.db, v.accountId, c.id, { after, limit: 500, includeNotes: false })));
    for (const message of messages.sort((a, b) => Number(a.id) - Number(b.id))) {
      send(socket, { type: 'message', message: asShopperSees(message) });
      sent.add(message.id);
    }
  };
  // The shopper's place in the queue now (排队中), for the hello and a resume; routing sends later changes.
  const queueOf = async (conversationId: string | undefined) => {
    if (!conversationId) return null;
    return queuePosition(deps.db, v.accountId, conversationId).catch((err) => {
      req.log.warn({ err }, 'widget queue position failed');
      return null;
    });
  };
  socket.on('close', () => unsubscribes.forEach((u) => u()));

  const convs = await deps.db.selectFrom('conversations').select(['id', 'status']).where('account_id', '=', v.accountId).where('customer_id', '=', v.customerId).where('inbox_id', '=', v.inboxId).orderBy('created_at', 'asc').execute();
  for (const c of convs) if (c.status !== 'resolved') follow(c.id);
  const after = /^\d+$/.test(query.after ?? '') ? Number(query.after) : undefined;
  if (after !== undefined) await replay(after);
  const waiting = held;
  held = null;
  for (const msg of waiting) sendLive(msg);
  const current = convs.filter((c) => c.status !== 'resolved').at(-1);
  send(socket, { type: 'ready', visitorId: v.id, conversationId: current?.id ?? null, agentReadUpTo: await agentReadUpTo(deps.db, v), queue: await queueOf(current?.id) });

  const handle = async (raw: unknown) => {
    let json: unknown;
    try {
      json = JSON.parse(String(raw));
    } catch {
      return send(socket, { type: 'error', code: 'invalid_json', message: 'invalid JSON' });
    }
    const parsed = WidgetClientFrame.safeParse(json);
    if (!parsed.success) {
      const clientId = typeof (json as { clientId?: unknown })?.clientId === 'string' ? (json as { clientId: string }).clientId : undefined;
      return send(socket, { type: 'error', code: 'validation_failed', message: parsed.error.issues[0]?.message ?? 'invalid frame', ...(clientId ? { clientId } : {}) });
    }
    const frame = parsed.data;
    if (frame.type === 'ping') return send(socket, { type: 'pong', id: frame.id ?? null });
    if (frame.type === 'typing') {
      const open = convs.filter((c) => c.status !== 'resolved').at(-1);
      if (open) deps.realtime.publish({ accountId: v.accountId, channel: 'account', event: 'conversation.typing', data: { conversationId: open.id, customerId: v.customerId, on: frame.on } });
      return;
    }
    if (frame.type === 'read') {
      await markReadByCustomer(deps.db, v, Number(frame.upTo)).catch((err) => req.log.error({ err }, 'widget read failed'));
      return;
    }
    if (frame.type === 'resume') {
      sent.clear();
      await replay(Number(frame.after));
      const queue = await queueOf(convs.filter((c) => c.status !== 'resolved').at(-1)?.id);
      send(socket, { type: 'queue', position: queue?.position ?? null, etaSeconds: queue?.etaSeconds ?? null });
      return;
    }
    try {
      const result = await sendAsVisitor(deps, v, { clientId: frame.clientId, body: frame.body, attachmentIds: frame.attachmentIds });
      follow(result.conversationId);
      if (!convs.some((c) => c.id === result.conversationId)) convs.push({ id: result.conversationId, status: 'open' });
      send(socket, { type: 'ack', clientId: frame.clientId, message: result.message });
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal');
      if (!(err instanceof AppError)) req.log.error({ err }, 'widget send failed');
      send(socket, { type: 'error', code: e.code, message: e.messageIn(localeFromHeader(req.headers['accept-language'])), clientId: frame.clientId });
    }
  };
  onFrame = (raw) => void handle(raw);
  for (const raw of early.splice(0)) void handle(raw);
}
