// Routing speed: 10,000 conversations arriving in a burst through the API channel of a real ShopDesk
// server (its own process, or two on one database with BENCH_NODES=2) on a fresh PostgreSQL
// database, routed by 20 keyword rules to 20 teams of 10 agents (200, all online, capacity 30 each:
// 6,000 get an agent on arrival, 4,000 wait). Then the agents resolve conversations at a steady pace,
// round-robin, and the queues drain.
//
//   assign: for conversations that got an agent on arrival, routing_decisions.created_at −
//     conversations.created_at, both stamped by the server's clock: the POST's arrival (the
//     moment its handler ran, before it waits for a group transaction), and the placement, made
//     in the group transaction that stores the first message once the agents' rows are locked
//     (the commit follows within the same transaction); and the wall clock from the POST's 201
//     to the owner's workspace socket hearing the conversation with its assignee (what an agent
//     sees: one outbox hop).
//   route: routing's own time for those, recorded on the decision (routedInMs): from the moment
//     the group transaction hands its new conversations to routing (their first messages stored)
//     to the placement, lock waits included. assign − route is the wait for a group transaction.
//   queue wait: for the queued ones, the 'queued' decision to the 'assigned' one (bound by the pace
//     of resolves); refill: from an agent's resolve to the queued conversation that took the room.
//   imbalance: sampled every BENCH_SAMPLE_MS in one statement: per team, max − min load of its online
//     agents; the figure is the largest while any queue is non-empty.
//   violations: committed moments when an agent's load exceeded capacity (a witness trigger in the
//     bench database), samples where the load or the real count of open assigned conversations
//     exceeded capacity or the trigger-kept load differed from the real count (every tenth sample
//     counts), the same at the end, and conversations with an agent not of their team.
//   double assignments: conversations with two 'assigned' decisions, or whose assignment is not
//     their assignee.
//   raw: in the same database, with the server stopped, a bare 200-row table on 4 connections:
//     single-row UPDATE … RETURNING commits a second, and the lock-and-book round trip
//     (BEGIN; SELECT … FOR UPDATE; UPDATE; COMMIT) a second with its p50/p99.
//
// The agents' workspaces are not opened (each would hear every conversation of the account, 200 ×
// 30,000 frames): the bench keeps a row in agent_sockets per agent fresh, as their node would, so
// presence keeps them online. One owner socket watches the account channel.
//
//   npm run bench -- routing
//   BENCH_CONVERSATIONS=2000 BENCH_TEAMS=5 npm run bench -- routing
//   BENCH_NODES=2 npm run bench -- routing            (two server processes; realtime over Redis)
//
// Knobs: BENCH_DATABASE_URL, BENCH_CONVERSATIONS (10000), BENCH_TEAMS (20), BENCH_AGENTS_PER_TEAM
// (10), BENCH_CAPACITY (30), BENCH_IN_FLIGHT (posts in flight, 32), BENCH_RESOLVE_RATE (resolves a
// second, 500), BENCH_ARRIVAL_RATE (0: as fast as the posts in flight go; else conversations a
// second, paced), BENCH_NODES (1), BENCH_REDIS_URL, BENCH_RAW_SECONDS (5), BENCH_SAMPLE_MS (100),
// BENCH_SERVER_OUTPUT=path (the servers' logs).
//
// Ends with one JSON line:
// {"p99_assign_ms","max_imbalance","violations","double_assignments","p50_assign_ms","p99_route_ms","p99_assign_seen_ms",
//  "p50_assign_seen_ms","queue_wait_p50_ms","queue_wait_p99_ms",…,"raw_lock_update_p99_ms","ratio_p99"}.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import WebSocket from 'ws';
import { TestClient } from '../test/harness.ts';
import { startNode, type NodeProcess } from '../test/nodes.ts';
import { newId } from '../src/server/platform/ids.ts';
import { cpuSampler, type CpuUse } from './chat-cpu.ts';
import { percentile } from './chat-clients.ts';
import { admin, databaseUrl, serverUrl } from './bench-db.ts';

const env = process.env;
const CONVERSATIONS = Number(env.BENCH_CONVERSATIONS ?? 10_000);
const TEAMS = Number(env.BENCH_TEAMS ?? 20);
const PER_TEAM = Number(env.BENCH_AGENTS_PER_TEAM ?? 10);
const CAPACITY = Number(env.BENCH_CAPACITY ?? 30);
const IN_FLIGHT = Number(env.BENCH_IN_FLIGHT ?? 32);
const ARRIVAL_RATE = Number(env.BENCH_ARRIVAL_RATE ?? 0);
const RESOLVE_RATE = Number(env.BENCH_RESOLVE_RATE ?? 500);
const NODES = Number(env.BENCH_NODES ?? 1);
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RAW_SECONDS = Number(env.BENCH_RAW_SECONDS ?? 5);
const SAMPLE_MS = Number(env.BENCH_SAMPLE_MS ?? 100);
const ADMIN = { email: 'owner@bench.shopdesk', password: 'bench-owner-password' };
const WORKSPACE_NODE = 'bench-workspaces';

const log = (line: string) => process.stderr.write(`routing: ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : null);
const pct = (values: number[], p: number) => percentile(Float64Array.from(values), values.length, p);
const teamKeyword = (k: number) => `line${String(k).padStart(2, '0')}`;

async function checkpoint(pool: pg.Pool): Promise<void> {
  await pool.query('checkpoint').catch(() => {});
}

/** The shop's routing set up in the database, as an admin would through the API: teams, agents, rules, settings. */
async function seedRouting(pool: pg.Pool, accountId: string) {
  const teams: string[] = [];
  const agents: Array<{ id: string; team: string }> = [];
  for (let k = 0; k < TEAMS; k++) {
    const teamId = newId('team');
    teams.push(teamId);
    await pool.query('insert into teams (id, account_id, name, sort) values ($1, $2, $3, $4)', [teamId, accountId, `业务线${k + 1}`, k]);
    for (let j = 0; j < PER_TEAM; j++) agents.push({ id: newId('usr'), team: teamId });
    await pool.query(
      `insert into routing_rules (id, account_id, name, position, conditions, actions) values ($1, $2, $3, $4, $5, $6)`,
      [newId('rul'), accountId, `关键词 ${teamKeyword(k)}`, k, JSON.stringify({ keywords: [teamKeyword(k)] }), JSON.stringify({ target: { kind: 'team', teamId } })],
    );
  }
  // The agents never sign in here: no password, and the bench stands in for their workspaces.
  const ids = agents.map((a) => a.id);
  await pool.query(
    `insert into users (id, account_id, email, name, role) select id, $2, 'agent-' || n || '@bench.shopdesk', '客服' || n, 'agent' from unnest($1::text[]) with ordinality as u (id, n)`,
    [ids, accountId],
  );
  await pool.query(`insert into team_members (account_id, team_id, user_id) select $3, t, u from unnest($1::text[], $2::text[]) as x (u, t)`, [ids, agents.map((a) => a.team), accountId]);
  await pool.query(
    `insert into agent_states (account_id, user_id, status, status_source, capacity, last_activity_at) select $2, u, 'online', 'manual', $3, now() from unnest($1::text[]) as u`,
    [ids, accountId, CAPACITY],
  );
  await pool.query(`insert into agent_sockets (account_id, user_id, node_id, sockets, seen_at) select $2, u, $3, 1, now() from unnest($1::text[]) as u`, [ids, accountId, WORKSPACE_NODE]);
  // Overflow and answer timeouts out of the way: conversations move only by capacity.
  await pool.query(
    `insert into routing_settings (account_id, enabled, fallback_team_id, overflow_after_seconds, answer_timeout_seconds, auto_away_minutes) values ($1, true, $2, 86400, 86400, 0)`,
    [accountId, teams[0]],
  );
  return { teams, agents };
}

type Sample = { at: number; ms: number; queued: number; imbalance: number; over: number; drift: number };

/**
 * One statement, one snapshot: each team agent's status, load and capacity, and each team's queue;
 * with `real`, also each agent's real count of open assigned conversations (a scan of the open
 * conversations, so only every tenth sample: the sampler should not be what loads the database).
 */
async function takeSample(pool: pg.Pool, accountId: string, real: boolean): Promise<Sample> {
  const started = performance.now();
  const { rows } = await pool.query<{ team_id: string; status: string; load: number; capacity: number; real: number | null; queued: number }>(
    `with ${real ? `real as materialized (
       select assignee_id, count(*)::int as n from conversations where account_id = $1 and status = 'open' and assignee_id is not null group by assignee_id),` : ''}
     q as materialized (
       select team_id, count(*)::int as n from conversations where account_id = $1 and routing_state = 'queued' and status = 'open' group by team_id)
     select m.team_id, s.status, s.load, s.capacity, ${real ? 'coalesce(r.n, 0)' : 'null::int'} as real, coalesce(q.n, 0) as queued
       from team_members m
       join agent_states s on s.account_id = m.account_id and s.user_id = m.user_id
       ${real ? 'left join real r on r.assignee_id = s.user_id' : ''}
       left join q on q.team_id = m.team_id
      where m.account_id = $1`,
    [accountId],
  );
  const loads = new Map<string, number[]>();
  const queuedByTeam = new Map<string, number>();
  const out: Sample = { at: performance.now(), ms: performance.now() - started, queued: 0, imbalance: 0, over: 0, drift: 0 };
  for (const r of rows) {
    queuedByTeam.set(r.team_id, r.queued);
    if (r.load > r.capacity || (r.real ?? 0) > r.capacity) out.over++;
    if (r.real !== null && r.load !== r.real) out.drift++;
    if (r.status === 'online') loads.set(r.team_id, [...(loads.get(r.team_id) ?? []), r.load]);
  }
  for (const q of queuedByTeam.values()) out.queued += q;
  for (const l of loads.values()) out.imbalance = Math.max(out.imbalance, Math.max(...l) - Math.min(...l));
  return out;
}

/** The owner's workspace socket: the moment each conversation is first heard with an assignee. */
function watchAssignments(baseUrl: string, cookie: string, seenAt: Map<string, { at: number; agentId: string }>): Promise<WebSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { cookie }, perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.on('message', (raw: Buffer) => {
      const at = performance.now();
      // A chat placed on arrival is heard with its agent in conversation.created; a queued one in conversation.updated.
      if (raw.indexOf('"event":"conversation.updated"') === -1 && raw.indexOf('"event":"conversation.created"') === -1) {
        if (raw.toString('latin1', 0, 20).startsWith('{"type":"ready"')) resolve(ws);
        return;
      }
      const frame = JSON.parse(raw.toString()) as { data?: { conversation?: { id: string; assignee: { id: string } | null } } };
      const c = frame.data?.conversation;
      if (c?.assignee && !seenAt.has(c.id)) seenAt.set(c.id, { at, agentId: c.assignee.id });
    });
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`owner socket closed with ${code}`)));
  });
}

/** The raw limit: a bare table of 200 agent rows, 4 connections, for `seconds` each. */
async function measureRaw(url: string, seconds: number) {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('create table raw_agents (id integer primary key, load integer not null)');
  await setup.query('insert into raw_agents select g, 0 from generate_series(1, 200) g');
  await setup.query('checkpoint').catch(() => {});
  const run = async (body: (c: pg.Client, id: number) => Promise<void>) => {
    const times: number[] = [];
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          for (let n = w; performance.now() < until; n += 4) {
            const t = performance.now();
            await body(c, (n % 200) + 1);
            times.push(performance.now() - t);
          }
        } finally {
          await c.end();
        }
      }),
    );
    return { perSecond: Math.round(times.length / ((performance.now() - started) / 1000)), p50: pct(times, 50), p99: pct(times, 99) };
  };
  const update = await run(async (c, id) => {
    await c.query('update raw_agents set load = load + 1 where id = $1 returning load', [id]);
  });
  const lockAndBook = await run(async (c, id) => {
    await c.query('begin');
    await c.query('select load from raw_agents where id = $1 for update', [id]);
    await c.query('update raw_agents set load = load + 1 where id = $1', [id]);
    await c.query('commit');
  });
  await setup.query('drop table raw_agents');
  await setup.end();
  return { update, lockAndBook };
}

async function run(url: string, database: string) {
  const nodeEnv: Record<string, string> = {
    DATABASE_URL: url,
    SHOPDESK_ADMIN_EMAIL: ADMIN.email,
    SHOPDESK_ADMIN_PASSWORD: ADMIN.password,
    SHOPDESK_ACCOUNT_NAME: '花漾美妆（路由基准）',
    SHOPDESK_ROLES: 'web,worker,scheduler',
    LOG_LEVEL: 'warn',
    ...(NODES > 1 ? { REDIS_URL } : {}),
  };
  const nodes: NodeProcess[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  let owner: WebSocket | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    // The first node makes the account; the others join it.
    nodes.push(await startNode(nodeEnv, 120_000));
    for (let i = 1; i < NODES; i++) nodes.push(await startNode({ ...nodeEnv, SHOPDESK_ROLES: 'web,worker' }, 120_000));
    log(`${nodes.length} server process(es): ${nodes.map((n) => `pid ${n.child.pid} at ${n.url}`).join(', ')}`);
    const { rows: [account] } = await pool.query<{ id: string }>('select id from accounts order by created_at limit 1');

    const ownerClient = new TestClient(nodes[0].url);
    await ownerClient.login(ADMIN.email, ADMIN.password);
    const inbox = await ownerClient.post('/api/channels/api/inboxes', { name: '天猫旗舰店接口', platform: 'tmall' });
    if (inbox.status !== 201) throw new Error(`API inbox: ${inbox.status} ${JSON.stringify(inbox.body)}`);
    const token = await ownerClient.post('/api/api-tokens', { name: '路由基准对接程序', role: 'admin' });
    if (token.status !== 201) throw new Error(`API token: ${token.status} ${JSON.stringify(token.body)}`);
    const connectors = nodes.map((n) => new TestClient(n.url, 'zh-CN', token.body.secret));

    // A witness in the bench's database: every committed moment an agent's load went past capacity,
    // between samples or not (the WHEN clause costs the load trigger's update next to nothing).
    await pool.query(`create table bench_capacity_breaches (user_id text not null, load integer not null, capacity integer not null)`);
    await pool.query(`create function bench_note_breach() returns trigger language plpgsql as $$ begin insert into bench_capacity_breaches values (new.user_id, new.load, new.capacity); return null; end $$`);
    await pool.query(`create trigger bench_note_breach after update of load on agent_states for each row when (new.load > new.capacity) execute function bench_note_breach()`);

    let t = performance.now();
    const { agents } = await seedRouting(pool, account.id);
    const teamOf = new Map(agents.map((a) => [a.id, a.team]));
    heartbeat = setInterval(() => void pool.query('update agent_sockets set seen_at = now() where node_id = $1', [WORKSPACE_NODE]).catch(() => {}), 20_000);
    log(`${TEAMS} teams × ${PER_TEAM} agents (capacity ${CAPACITY}, ${agents.length * CAPACITY} in all), ${TEAMS} keyword rules (${((performance.now() - t) / 1000).toFixed(1)} s)`);

    const seenAt = new Map<string, { at: number; agentId: string }>();
    owner = await watchAssignments(nodes[0].url, ownerClient.cookie, seenAt);

    // Warm-up on a second shop-side customer path: the first routing loads jieba and the plans.
    for (let i = 0; i < 3; i++) {
      const res = await connectors[i % nodes.length].post(`/api/channels/api/${inbox.body.inbox.id}/messages`, { externalMessageId: `warm-${i}`, customer: { externalId: `warm-${i}` }, body: `预热 ${teamKeyword(0)}` });
      if (res.status !== 201) throw new Error(`warm-up: ${res.status} ${JSON.stringify(res.body)}`);
    }
    for (const until = performance.now() + 30_000; performance.now() < until && seenAt.size < 3; ) await sleep(20);
    await pool.query(`update conversations set status = 'resolved', resolved_at = now() where account_id = $1`, [account.id]);
    await pool.query(`delete from routing_decisions where account_id = $1`, [account.id]);
    seenAt.clear();
    await sleep(1000);
    await checkpoint(pool);

    // Sampling, all through the run.
    const samples: Sample[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const started = performance.now();
        samples.push(await takeSample(pool, account.id, samples.length % 10 === 0));
        await sleep(Math.max(0, SAMPLE_MS - (performance.now() - started)));
      }
    })();

    // The burst: BENCH_IN_FLIGHT posts in flight, spread over the nodes; each a new customer's first message.
    const sentAt = new Map<string, number>();
    const ackAt = new Map<string, number>();
    let refused = 0;
    let next = 0;
    const cpus = nodes.map((n) => cpuSampler(n.child.pid!, database));
    for (const c of cpus) c.start();
    const burstStart = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, w) => {
        for (let i = next++; i < CONVERSATIONS; i = next++) {
          const k = i % TEAMS;
          // Paced (BENCH_ARRIVAL_RATE): conversation i is not posted before its time.
          if (ARRIVAL_RATE > 0) await sleep(burstStart + (i * 1000) / ARRIVAL_RATE - performance.now());
          for (let attempt = 0; ; attempt++) {
            const sent = performance.now();
            const res = await connectors[(i + w) % nodes.length].post(`/api/channels/api/${inbox.body.inbox.id}/messages`, {
              externalMessageId: `bench-${i}`,
              customer: { externalId: `buyer-${i}` },
              body: `你好，关于 ${teamKeyword(k)} 的订单 ${i} 想问一下`,
            });
            if (res.status === 201) {
              sentAt.set(res.body.conversationId, sent);
              ackAt.set(res.body.conversationId, performance.now());
              break;
            }
            refused++;
            if (attempt >= 5) throw new Error(`post ${i}: ${res.status} ${JSON.stringify(res.body)}`);
          }
        }
      }),
    );
    const burstSeconds = (performance.now() - burstStart) / 1000;
    const cpuBurst = cpus.map((c) => c.stop());
    log(`burst: ${CONVERSATIONS} conversations posted in ${burstSeconds.toFixed(1)} s (${Math.round(CONVERSATIONS / burstSeconds)}/s, ${ARRIVAL_RATE > 0 ? `paced at ${ARRIVAL_RATE}/s` : `${IN_FLIGHT} in flight`}${refused ? `, ${refused} refused and retried` : ''}); CPU (% of a core) server ${cpuBurst.map((c) => c.server).join('+')}, postgres ${cpuBurst[0].postgres}, load generator ${cpuBurst[0].bench}, other ${cpuBurst[0].other}; machine ${cpuBurst[0].machine}% busy`);

    // Every arrival routed (assigned or queued) before the agents start resolving.
    t = performance.now();
    for (;;) {
      const { rows: [r] } = await pool.query<{ n: number }>(`select count(*)::int as n from conversations where account_id = $1 and status = 'open' and routing_state is null`, [account.id]);
      if (r.n === 0 || performance.now() - t > 120_000) break;
      await sleep(50);
    }
    log(`all arrivals routed ${((performance.now() - burstStart) / 1000).toFixed(1)} s after the burst began; ${seenAt.size} seen assigned on the owner's socket`);

    // The agents resolve at a steady pace, round-robin: each takes their oldest open conversation.
    const openOf = new Map<string, string[]>(agents.map((a) => [a.id, []]));
    const taken = new Set<string>();
    const collect = () => {
      for (const [id, s] of seenAt) {
        if (taken.has(id)) continue;
        taken.add(id);
        openOf.get(s.agentId)?.push(id);
      }
    };
    let resolved = 0;
    let resolveErrors = 0;
    let cursor = 0;
    const cpuDrain = nodes.map((n) => cpuSampler(n.child.pid!, database));
    for (const c of cpuDrain) c.start();
    const drainStart = performance.now();
    const inflight = new Set<Promise<void>>();
    let done = false;
    while (!done && performance.now() - drainStart < 300_000) {
      collect();
      // A resolve the server refuses (503: its pool was full) is tried again on the agent's next turn.
      const due = Math.min(Math.floor(((performance.now() - drainStart) / 1000) * RESOLVE_RATE) - resolved, 32) - inflight.size;
      for (let n = 0; n < due; n++) {
        let id: string | undefined;
        let agentId = '';
        for (let tries = 0; tries < agents.length && !id; tries++) id = openOf.get((agentId = agents[cursor++ % agents.length].id))!.shift();
        if (!id) break;
        const conversationId = id;
        const p = connectors[cursor % nodes.length]
          .post(`/api/conversations/${conversationId}/resolve`)
          .then((res) => {
            if (res.status === 200) resolved++;
            else {
              resolveErrors++;
              openOf.get(agentId)!.unshift(conversationId);
            }
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      const last = samples[samples.length - 1];
      done = seenAt.size >= CONVERSATIONS && last !== undefined && last.at > drainStart && last.queued === 0;
      await sleep(5);
    }
    await Promise.all(inflight);
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const cpuDrained = cpuDrain.map((c) => c.stop());
    log(`drain: ${resolved} resolved in ${drainSeconds.toFixed(1)} s at ${RESOLVE_RATE}/s${resolveErrors ? ` (${resolveErrors} refused)` : ''}, ${seenAt.size} of ${CONVERSATIONS} seen assigned; CPU server ${cpuDrained.map((c) => c.server).join('+')}, postgres ${cpuDrained[0].postgres}, other ${cpuDrained[0].other}`);
    await sleep(1000);
    sampling = false;
    await sampler;

    // The figures, from the database.
    const { rows: decided } = await pool.query<{ id: string; created_ms: number; decisions: Array<{ kind: string; at: number; agent: string | null; team: string | null; routedInMs: number | null }>; assignee_id: string | null; routing_state: string | null; team_id: string | null }>(
      `select c.id, extract(epoch from c.created_at) * 1000 as created_ms, c.assignee_id, c.routing_state, c.team_id,
              coalesce(json_agg(json_build_object('kind', d.kind, 'at', extract(epoch from d.created_at) * 1000, 'agent', d.agent_id, 'team', d.team_id, 'routedInMs', (d.reason ->> 'routedInMs')::numeric) order by d.id)
                       filter (where d.id is not null), '[]') as decisions
         from conversations c left join routing_decisions d on d.account_id = c.account_id and d.conversation_id = c.id
        where c.account_id = $1 and c.id = any($2::text[])
        group by c.id`,
      [account.id, [...sentAt.keys()]],
    );
    const onArrival: number[] = [];
    const routed: number[] = [];
    const onArrivalSeen: number[] = [];
    const onArrivalSent: number[] = [];
    const queueWait: number[] = [];
    let doubles = 0;
    let waitingAtEnd = 0;
    let wrongTeam = 0;
    for (const c of decided) {
      const assigned = c.decisions.filter((d) => d.kind === 'assigned');
      if (assigned.length > 1 || (assigned[0] && assigned[0].agent !== c.assignee_id)) doubles++;
      if (c.routing_state !== 'assigned') waitingAtEnd++;
      if (c.assignee_id && teamOf.get(c.assignee_id) !== c.team_id) wrongTeam++;
      const first = c.decisions[0];
      if (first?.kind === 'assigned') {
        onArrival.push(first.at - Number(c.created_ms));
        if (first.routedInMs !== null) routed.push(Number(first.routedInMs));
        const seen = seenAt.get(c.id);
        if (seen) {
          onArrivalSeen.push(seen.at - ackAt.get(c.id)!);
          onArrivalSent.push(seen.at - sentAt.get(c.id)!);
        }
      } else if (first?.kind === 'queued' && assigned[0]) queueWait.push(assigned[0].at - first.at);
    }
    // Refill: each agent's resolves and the assignments from the queue that followed, paired in
    // order (the k-th slot freed with the k-th refill): how long freed room stayed empty.
    const refill: number[] = [];
    {
      const { rows: freed } = await pool.query<{ agent: string; at: number }>(
        `select assignee_id as agent, extract(epoch from resolved_at) * 1000 as at from conversations where account_id = $1 and status = 'resolved' and resolved_at is not null and id = any($2::text[]) order by resolved_at`,
        [account.id, [...sentAt.keys()]],
      );
      const refills = new Map<string, number[]>();
      for (const c of decided) {
        const a = c.decisions.find((d) => d.kind === 'assigned');
        if (c.decisions[0]?.kind === 'queued' && a?.agent) refills.set(a.agent, [...(refills.get(a.agent) ?? []), a.at]);
      }
      const freedBy = new Map<string, number[]>();
      for (const f of freed) freedBy.set(f.agent, [...(freedBy.get(f.agent) ?? []), Number(f.at)]);
      for (const [agent, times] of refills) {
        const slots = freedBy.get(agent) ?? [];
        times.sort((x, y) => x - y).forEach((t, k) => {
          if (slots[k] !== undefined && slots[k] <= t) refill.push(t - slots[k]);
        });
      }
    }
    const { rows: [final] } = await pool.query<{ drift: number; over: number }>(
      `select count(*) filter (where s.load <> coalesce(r.n, 0))::int as drift, count(*) filter (where greatest(s.load, coalesce(r.n, 0)) > s.capacity)::int as over
         from agent_states s left join (select assignee_id, count(*)::int as n from conversations where account_id = $1 and status = 'open' and assignee_id is not null group by assignee_id) r on r.assignee_id = s.user_id
        where s.account_id = $1`,
      [account.id],
    );
    const { rows: [breaches] } = await pool.query<{ n: number }>('select count(*)::int as n from bench_capacity_breaches');
    const whileQueued = samples.filter((s) => s.queued > 0);
    const sampleViolations = samples.reduce((n, s) => n + s.over + s.drift, 0);
    const figures = {
      p99_assign_ms: round1(pct(onArrival, 99)),
      max_imbalance: whileQueued.length ? Math.max(...whileQueued.map((s) => s.imbalance)) : null,
      violations: breaches.n + sampleViolations + final.drift + final.over + wrongTeam,
      double_assignments: doubles,
      p50_assign_ms: round1(pct(onArrival, 50)),
      max_assign_ms: round1(pct(onArrival, 100)),
      p99_route_ms: round1(pct(routed, 99)),
      p50_route_ms: round1(pct(routed, 50)),
      p99_assign_seen_ms: round1(pct(onArrivalSeen, 99)),
      p50_assign_seen_ms: round1(pct(onArrivalSeen, 50)),
      p99_send_to_seen_ms: round1(pct(onArrivalSent, 99)),
      queue_wait_p50_ms: round1(pct(queueWait, 50)),
      queue_wait_p99_ms: round1(pct(queueWait, 99)),
      refill_p50_ms: round1(pct(refill, 50)),
      refill_p99_ms: round1(pct(refill, 99)),
      assigned_on_arrival: onArrival.length,
      queued: queueWait.length,
      waiting_at_end: waitingAtEnd,
      max_imbalance_any: Math.max(0, ...samples.map((s) => s.imbalance)),
      samples: samples.length,
      samples_while_queued: whileQueued.length,
      arrivals_per_s: Math.round(CONVERSATIONS / burstSeconds),
      resolves_per_s: Math.round(resolved / drainSeconds),
      nodes: nodes.length,
    };
    if (waitingAtEnd) {
      // Which step left them: their outbox events and their rows.
      const lost = decided.filter((c) => c.routing_state !== 'assigned').slice(0, 5).map((c) => c.id);
      const { rows: events } = await pool.query(
        `select payload ->> 'conversationId' as conversation, type, processed_at, attempts, locked_until, last_error from outbox where payload ->> 'conversationId' = any($1::text[]) order by id`,
        [lost],
      );
      const { rows: convs } = await pool.query(`select id, status, routing_state, team_id, assignee_id, created_at, updated_at from conversations where id = any($1::text[])`, [lost]);
      log(`not assigned at the end, the first ${lost.length}: ${JSON.stringify(convs)}; their events: ${JSON.stringify(events)}`);
    }
    log(`sampling: ${samples.length} samples, ${whileQueued.length} while a queue was non-empty; a sample took ${(samples.reduce((n, s) => n + s.ms, 0) / Math.max(1, samples.length)).toFixed(1)} ms on average`);
    log(`checks: ${breaches.n} committed capacity breaches, ${sampleViolations} sample violations, final load drift ${final.drift}, final over capacity ${final.over}, wrong team ${wrongTeam}, double ${doubles}, not assigned at the end ${waitingAtEnd}`);
    return { figures, cpu: { burst: cpuBurst, drain: cpuDrained } as Record<string, CpuUse[]> };
  } finally {
    clearInterval(heartbeat);
    owner?.terminate();
    if (env.BENCH_SERVER_OUTPUT) nodes.forEach((n, i) => fs.writeFileSync(`${env.BENCH_SERVER_OUTPUT}.${i}.log`, n.output()));
    for (const n of nodes) {
      const warnings = n.output().split('\n').filter((l) => /"level":(40|50|60)/.test(l));
      if (warnings.length) log(`pid ${n.child.pid} logged ${warnings.length} warnings/errors; the first: ${warnings.slice(0, 3).join('\n')}`);
    }
    await Promise.all(nodes.map((n) => n.stop()));
    await pool.end();
  }
}

async function main() {
  const name = `shopdesk_bench_${crypto.randomBytes(5).toString('hex')}`;
  const url = databaseUrl(name);
  await admin(`create database ${name}`);
  try {
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    const version = (await probe.query('show server_version')).rows[0].server_version;
    await probe.end();
    log(`${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${version}, database ${name}; ${CONVERSATIONS} conversations, ${TEAMS}×${PER_TEAM} agents`);
    const { figures } = await run(url, name);
    log(`raw: a bare 200-row table, 4 connections, ${RAW_SECONDS} s each: single-row UPDATE … RETURNING, then BEGIN; SELECT … FOR UPDATE; UPDATE; COMMIT`);
    const raw = await measureRaw(url, RAW_SECONDS);
    log(`raw: ${raw.update.perSecond} updates/s (p99 ${raw.update.p99.toFixed(2)} ms); ${raw.lockAndBook.perSecond} lock-and-book/s (p50 ${raw.lockAndBook.p50.toFixed(2)} ms, p99 ${raw.lockAndBook.p99.toFixed(2)} ms)`);
    console.log(
      JSON.stringify({
        ...figures,
        raw_update_per_s: raw.update.perSecond,
        raw_lock_update_per_s: raw.lockAndBook.perSecond,
        raw_lock_update_p50_ms: round1(raw.lockAndBook.p50),
        raw_lock_update_p99_ms: round1(raw.lockAndBook.p99),
        ratio_p99: figures.p99_assign_ms !== null ? round1(figures.p99_assign_ms / raw.lockAndBook.p99) : null,
      }),
    );
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

await main();
