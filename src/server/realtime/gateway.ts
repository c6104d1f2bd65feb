import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { AppError } from '../platform/errors.ts';
import { authenticate } from '../http/auth.hook.ts';
import { ROLES, touchSession, type Role } from '../modules/accounts/index.ts';
import { contactViewOf } from '../modules/customers/index.ts';
import { noteContactsShown } from '../modules/customers/privacy/index.ts';
import { AgentPresence } from '../modules/routing/index.ts';
import type { AppDeps } from '../http/app.ts';
import { Realtime, type RealtimeMessage } from './realtime.ts';
import { sendEvent } from './frames.ts';
import type { AuthState } from '../http/types.ts';

const HEARTBEAT_MS = 30_000;
const openSockets = new WeakMap<FastifyInstance, Set<WebSocket>>();

/** What a module needs to answer a frame from a signed-in member's socket. */
export type FrameContext = { auth: AuthState; deps: AppDeps; reply(frame: unknown): void };
type FrameHandler = (frame: Record<string, unknown>, ctx: FrameContext) => Promise<void>;
const frameHandlers = new Map<string, FrameHandler>();

/** Modules add the client frames they understand (e.g. typing); the gateway itself knows only ping. */
export function onSocketFrame(type: string, handler: FrameHandler): void {
  frameHandlers.set(type, handler);
}

/**
 * The WebSocket gateway at /ws. A signed-in user's socket joins its account's channel and its own
 * user channel; the server pushes `{type:'event', channel, event, data}` frames.
 */
export function registerGateway(app: FastifyInstance, deps: AppDeps) {
  const sockets = new Set<WebSocket>();
  openSockets.set(app, sockets);
  // Agents are online while a workspace of theirs is open, on this node or another.
  const presence = new AgentPresence({ db: deps.database.db, clock: deps.clock, log: deps.log, nodeId: deps.realtime.nodeId });
  presence.start();
  app.addHook('onClose', () => presence.stop());

  app.get('/ws', { websocket: true, schema: { hide: true } }, async (socket, req) => {
    // Listen at once: frames that arrive while the session is being checked are kept, not lost.
    const early: unknown[] = [];
    let onFrame: (raw: unknown) => void = (raw) => early.push(raw);
    socket.on('message', (raw) => onFrame(raw));

    let auth;
    try {
      auth = await authenticate(req, deps.database, deps.clock);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
    if (!auth) {
      socket.close(4401, 'unauthenticated');
      return;
    }
    sockets.add(socket);
    const channels = ['account', ...(auth.actor.id ? [`${auth.actor.type}:${auth.actor.id}`] : [])];
    // Each member hears customers' contacts as their role may see them, masked or in full; a change
    // of their role (heard on their own channel) applies to the open socket at once.
    let view = contactViewOf(auth.actor);
    const ownChannel = channels[1];
    // A live message that shows this member a customer's full contacts is audited like a working
    // view: the first time each day per conversation (noteContactsShown dedupes per customer too).
    const liveNoted = new Set<string>();
    const noteLive = async (msg: RealtimeMessage) => {
      const conversationId = (msg.data as { conversationId?: unknown })?.conversationId;
      if (typeof conversationId !== 'string') return;
      const key = `${conversationId}|${new Date(deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10)}`;
      if (liveNoted.has(key)) return;
      liveNoted.add(key);
      const c = await deps.database.db.selectFrom('conversations').select('customer_id').where('account_id', '=', auth.accountId).where('id', '=', conversationId).executeTakeFirst();
      if (!c) return;
      const ctx = { accountId: auth.accountId, actor: auth.actor, db: deps.database.db, clock: deps.clock, log: deps.log, locale: 'zh-CN' as const, ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      await noteContactsShown(ctx, [{ id: c.customer_id, fields: ['contact'] }], 'live_event');
    };
    const deliver = (msg: RealtimeMessage) => {
      const role = msg.channel === ownChannel && msg.event === 'user.updated' ? (msg.data as { role?: Role }).role : undefined;
      if (role && ROLES.includes(role)) view = contactViewOf({ ...auth.actor, role });
      sendEvent(socket, msg, view);
      if (view === 'full' && msg.maskedData !== undefined) noteLive(msg).catch((err) => req.log.warn({ err }, 'could not audit the contacts a live event showed'));
    };
    const unsubscribe = channels.map((c) => deps.realtime.subscribe(Realtime.key(auth.accountId, c), { deliver }));
    let alive = true;
    const sessionId = auth.sessionId;
    const touch = () => {
      if (sessionId) touchSession(deps.database.db, sessionId, deps.clock.now()).catch((err) => req.log.debug({ err }, 'session touch failed'));
    };
    touch();
    const leave = presence.connect(auth.actor, auth.accountId);
    socket.on('pong', () => { alive = true; });
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
      touch();
    }, HEARTBEAT_MS);
    socket.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe.forEach((u) => u());
      sockets.delete(socket);
      leave();
    });
    socket.send(JSON.stringify({ type: 'ready', channels, node: deps.realtime.nodeId }));
    const frameCtx: FrameContext = { auth, deps, reply: (frame) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(frame)) };
    onFrame = (raw) => handleFrame(socket, raw, frameCtx);
    for (const raw of early.splice(0)) handleFrame(socket, raw, frameCtx);
  });
}

function handleFrame(socket: WebSocket, raw: unknown, ctx: FrameContext) {
  let msg: { type?: string; id?: string } & Record<string, unknown> = {};
  try {
    msg = JSON.parse(String(raw));
  } catch {
    socket.send(JSON.stringify({ type: 'error', code: 'invalid_json' }));
    return;
  }
  if (msg?.type === 'ping') return socket.send(JSON.stringify({ type: 'pong', id: msg.id ?? null }));
  const handler = typeof msg?.type === 'string' ? frameHandlers.get(msg.type) : undefined;
  if (!handler) return socket.send(JSON.stringify({ type: 'error', code: 'unknown_frame' }));
  handler(msg, ctx).catch((err) => {
    if (err instanceof AppError) ctx.reply({ type: 'error', code: err.code });
    else ctx.deps.log.warn({ err }, 'socket frame failed');
  });
}

/** Members' workspace sockets open on this node (for /metrics). */
export function workspaceSocketCount(app: FastifyInstance): number {
  return openSockets.get(app)?.size ?? 0;
}

/**
 * Tells every socket to reconnect elsewhere, members' workspaces and shoppers' widgets alike, with
 * 1012 (service restart): used on graceful shutdown.
 */
export function closeAllSockets(app: FastifyInstance, reason = 'server restarting') {
  const all = new Set<WebSocket>([...(openSockets.get(app) ?? []), ...((app.websocketServer?.clients as Set<WebSocket> | undefined) ?? [])]);
  for (const socket of all) socket.close(1012, reason);
}
