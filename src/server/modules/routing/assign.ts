import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { emitAll, outboxInsert, wakeOutbox, type Publish } from '../../platform/events.ts';
import { businessHoursOf, isOpen } from '../conversations/index.ts';
export { loadTeamTree } from './config-cache.ts';
import { book, decideRoute, detectLanguage, pickAgent, type Arrival, type Candidate, type RouteDecision, type Why } from './routing.engine.ts';
import { routingConfig, type RoutingConfig, type TeamTree } from './config-cache.ts';
import { scheduleQueueBroadcast } from './queue.ts';
import type { RoutingDecisionKind } from './routing.tables.ts';

/**
 * Assignment: conversations are placed in batches, in one transaction that locks them (skipping
 * those another node holds) and then the candidate agents' rows in id order, so two nodes never
 * give one conversation twice and never take an agent past capacity; the load itself is counted by
 * the trigger on conversations (migrations/0006_routing.sql).
 */
export type RoutingDeps = {
  db: Db;
  now: Date;
  publish?: Publish;
  /** The moment a placement is made, read once the agents' rows are locked (default: now). */
  stamp?: () => Date;
  /** When routing began for these conversations: the decisions record how long it took (routedInMs). */
  startedAt?: Date;
};

/** What one placement asks for. */
type Placement = {
  id: string;
  channel: string;
  teamId: string | null;
  preferred: string[] | null;
  priority: number;
  labelIds: string[];
  rule: { id: string; name: string } | null;
  why: Why;
  /** Agents who must not get it (the one who did not answer). */
  exclude?: string[];
  queuedAt: Date | null;
  /** The kind recorded when it gets an agent. */
  assignKind: RoutingDecisionKind;
  extra?: Record<string, unknown>;
};

export type PlaceResult = { assigned: Array<{ id: string; agentId: string }>; queued: string[]; skipped: string[] };

export function poolOf(p: Placement, tree: TeamTree): string[] {
  if (p.preferred?.length) return p.preferred;
  return p.teamId ? tree.members.get(p.teamId) ?? [] : [];
}

export const toCandidate = (r: { user_id: string; status: string; load: number; capacity: number; channel_load: unknown; channel_capacity: unknown; last_assigned_at: Date | null }): Candidate => ({
  userId: r.user_id,
  status: r.status,
  load: Number(r.load),
  capacity: Number(r.capacity),
  channelLoad: { ...(typeof r.channel_load === 'string' ? JSON.parse(r.channel_load) : (r.channel_load as Record<string, number>)) },
  channelCapacity: typeof r.channel_capacity === 'string' ? JSON.parse(r.channel_capacity) : (r.channel_capacity as Record<string, number>),
  lastAssignedAt: r.last_assigned_at,
});

/**
 * Places conversations: each gets the least-loaded online agent of its pool with room, or waits in
 * its team's queue. `from` says which conversations are still eligible when locked: new ones (no
 * routing state, no assignee) or queued ones.
 */
export async function place(deps: RoutingDeps, accountId: string, placements: Placement[], from: 'new' | 'queued' | 'assigned', config: RoutingConfig): Promise<PlaceResult> {
  const result: PlaceResult = { assigned: [], queued: [], skipped: [] };
  if (placements.length === 0) return result;
  const tree = config.tree;
  let now = deps.now;
  const events: Array<{ accountId: string; type: string; payload: Record<string, unknown> }> = [];
  const teamsTouched = new Set<string>();
  const inCallersTransaction = deps.db.isTransaction;
  const run = async (trx: Db) => {
    // Conversations opened by the caller's transaction are its own until it commits: nobody else
    // can see them, let alone hold them, so they need no lock and no second look.
    const ownNew = inCallersTransaction && from === 'new';
    const ids = [...new Set(placements.map((p) => p.id))].sort();
    const locked = ownNew
      ? { rows: [] }
      : await sql<{ id: string; status: string; assignee_id: string | null; routing_state: string | null; team_id: string | null; preferred_agents: string[] | null; priority: number; queued_at: Date | null }>`
      select id, status, assignee_id, routing_state, team_id, preferred_agents, priority, queued_at from conversations
       where account_id = ${accountId} and id in (${sql.join(ids)})
       order by id for update skip locked`.execute(trx);
    const rowOf = new Map(
      locked.rows
        .filter((c) => c.status === 'open' && (from === 'new' ? c.routing_state === null && c.assignee_id === null : from === 'queued' ? c.routing_state === 'queued' && c.assignee_id === null : c.routing_state === 'assigned'))
        .map((c) => [c.id, c]),
    );
    const eligible = ownNew ? new Set(ids) : new Set(rowOf.keys());
    // A queued conversation is placed as it is now (an overflow may have moved it since it was read).
    const todo = placements
      .filter((p) => eligible.has(p.id))
      .map((p) => {
        const row = rowOf.get(p.id);
        return from === 'queued' && row ? { ...p, teamId: row.team_id, preferred: row.preferred_agents, priority: row.priority, queuedAt: row.queued_at } : p;
      });
    result.skipped = placements.filter((p) => !eligible.has(p.id)).map((p) => p.id);
    if (todo.length === 0) return;

    const wanted = [...new Set(todo.flatMap((p) => poolOf(p, tree)))].sort();
    const agents = new Map<string, Candidate>();
    if (wanted.length) {
      // Only agents with room are locked: a full one cannot be picked, and leaving its row alone
      // lets its resolves (the load trigger) go on while a drain holds the others. The condition is
      // checked again on the row's latest version once locked, so none is taken past capacity.
      const rows = await sql<{ user_id: string; status: string; load: number; capacity: number; channel_load: unknown; channel_capacity: unknown; last_assigned_at: Date | null }>`
        select user_id, status, load, capacity, channel_load, channel_capacity, last_assigned_at from agent_states
         where account_id = ${accountId} and user_id in (${sql.join(wanted)}) and status = 'online' and load < capacity
         order by user_id for update`.execute(trx);
      for (const r of rows.rows) agents.set(r.user_id, toCandidate(r));
    }
    if (deps.stamp) now = deps.stamp();

    const assigned: Array<{ p: Placement; agentId: string }> = [];
    const queued: Placement[] = [];
    const order = [...todo].sort((a, b) => b.priority - a.priority || (a.queuedAt?.getTime() ?? now.getTime()) - (b.queuedAt?.getTime() ?? now.getTime()) || (a.id < b.id ? -1 : 1));
    for (const p of order) {
      const pool = poolOf(p, tree).map((u) => agents.get(u)).filter((c): c is Candidate => Boolean(c));
      const pick = pickAgent(pool, p.channel, new Set(p.exclude ?? []));
      if (pick) {
        book(pick, p.channel, now);
        assigned.push({ p, agentId: pick.userId });
      } else queued.push(p);
    }

    // A new conversation joins the back of its team's queue. One that was already queued is left
    // as it is (its place, its team): rewriting every waiting row a drain looked at, to the same
    // values, was most of a drain's time while it held the agents' rows.
    const queueNow = from === 'new' ? queued : [];
    const labelRows = [...assigned.map((a) => a.p), ...queueNow].flatMap((p) => p.labelIds.map((labelId) => ({ conversationId: p.id, labelId })));
    const decisions = [
      ...assigned.map(({ p, agentId }) => ({ p, kind: p.assignKind, agentId, why: p.why })),
      // A queued conversation that stays queued needs no second record.
      ...(from === 'new' ? queueNow.map((p) => ({ p, kind: 'queued' as RoutingDecisionKind, agentId: null, why: { code: poolOf(p, tree).some((u) => agents.has(u)) ? 'all_busy' : 'team_empty' } as Why })) : []),
    ];
    // Everything the placement writes, in one statement (the agents' rows stay locked until the
    // commit, so every round trip saved here is time another placement does not wait).
    const writes: RawBuilder<unknown>[] = [];
    if (assigned.length) {
      writes.push(sql`update conversations c set assignee_id = v.agent, team_id = v.team, priority = v.priority::smallint, routing_state = 'assigned',
               assigned_at = ${now}, queued_at = null, preferred_agents = null, auto_assigned = true, updated_at = ${now}
          from (values ${sql.join(assigned.map(({ p, agentId }) => sql`(${p.id}::text, ${agentId}::text, ${p.teamId}::text, ${p.priority}::int)`))}) as v (id, agent, team, priority)
         where c.account_id = ${accountId} and c.id = v.id returning c.id`);
      const byAgent = [...new Set(assigned.map((a) => a.agentId))];
      writes.push(sql`update agent_states set last_assigned_at = ${now}, updated_at = ${now} where account_id = ${accountId} and user_id in (${sql.join(byAgent)}) returning user_id`);
    }
    if (queueNow.length) {
      writes.push(sql`update conversations c set team_id = v.team, priority = v.priority::smallint, routing_state = 'queued',
               queued_at = coalesce(c.queued_at, ${now}), preferred_agents = v.preferred, updated_at = ${now}
          from (values ${sql.join(queueNow.map((p) => sql`(${p.id}::text, ${p.teamId}::text, ${p.priority}::int, ${p.preferred?.length ? sql`array[${sql.join(p.preferred)}]::text[]` : sql`null::text[]`})`))}) as v (id, team, priority, preferred)
         where c.account_id = ${accountId} and c.id = v.id returning c.id`);
    }
    if (labelRows.length) {
      writes.push(sql`insert into conversation_labels (account_id, conversation_id, label_id)
          values ${sql.join(labelRows.map((l) => sql`(${accountId}, ${l.conversationId}, ${l.labelId})`))}
          on conflict do nothing returning label_id`);
    }
    if (decisions.length) {
      writes.push(sql`insert into routing_decisions (account_id, conversation_id, kind, rule_id, rule_name, team_id, agent_id, reason, created_at)
          values ${sql.join(
            decisions.map(({ p, kind, agentId, why }) => {
              const reason = { ...why, routeWhy: p.why.code === why.code ? undefined : p.why, fromQueue: from === 'queued' || undefined, waitedSeconds: p.queuedAt ? Math.round((now.getTime() - p.queuedAt.getTime()) / 1000) : undefined, routedInMs: deps.startedAt ? now.getTime() - deps.startedAt.getTime() : undefined, ...p.extra };
              return sql`(${accountId}, ${p.id}, ${kind}, ${p.rule?.id ?? null}, ${p.rule?.name ?? null}, ${p.teamId}, ${agentId}, ${JSON.stringify(reason)}::jsonb, ${now})`;
            }),
          )} returning id`);
    }
    // New conversations placed in the transaction that opens them are announced by its own
    // conversation.created, which already carries the agent: no second event each.
    if (!(inCallersTransaction && from === 'new')) for (const { p } of decisions) events.push({ accountId, type: 'conversation.updated', payload: { conversationId: p.id } });
    for (const { p } of [...assigned]) if (p.teamId) teamsTouched.add(p.teamId);
    for (const p of queueNow) if (p.teamId) teamsTouched.add(p.teamId);
    result.assigned = assigned.map((a) => ({ id: a.p.id, agentId: a.agentId }));
    result.queued = queueNow.map((p) => p.id);
    // Placed inside someone else's transaction: the wallboard and the queue hear of it after that
    // commits, from the outbox (routing.placed), never of a placement that was rolled back.
    if (inCallersTransaction && (result.assigned.length || result.queued.length)) {
      events.push({ accountId, type: 'routing.placed', payload: { teamIds: [...teamsTouched], assignedIds: result.assigned.map((a) => a.id) } });
    }
    if (events.length) writes.push(outboxInsert(events));
    if (writes.length) await sql`with ${sql.join(writes.map((w, k) => sql`${sql.raw(`w${k}`)} as (${w})`))} select 1`.execute(trx);
    if (events.length) wakeOutbox();
  };
  if (inCallersTransaction) await run(deps.db);
  else await deps.db.transaction().execute(run);
  if (!inCallersTransaction && deps.publish && (result.assigned.length || result.queued.length)) {
    announcePlaced(deps.db, accountId, deps.publish, now, [...teamsTouched], result.assigned.map((a) => a.id));
  }
  return result;
}

/** Tells the wallboards (routing.changed) and the queued shoppers (their new places) that the queue moved. */
export function announcePlaced(db: Db, accountId: string, publish: Publish, now: Date, teamIds: string[], assignedIds: string[]): void {
  publish({ accountId, channel: 'account', event: 'routing.changed', data: { teamIds } });
  scheduleQueueBroadcast(db, accountId, publish, now, assignedIds);
}

/** What the account's rules look at beyond the conversation itself: what is not asked for is not read. */
export type ArrivalNeeds = { text: boolean; lastAgent: boolean; online: boolean };
const ALL_NEEDS: ArrivalNeeds = { text: true, lastAgent: true, online: true };

export function needsOf(rules: Array<{ conditions: { keywords?: string[]; languages?: string[] }; actions: { target?: { kind: string } } }>): ArrivalNeeds {
  return {
    text: rules.some((r) => Boolean(r.conditions.keywords?.length || r.conditions.languages?.length)),
    lastAgent: rules.some((r) => r.actions.target?.kind === 'last_agent'),
    online: rules.some((r) => r.actions.target !== undefined && r.actions.target.kind !== 'team'),
  };
}

/** What the engine needs to know about arriving conversations, in a few queries for the batch. */
export async function loadArrivals(db: Db, accountId: string, ids: string[], needs: ArrivalNeeds = ALL_NEEDS): Promise<Array<{ id: string; channel: string; arrival: Arrival }>> {
  if (ids.length === 0) return [];
  // The first customer message comes in the same statement (for keyword and language rules).
  const { rows } = await sql<{ id: string; channel: string; entry: unknown; customer_id: string; created_at: Date; tier: string; tags: string[] | null; account_manager_id: string | null; inbox_settings: unknown; first_body: string | null }>`
    select c.id, c.channel, c.entry, c.customer_id, c.created_at, cs.tier, cu.tags, cu.account_manager_id, i.settings as inbox_settings,
           ${needs.text ? sql`(select m.body from messages m where m.account_id = c.account_id and m.conversation_id = c.id and m.sender_type = 'customer' order by m.id limit 1)` : sql`null::text`} as first_body
      from conversations c
      join customers cu on cu.account_id = c.account_id and cu.id = c.customer_id
      join customer_stats cs on cs.account_id = c.account_id and cs.customer_id = c.customer_id
      join inboxes i on i.account_id = c.account_id and i.id = c.inbox_id
     where c.account_id = ${accountId} and c.id in (${sql.join(ids)})`.execute(db);
  if (rows.length === 0) return [];
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const entries = new Map(rows.map((r) => [r.id, parse<{ productId?: string; pageUrl?: string; language?: string }>(r.entry) ?? {}]));
  const productIds = [...new Set([...entries.values()].map((e) => e.productId).filter((p): p is string => Boolean(p)))];
  const none = { rows: [] as never[] };
  const [lastAgents, products, groups] = await Promise.all([
    !needs.lastAgent ? Promise.resolve(none) : sql<{ customer_id: string; assignee_id: string }>`
      select distinct on (customer_id) customer_id, assignee_id from conversations
       where account_id = ${accountId} and customer_id in (${sql.join([...new Set(rows.map((r) => r.customer_id))])})
         and assignee_id is not null and id not in (${sql.join(ids)})
       order by customer_id, created_at desc`.execute(db),
    // The shop's page names its product by our id or by its own SKU (what a storefront knows).
    productIds.length
      ? db.selectFrom('products').select(['id', 'sku', 'group_id']).where('account_id', '=', accountId).where((eb) => eb.or([eb('id', 'in', productIds), eb('sku', 'in', productIds)])).execute()
      : Promise.resolve([]),
    productIds.length ? db.selectFrom('product_groups').select(['id', 'parent_id']).where('account_id', '=', accountId).execute() : Promise.resolve([]),
  ]);
  const productOf = new Map<string, string>();
  for (const p of products) {
    productOf.set(p.sku, p.id);
    productOf.set(p.id, p.id);
  }
  const resolved = [...new Set(productOf.values())];
  const dedicated = resolved.length ? await db.selectFrom('product_agents').select(['product_id', 'user_id']).where('account_id', '=', accountId).where('product_id', 'in', resolved).orderBy('user_id').execute() : [];
  const first = new Map(rows.map((r) => [r.id, r.first_body ?? '']));
  const last = new Map(lastAgents.rows.map((m) => [m.customer_id, m.assignee_id]));
  const groupOf = new Map(products.map((p) => [p.id, p.group_id]));
  const parentOf = new Map(groups.map((g) => [g.id, g.parent_id]));
  const agentsOf = new Map<string, string[]>();
  for (const d of dedicated) agentsOf.set(d.product_id, [...(agentsOf.get(d.product_id) ?? []), d.user_id]);
  return rows.map((r) => {
    const entry = entries.get(r.id) ?? {};
    const text = first.get(r.id) ?? '';
    const productId = entry.productId ? productOf.get(entry.productId) ?? null : null;
    const chain: string[] = [];
    for (let g = productId ? groupOf.get(productId) ?? null : null; g && !chain.includes(g); g = parentOf.get(g) ?? null) chain.push(g);
    return {
      id: r.id,
      channel: r.channel,
      arrival: {
        channel: r.channel,
        productId,
        productGroupIds: chain,
        pageUrl: entry.pageUrl ?? null,
        tier: r.tier,
        tags: r.tags ?? [],
        text,
        businessOpen: isOpen(businessHoursOf(parse(r.inbox_settings)), r.created_at),
        language: entry.language === 'en' || entry.language === 'zh-CN' ? entry.language : detectLanguage(text),
        accountManagerId: r.account_manager_id,
        lastAgentId: last.get(r.customer_id) ?? null,
        dedicatedAgentIds: productId ? agentsOf.get(productId) ?? [] : [],
      },
    };
  });
}

export async function onlineAgents(db: Db, accountId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('agent_states').select('user_id').where('account_id', '=', accountId).where('status', '=', 'online').execute();
  return new Set(rows.map((r) => r.user_id));
}

/** New conversations: decide by the rules, then place. Nothing happens while routing is off. */
export async function routeNew(deps: RoutingDeps, accountId: string, ids: string[]): Promise<PlaceResult | null> {
  if (ids.length === 0) return null;
  const config = await routingConfig(deps.db, accountId);
  if (!config.settings.enabled) return null;
  return routeDecided(deps, accountId, ids, config);
}

/**
 * After commit, from the outbox: the new conversations that were not placed in the transaction
 * that opened them (see routeArrived) — any already placed, queued or recorded are left alone.
 */
export async function routeNewAfterCommit(deps: RoutingDeps, accountId: string, ids: string[]): Promise<PlaceResult | null> {
  if (ids.length === 0) return null;
  const config = await routingConfig(deps.db, accountId);
  if (!config.settings.enabled) return null;
  const left = await sql<{ id: string }>`
    select c.id from conversations c
     where c.account_id = ${accountId} and c.id in (${sql.join(ids)}) and c.status = 'open' and c.assignee_id is null and c.routing_state is null
       and not exists (select 1 from routing_decisions d where d.account_id = c.account_id and d.conversation_id = c.id)`.execute(deps.db);
  if (left.rows.length === 0) return null;
  return routeDecided(deps, accountId, left.rows.map((r) => r.id), config);
}

/** In the transaction that opened them, with their first messages stored: placed before it commits. */
export async function routeArrived(trx: Db, accountId: string, ids: string[], now: () => Date): Promise<PlaceResult | null> {
  const startedAt = now();
  return routeNew({ db: trx, now: startedAt, stamp: now, startedAt }, accountId, ids);
}

async function routeDecided(deps: RoutingDeps, accountId: string, ids: string[], config: RoutingConfig): Promise<PlaceResult | null> {
  const { settings, rules } = config;
  const needs = needsOf(rules);
  const [arrivals, online] = await Promise.all([loadArrivals(deps.db, accountId, ids, needs), needs.online ? onlineAgents(deps.db, accountId) : Promise.resolve(new Set<string>())]);
  const placements: Placement[] = arrivals.map(({ id, channel, arrival }) => {
    const d: RouteDecision = decideRoute(rules, arrival, { fallbackTeamId: settings.fallbackTeamId, isOnline: (u) => online.has(u) });
    return { id, channel, teamId: d.teamId, preferred: d.preferredAgentIds, priority: d.priority, labelIds: d.labelIds, rule: d.rule, why: d.why, queuedAt: null, assignKind: 'assigned', extra: { trace: d.trace.map((t) => ({ rule: t.ruleName, matched: t.matched, code: t.why.code })) } };
  });
  // No team and nobody named (no rule held and the fallback team is gone): left for a person to
  // take, as without routing, and recorded so a lead sees why.
  const unrouted = placements.filter((p) => !p.teamId && !p.preferred?.length);
  if (unrouted.length) {
    await deps.db
      .insertInto('routing_decisions')
      .values(unrouted.map((p) => ({ account_id: accountId, conversation_id: p.id, kind: 'unrouted' as const, reason: JSON.stringify({ ...p.why, ...p.extra }), created_at: deps.now })))
      .execute();
  }
  return place(deps, accountId, placements.filter((p) => !unrouted.includes(p)), 'new', config);
}

/**
 * New conversations routing has not seen: one its handler skipped because another writer held the
 * row at that moment, or one that arrived just before routing was turned on. Looked at by the ticker.
 */
export async function routeStranded(deps: RoutingDeps, accountId: string): Promise<PlaceResult | null> {
  const since = new Date(deps.now.getTime() - 10 * 60_000);
  const until = new Date(deps.now.getTime() - 2_000);
  const rows = await sql<{ id: string }>`
    select c.id from conversations c
     where c.account_id = ${accountId} and c.status = 'open' and c.assignee_id is null and c.routing_state is null
       and c.created_at between ${since} and ${until}
       and not exists (select 1 from routing_decisions d where d.account_id = c.account_id and d.conversation_id = c.id)
     order by c.created_at limit 200`.execute(deps.db);
  return rows.rows.length ? routeNew(deps, accountId, rows.rows.map((r) => r.id)) : null;
}

/** A conversation transferred to a team: placed within that team, no rules. */
export async function routeToTeam(deps: RoutingDeps, accountId: string, conversationId: string, teamId: string): Promise<PlaceResult | null> {
  const config = await routingConfig(deps.db, accountId, true);
  const c = await deps.db.selectFrom('conversations').select(['id', 'channel', 'priority']).where('account_id', '=', accountId).where('id', '=', conversationId).executeTakeFirst();
  if (!c) return null;
  return place(deps, accountId, [{ id: c.id, channel: c.channel, teamId, preferred: null, priority: c.priority, labelIds: [], rule: null, why: { code: 'transferred' }, queuedAt: null, assignKind: 'assigned' }], 'new', config);
}

/** Queued conversations get agents as room frees up: highest priority, then longest waiting, first. */
export async function drainQueue(deps: RoutingDeps, accountId: string, limit = 500): Promise<PlaceResult> {
  const total: PlaceResult = { assigned: [], queued: [], skipped: [] };
  // Cheap look first (it runs after every conversation change): anyone waiting at all.
  const anyone = await deps.db.selectFrom('conversations').select('id').where('account_id', '=', accountId).where('routing_state', '=', 'queued').limit(1).execute();
  if (anyone.length === 0) return total;
  const config = await routingConfig(deps.db, accountId, true);
  for (let round = 0; round < 20; round++) {
    // Anyone online with room?
    const room = await sql<{ n: number }>`
      select count(*)::int as n from agent_states where account_id = ${accountId} and status = 'online' and load < capacity`.execute(deps.db);
    if (!room.rows[0] || Number(room.rows[0].n) === 0) break;
    // The head of every team's line, so a full team's long queue never hides a team with room.
    const perTeam = Math.max(20, Math.ceil(limit / 20));
    const waiting = (
      await sql<{ id: string; channel: string; team_id: string | null; preferred_agents: string[] | null; priority: number; queued_at: Date | null }>`
        select id, channel, team_id, preferred_agents, priority, queued_at from (
          select id, channel, team_id, preferred_agents, priority, queued_at,
                 row_number() over (partition by team_id order by priority desc, queued_at, id) as place
            from conversations
           where account_id = ${accountId} and routing_state = 'queued' and status = 'open'
        ) q where place <= ${perTeam}
        order by priority desc, queued_at, id limit ${limit}`.execute(deps.db)
    ).rows;
    if (waiting.length === 0) break;
    const r = await place(
      deps,
      accountId,
      waiting.map((w) => ({ id: w.id, channel: w.channel, teamId: w.team_id, preferred: w.preferred_agents, priority: w.priority, labelIds: [], rule: null, why: { code: 'from_queue' }, queuedAt: w.queued_at, assignKind: 'assigned' })),
      'queued',
      config,
    );
    total.assigned.push(...r.assigned);
    if (r.assigned.length === 0) break;
  }
  return total;
}

/** Queued longer than the account allows: over to the fallback team, keeping the place by waiting time. */
export async function overflowQueue(deps: RoutingDeps, accountId: string): Promise<string[]> {
  const { settings } = await routingConfig(deps.db, accountId);
  if (!settings.fallbackTeamId) return [];
  const fallback = settings.fallbackTeamId;
  const cutoff = new Date(deps.now.getTime() - settings.overflowAfterSeconds * 1000);
  const moved = await deps.db.transaction().execute(async (trx) => {
    const due = await sql<{ id: string; team_id: string | null; queued_at: Date }>`
      select id, team_id, queued_at from conversations
       where account_id = ${accountId} and routing_state = 'queued' and status = 'open' and queued_at <= ${cutoff}
         and (team_id is distinct from ${fallback} or preferred_agents is not null)
       order by queued_at limit 500 for update skip locked`.execute(trx);
    if (due.rows.length === 0) return [];
    const ids = due.rows.map((r) => r.id);
    await trx.updateTable('conversations').set({ team_id: fallback, preferred_agents: null, updated_at: deps.now }).where('account_id', '=', accountId).where('id', 'in', ids).execute();
    await trx
      .insertInto('routing_decisions')
      .values(due.rows.map((r) => ({ account_id: accountId, conversation_id: r.id, kind: 'overflowed' as const, team_id: fallback, reason: JSON.stringify({ code: 'overflow', fromTeamId: r.team_id, waitedSeconds: Math.round((deps.now.getTime() - r.queued_at.getTime()) / 1000), limitSeconds: settings.overflowAfterSeconds }), created_at: deps.now })))
      .execute();
    await emitAll(trx, ids.map((id) => ({ accountId, type: 'conversation.updated', payload: { conversationId: id } })));
    return ids;
  });
  if (moved.length && deps.publish) deps.publish({ accountId, channel: 'account', event: 'routing.changed', data: { teamIds: [fallback] } });
  return moved;
}

/** Assigned by routing and not answered in time: offered to another agent of the team, if one has room. */
export async function reofferUnanswered(deps: RoutingDeps, accountId: string): Promise<PlaceResult> {
  const config = await routingConfig(deps.db, accountId, true);
  const { settings } = config;
  const cutoff = new Date(deps.now.getTime() - settings.answerTimeoutSeconds * 1000);
  const due = await deps.db
    .selectFrom('conversations')
    .select(['id', 'channel', 'team_id', 'priority', 'assignee_id', 'assigned_at', 'preferred_agents'])
    .where('account_id', '=', accountId)
    .where('routing_state', '=', 'assigned')
    .where('auto_assigned', '=', true)
    .where('status', '=', 'open')
    .where('assigned_at', '<=', cutoff)
    .where('waiting_since', 'is not', null)
    .where(sql<boolean>`waiting_since <= assigned_at`)
    .orderBy('assigned_at')
    .limit(200)
    .execute();
  if (due.length === 0) return { assigned: [], queued: [], skipped: [] };
  const r = await place(
    deps,
    accountId,
    due.map((d) => ({
      id: d.id,
      channel: d.channel,
      teamId: d.team_id,
      preferred: null,
      priority: d.priority,
      labelIds: [],
      rule: null,
      why: { code: 'reoffered', vars: { seconds: settings.answerTimeoutSeconds } },
      exclude: d.assignee_id ? [d.assignee_id] : [],
      queuedAt: null,
      assignKind: 'reoffered',
      extra: { fromAgentId: d.assignee_id, timeoutSeconds: settings.answerTimeoutSeconds },
    })),
    'assigned',
    config,
  );
  // Nobody else had room: it stays, and is looked at again after another full timeout.
  const stayed = due.filter((d) => !r.assigned.some((a) => a.id === d.id)).map((d) => d.id);
  if (stayed.length) {
    await deps.db.updateTable('conversations').set({ assigned_at: deps.now }).where('account_id', '=', accountId).where('id', 'in', stayed).where('routing_state', '=', 'assigned').execute();
  }
  return r;
}
