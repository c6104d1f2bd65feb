import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { onEvent, onEvents, type Publish } from '../../platform/events.ts';
import type { Schedule } from '../../platform/scheduler.ts';
import { announcePlaced, drainQueue, overflowQueue, reofferUnanswered, routeNewAfterCommit, routeStranded, routeToTeam, type RoutingDeps } from './assign.ts';
import { registerAgentEventHandlers } from './agents.events.ts';
import { sweepPresence } from './presence.ts';

/**
 * A new conversation is placed in the transaction that opens it (routeArrived); the rest of routing
 * runs after commit, from the outbox: a new conversation that was not placed then is routed here, a
 * transferred one is placed in its team, and any change that can free room (a chat resolved, an
 * agent back online, a capacity raised) lets the queue move. A ticker looks at overflow and
 * unanswered chats.
 */
export function registerRoutingEventHandlers(): void {
  onEvents('conversation.created', 'routing.assign', async (events, { db, clock, publish }) => {
    for (const [accountId, ids] of byAccount(events)) await routeNewAfterCommit({ db, now: clock.now(), publish }, accountId, ids);
  });
  // Placed inside another transaction: announced once that committed.
  onEvents('routing.placed', 'routing.announce', async (events, { db, clock, publish }) => {
    for (const accountId of new Set(events.map((e) => e.accountId))) {
      const mine = events.filter((e) => e.accountId === accountId);
      const teamIds = [...new Set(mine.flatMap((e) => (e.payload.teamIds as string[]) ?? []))];
      // Out of the queue: given an agent, or taken out of it (their team was deleted with no fallback).
      const assignedIds = mine.flatMap((e) => [...((e.payload.assignedIds as string[]) ?? []), ...((e.payload.leftIds as string[]) ?? [])]);
      announcePlaced(db, accountId, publish, clock.now(), teamIds, assignedIds);
    }
  });
  onEvent('routing.requeue', 'routing.assign', async (event, { db, clock, publish }) => {
    await routeToTeam({ db, now: clock.now(), publish }, event.accountId, String(event.payload.conversationId), String(event.payload.teamId));
  });
  // A person assigned or reassigned it: recorded with the routing decisions (once, however often the event comes).
  onEvent('conversation.assigned', 'routing.record', async (event, { db, clock }) => {
    const reason = { code: 'by_person', by: event.payload.by ?? null, fromAgentId: event.payload.fromId ?? null, eventId: event.id };
    const seen = await db.selectFrom('routing_decisions').select('id').where('account_id', '=', event.accountId).where('conversation_id', '=', String(event.payload.conversationId)).where(sql<boolean>`reason ->> 'eventId' = ${String(event.id)}`).executeTakeFirst();
    if (seen) return;
    await db.insertInto('routing_decisions').values({ account_id: event.accountId, conversation_id: String(event.payload.conversationId), kind: 'reassigned', agent_id: (event.payload.assigneeId as string | null) ?? null, reason: JSON.stringify(reason), created_at: clock.now() }).execute();
  });
  for (const type of ['conversation.updated', 'routing.agents_changed', 'routing.rules_changed']) {
    onEvents(type, 'routing.drain', async (events, { db, clock, publish }) => {
      for (const accountId of new Set(events.map((e) => e.accountId))) await drainQueue({ db, now: clock.now(), publish }, accountId);
    });
  }
  registerAgentEventHandlers();
}

function byAccount(events: Array<{ accountId: string; payload: Record<string, unknown> }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of events) out.set(e.accountId, [...(out.get(e.accountId) ?? []), String(e.payload.conversationId)]);
  return out;
}

/** One pass for one account: stranded new chats, overflow, re-offer, then let the queue move. */
export async function sweepRouting(deps: RoutingDeps, accountId: string): Promise<void> {
  await routeStranded(deps, accountId);
  await overflowQueue(deps, accountId);
  await reofferUnanswered(deps, accountId);
  await drainQueue(deps, accountId);
}

/** Every account with automatic assignment on, and the agents' presence of all. */
export async function sweepAll(deps: { db: Db; clock: Clock; publish?: Publish }): Promise<void> {
  const now = deps.clock.now();
  await sweepPresence(deps.db, now);
  const accounts = await deps.db.selectFrom('routing_settings').select('account_id').where('enabled', '=', true).execute();
  for (const a of accounts) await sweepRouting({ db: deps.db, now, publish: deps.publish }, a.account_id);
}

/**
 * The ticker of a worker node: every few seconds (overflow and answer timeouts are counted in
 * seconds). Several nodes may tick at once: each step locks what it changes and skips what another holds.
 */
export function startRoutingTicker(deps: { db: Db; clock: Clock; log: Logger; publish: Publish; everyMs?: number }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepAll(deps)
      .catch((err) => deps.log.warn({ err }, 'routing sweep failed; will retry'))
      .finally(() => {
        running = false;
      });
  }, deps.everyMs ?? 5000);
  timer.unref?.();
  return () => clearInterval(timer);
}

export function registerRoutingJobs(): void {}
export const ROUTING_SCHEDULES: Schedule[] = [];
