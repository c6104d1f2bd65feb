import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Role } from '../accounts/index.ts';
import { ensureAgentStates } from './agent-state.ts';
import { applyAutoChange, type Member } from './agents.status.ts';
import { mayAnswer } from './members.ts';

/**
 * Presence: an agent is online while a workspace of theirs is open. Each node counts the sockets it
 * holds per member in agent_sockets and refreshes seen_at while it lives; a member goes offline when
 * the last socket on every node has been closed for a grace period (a page reload does not flap),
 * or when the node holding it has stopped answering.
 */
export const SOCKET_STALE_MS = 90_000;
export const PRESENCE_HEARTBEAT_MS = 30_000;
const DEFAULT_GRACE_MS = 10_000;
const DEFAULT_AUTO_AWAY_MINUTES = 15;

let graceMs = DEFAULT_GRACE_MS;

/** How long the last socket may be closed before its agent goes offline; tests shorten it. */
export function setPresenceGrace(ms: number): void {
  graceMs = ms;
}

export type PresenceDeps = { db: Db; clock: Clock; log: Logger; nodeId: string };

/** A socket held by a live node (its rows are refreshed every PRESENCE_HEARTBEAT_MS). */
const liveSocket = (now: Date) =>
  sql`exists (select 1 from agent_sockets k where k.account_id = s.account_id and k.user_id = s.user_id and k.sockets > 0 and k.seen_at >= ${new Date(now.getTime() - SOCKET_STALE_MS)})`;

/** Offline only without a live socket, and when nothing has touched the row since `quietSince` (the last close). */
const goneSince = (now: Date, quietSince: Date) => sql`not ${liveSocket(now)} and s.updated_at <= ${quietSince}`;

const awayAfterMinutes = sql`coalesce((select r.auto_away_minutes from routing_settings r where r.account_id = s.account_id), ${DEFAULT_AUTO_AWAY_MINUTES})`;

/** Online, and idle longer than the account allows (0: never). Coming online restarts the clock too. */
const idleSince = (now: Date) =>
  sql`${awayAfterMinutes} > 0 and greatest(s.last_activity_at, s.status_changed_at) < ${now}::timestamptz - make_interval(mins => ${awayAfterMinutes})`;

/** +1 socket on this node; the member comes online unless they chose 'offline'. */
export async function socketOpened(deps: PresenceDeps, member: Member): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (db) => {
    await db
      .insertInto('agent_sockets')
      .values({ account_id: member.accountId, user_id: member.userId, node_id: deps.nodeId, sockets: 1, seen_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'user_id', 'node_id']).doUpdateSet({ sockets: sql`agent_sockets.sockets + 1`, seen_at: now }))
      .execute();
    await ensureAgentStates(db, member.accountId, [member.userId]);
    await applyAutoChange(db, now, 'connected', [member]);
  });
}

/** −1 socket on this node; answers the time of the close when the member has no socket left anywhere. */
export async function socketClosed(deps: PresenceDeps, member: Member): Promise<Date | null> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (db) => {
    const where = sql`account_id = ${member.accountId} and user_id = ${member.userId}`;
    await sql`update agent_sockets set sockets = sockets - 1, seen_at = ${now} where ${where} and node_id = ${deps.nodeId}`.execute(db);
    await sql`delete from agent_sockets where ${where} and node_id = ${deps.nodeId} and sockets <= 0`.execute(db);
    const left = await sql<{ n: number }>`select count(*) as n from agent_sockets where ${where} and sockets > 0 and seen_at >= ${new Date(now.getTime() - SOCKET_STALE_MS)}`.execute(db);
    if (Number(left.rows[0].n) > 0) return null;
    // Marks when the member's presence last changed: offline follows only if nothing changes for the grace period.
    await sql`update agent_states set updated_at = ${now} where ${where}`.execute(db);
    return now;
  });
}

/** Keeps this node's sockets counted: run every PRESENCE_HEARTBEAT_MS while the node serves sockets. */
export async function presenceHeartbeat(db: Db, nodeId: string, now: Date): Promise<void> {
  await db.updateTable('agent_sockets').set({ seen_at: now }).where('node_id', '=', nodeId).execute();
}

export type PresenceSweep = { staleSockets: number; offline: number; away: number };

/**
 * Run every few seconds by a worker: forgets the sockets of nodes that died, sets offline the
 * members left with no socket (after the grace period), and away the online members idle longer
 * than the account's auto_away_minutes (15 without settings, 0 never).
 */
export async function sweepPresence(db: Db, now: Date): Promise<PresenceSweep> {
  const stale = await db.deleteFrom('agent_sockets').where('seen_at', '<', new Date(now.getTime() - SOCKET_STALE_MS)).executeTakeFirst();
  const quietSince = new Date(now.getTime() - graceMs);
  const gone = await sql<{ account_id: string; user_id: string }>`
    select s.account_id, s.user_id from agent_states s where s.status <> 'offline' and ${goneSince(now, quietSince)}`.execute(db);
  const offline = await applyAutoChange(db, now, 'disconnected', gone.rows.map(toMember), goneSince(now, quietSince));
  const idle = await sql<{ account_id: string; user_id: string }>`
    select s.account_id, s.user_id from agent_states s where s.status = 'online' and ${idleSince(now)}`.execute(db);
  const away = await applyAutoChange(db, now, 'idle', idle.rows.map(toMember), idleSince(now));
  return { staleSockets: Number(stale.numDeletedRows), offline: offline.length, away: away.length };
}

const toMember = (r: { account_id: string; user_id: string }): Member => ({ accountId: r.account_id, userId: r.user_id });

/**
 * The presence of one node's workspace sockets, for the realtime gateway: counts each signed-in
 * member's sockets, sets them offline after the grace period when their last one closes, and
 * keeps this node's rows fresh while it runs.
 */
export class AgentPresence {
  private heartbeat?: NodeJS.Timeout;
  private graceTimers = new Map<string, NodeJS.Timeout>();
  private inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private deps: PresenceDeps) {}

  start(): void {
    this.heartbeat = setInterval(() => this.track(presenceHeartbeat(this.deps.db, this.deps.nodeId, this.deps.clock.now())), PRESENCE_HEARTBEAT_MS);
    this.heartbeat.unref?.();
  }

  /**
   * A member's socket opened: returns what to call when it closes. Only members who answer
   * customers count; a token or a colleague of another department has no status.
   */
  connect(actor: { type: string; id: string | null; role: Role }, accountId: string): () => void {
    if (actor.type !== 'user' || !actor.id || !mayAnswer(actor.role) || this.stopped) return () => {};
    const member = { accountId, userId: actor.id };
    const key = `${accountId}|${actor.id}`;
    clearTimeout(this.graceTimers.get(key));
    this.graceTimers.delete(key);
    const opened = this.track(socketOpened(this.deps, member));
    return () => {
      if (this.stopped) return;
      this.track(
        opened.then(async () => {
          const closedAt = await socketClosed(this.deps, member);
          if (closedAt && !this.stopped) this.offlineLater(key, member, closedAt);
        }),
      );
    };
  }

  private offlineLater(key: string, member: Member, closedAt: Date) {
    clearTimeout(this.graceTimers.get(key));
    const timer = setTimeout(() => {
      this.graceTimers.delete(key);
      const now = this.deps.clock.now();
      this.track(applyAutoChange(this.deps.db, now, 'disconnected', [member], goneSince(now, closedAt)));
    }, graceMs);
    timer.unref?.();
    this.graceTimers.set(key, timer);
  }

  private track<T>(p: Promise<T>): Promise<T | void> {
    const tracked = p.catch((err) => this.deps.log.warn({ err }, 'presence: could not record a workspace socket'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return tracked;
  }

  /**
   * On shutdown: the members whose sockets this node closed stay as they are, for their workspaces
   * to reconnect to another node; the sweep sets offline whoever does not come back.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    for (const t of this.graceTimers.values()) clearTimeout(t);
    this.graceTimers.clear();
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
