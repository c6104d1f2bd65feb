// Routing under concurrency: two ShopDesk processes (both workers) on one PostgreSQL database route
// a burst of conversations posted to both at once, while agents resolve chats through either node, so
// both nodes drain the same queues at the same moments. Checked from the database, at sampled moments
// and at the end: no conversation given twice, no agent past capacity, the trigger-kept load equal
// to the real count, every conversation assigned or queued, and the queue emptied as room frees.
// ROUTING_TEST_DEBUG=1 prints its progress.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loginAs, openTestDatabase, TestClient, type TestDatabase } from './harness.ts';
import { makeAccount, makeUser } from './factories.ts';
import { openSocket, startNode, type NodeProcess, type SocketClient } from './nodes.ts';
import { newId } from '../src/server/platform/ids.ts';
import { ensureDefaultInbox } from '../src/server/modules/conversations/index.ts';
import type { Db } from '../src/server/db/database.ts';

const TEAMS = [
  { name: '退货', keyword: '退货', body: (i: number) => `我想退货，怎么办？ ${i}` },
  { name: '物流', keyword: '物流', body: (i: number) => `物流到哪里了？ ${i}` },
  { name: '签证', keyword: '签证', body: (i: number) => `签证材料要准备什么？ ${i}` },
];
const AGENTS_PER_TEAM = 4;
const CAPACITY = 3;
const CONVERSATIONS = 150;
const dbg = (m: string) => void (process.env.ROUTING_TEST_DEBUG && console.error(`[${new Date().toISOString()}] ${m}`));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Sample = { at: number; over: string[]; drift: string[]; mismatched: string[] };

/**
 * One statement, so one snapshot: each agent's load, capacity and real count of open assigned
 * conversations, and conversations whose routing state and assignee disagree.
 */
async function sample(db: Db, accountId: string): Promise<Sample> {
  const { rows } = await sql<{ kind: string; id: string; load: number; capacity: number; real: number }>`
    with real as materialized (
      select assignee_id, count(*)::int as n from conversations
       where account_id = ${accountId} and status = 'open' and assignee_id is not null group by assignee_id)
    select 'agent' as kind, s.user_id as id, s.load, s.capacity, coalesce(r.n, 0) as real
      from agent_states s left join real r on r.assignee_id = s.user_id
     where s.account_id = ${accountId}
    union all
    select 'conversation', c.id, 0, 0, 0 from conversations c
     where c.account_id = ${accountId} and c.status = 'open'
       and coalesce(c.routing_state = 'assigned', false) <> (c.assignee_id is not null)`.execute(db);
  const out: Sample = { at: Date.now(), over: [], drift: [], mismatched: [] };
  for (const r of rows) {
    if (r.kind === 'conversation') out.mismatched.push(r.id);
    else {
      if (r.real > r.capacity || r.load > r.capacity) out.over.push(`${r.id}: load ${r.load}, real ${r.real}, capacity ${r.capacity}`);
      if (r.load !== r.real) out.drift.push(`${r.id}: load ${r.load}, real ${r.real}`);
    }
  }
  return out;
}

describe('routing on two nodes sharing one PostgreSQL', { skip: !process.env.TEST_DATABASE_URL ? 'needs TEST_DATABASE_URL' : false }, () => {
  test('a burst posted to both nodes while agents resolve on both: nothing given twice, nobody past capacity, the queue drains', { timeout: 150_000 }, async () => {
    const tdb: TestDatabase = await openTestDatabase();
    const db = tdb.db;
    const nodes: NodeProcess[] = [];
    const sockets: SocketClient[] = [];
    let sampling = true;
    let sampler: Promise<Sample[]> = Promise.resolve([]);
    try {
      // A witness in this test's database only: every committed moment an agent's load went past
      // capacity, however briefly, is written down, so a breach between two samples is not missed.
      await sql`create table test_capacity_breaches (user_id text not null, load integer not null, capacity integer not null)`.execute(db);
      await sql`create function test_note_breach() returns trigger language plpgsql as $$
        begin insert into test_capacity_breaches values (new.user_id, new.load, new.capacity); return null; end $$`.execute(db);
      await sql`create trigger test_note_breach after update of load on agent_states for each row when (new.load > new.capacity) execute function test_note_breach()`.execute(db);

      // The shop, its teams, agents, rules and settings, written before either node starts.
      const { accountId, email, password } = await makeAccount(db, '双节点测试店');
      await ensureDefaultInbox(db, accountId);
      const teamIds: string[] = [];
      const members = new Map<string, string[]>();
      const agents: Array<{ id: string; email: string; password: string; teamId: string }> = [];
      for (const [k, t] of TEAMS.entries()) {
        const teamId = newId('team');
        teamIds.push(teamId);
        await db.insertInto('teams').values({ id: teamId, account_id: accountId, name: t.name, sort: k }).execute();
        for (let j = 0; j < AGENTS_PER_TEAM; j++) {
          const a = await makeUser(db, accountId, 'agent', { name: `${t.name}客服${j + 1}` });
          agents.push({ id: a.user.id, email: a.email, password: a.password, teamId });
          members.set(teamId, [...(members.get(teamId) ?? []), a.user.id]);
          await db.insertInto('team_members').values({ account_id: accountId, team_id: teamId, user_id: a.user.id }).execute();
          await db
            .insertInto('agent_states')
            .values({ account_id: accountId, user_id: a.user.id, status: 'online', status_source: 'manual', capacity: CAPACITY, channel_capacity: '{}', channel_load: '{}', last_activity_at: new Date() })
            .execute();
        }
        await db
          .insertInto('routing_rules')
          .values({ id: newId('rul'), account_id: accountId, name: `${t.name}关键词`, position: k, conditions: JSON.stringify({ keywords: [t.keyword] }), actions: JSON.stringify({ target: { kind: 'team', teamId } }) })
          .execute();
      }
      // Long overflow and answer timeouts: nothing moves between teams or agents but by capacity.
      await db
        .insertInto('routing_settings')
        .values({ account_id: accountId, enabled: true, fallback_team_id: teamIds[0], overflow_after_seconds: 86_400, answer_timeout_seconds: 86_400, auto_away_minutes: 0 })
        .execute();

      const env = { DATABASE_URL: tdb.url!, SHOPDESK_ROLES: 'web,worker', SHOPDESK_ROUTING_TICK_MS: '200', DATABASE_POOL_SIZE: '8' };
      nodes.push(...(await Promise.all([startNode(env), startNode(env)])));
      dbg('nodes started');

      const owner = await loginAs(nodes[0].url, email, password);
      const inbox = await owner.post('/api/channels/api/inboxes', { name: '接口渠道', platform: 'taobao' });
      assert.equal(inbox.status, 201, JSON.stringify(inbox.body));
      const token = await owner.post('/api/api-tokens', { name: '对接程序', role: 'admin' });
      assert.equal(token.status, 201, JSON.stringify(token.body));
      const connectors = nodes.map((n) => new TestClient(n.url, 'zh-CN', token.body.secret));
      // Each agent is signed in once, keeps a workspace open on that node (they stay online), and may
      // act through either node (the session lives in the database).
      const sessions = new Map<string, TestClient[]>();
      await Promise.all(
        agents.map(async (ag, i) => {
          const c = await loginAs(nodes[i % 2].url, ag.email, ag.password);
          sockets.push(await openSocket(nodes[i % 2].url, c.cookie));
          const other = new TestClient(nodes[(i + 1) % 2].url);
          other.cookie = c.cookie;
          other.csrfToken = c.csrfToken;
          sessions.set(ag.id, i % 2 === 0 ? [c, other] : [other, c]);
        }),
      );

      dbg('agents signed in');
      sampler = (async () => {
        const samples: Sample[] = [];
        while (sampling) {
          samples.push(await sample(db, accountId));
          await sleep(15);
        }
        return samples;
      })();

      // The burst: 24 posts in flight to each node at once, alternately to node A and node B; a
      // connector retries what a busy node refuses with 503 (its database pool was full).
      const expectedTeam = new Map<string, string>();
      let next = 0;
      const poster = async (node: number) => {
        for (let i = next++; i < CONVERSATIONS; i = next++) {
          const k = i % TEAMS.length;
          for (let attempt = 0; ; attempt++) {
            const res = await connectors[(i + node) % 2].post(`/api/channels/api/${inbox.body.inbox.id}/messages`, { externalMessageId: `m-${i}`, customer: { externalId: `buyer-${i}` }, body: TEAMS[k].body(i) });
            if (res.status === 503 && attempt < 5) continue;
            assert.equal(res.status, 201, JSON.stringify(res.body));
            expectedTeam.set(res.body.conversationId, teamIds[k]);
            break;
          }
        }
      };
      const burst = Promise.all(Array.from({ length: 48 }, (_, j) => poster(j % 2)));

      // Meanwhile agents resolve chats given to them, each through a node picked at random, until
      // nothing waits: every resolve frees room that both nodes' drains race for.
      let burstDone = false;
      void burst.finally(() => {
        burstDone = true;
      });
      let resolved = 0;
      const refused: string[] = [];
      const deadline = Date.now() + 60_000;
      const resolver = async () => {
        while (Date.now() < deadline) {
          const waiting = await db
            .selectFrom('conversations')
            .select(sql<number>`count(*) filter (where routing_state = 'queued' or routing_state is null)`.as('n'))
            .where('account_id', '=', accountId)
            .where('status', '=', 'open')
            .executeTakeFirstOrThrow();
          if (burstDone && Number(waiting.n) === 0) return;
          const pick = await db
            .selectFrom('conversations')
            .select(['id', 'assignee_id'])
            .where('account_id', '=', accountId)
            .where('status', '=', 'open')
            .where('assignee_id', 'is not', null)
            .orderBy(sql`random()`)
            .limit(1)
            .executeTakeFirst();
          if (!pick) {
            await sleep(5);
            continue;
          }
          const via = sessions.get(pick.assignee_id!)![Math.random() < 0.5 ? 0 : 1];
          const res = await via.post(`/api/conversations/${pick.id}/resolve`);
          if (res.status === 200) resolved++;
          else refused.push(`${res.status} ${JSON.stringify(res.body)}`);
        }
      };
      void burst.then(() => dbg('burst acknowledged'));
      const progress = process.env.ROUTING_TEST_DEBUG
        ? setInterval(async () => {
            const states = await db.selectFrom('conversations').select(['routing_state', 'status', sql<number>`count(*)`.as('n')]).where('account_id', '=', accountId).groupBy(['routing_state', 'status']).execute();
            dbg(`resolved ${resolved}: ${JSON.stringify(states)}`);
          }, 2000)
        : undefined;
      await Promise.all([burst, ...Array.from({ length: 6 }, resolver)]).finally(() => clearInterval(progress));
      assert.ok(Date.now() < deadline, 'the queue did not drain in 60 s');

      // Settle: every event handled on both nodes, then the last look.
      for (let until = Date.now() + 15_000; Date.now() < until; await sleep(50)) {
        const pending = await db.selectFrom('outbox').select(sql<number>`count(*)`.as('n')).where('processed_at', 'is', null).where('type', 'in', ['conversation.created', 'conversation.updated', 'routing.agents_changed']).executeTakeFirstOrThrow();
        if (Number(pending.n) === 0) break;
      }
      sampling = false;
      const samples = await sampler;
      const last = await sample(db, accountId);

      // Every fault of every kind is gathered, so a failure shows the whole picture at once.
      const faults: Record<string, string[]> = { doubleAssigned: [], overCapacity: [], loadDrift: [], stateMismatch: [], wrongTeam: [], notAssigned: [], resolveRefused: refused };
      const note = (kind: string, what: string) => faults[kind].length < 10 && faults[kind].push(what);

      // Past capacity at any committed moment (the witness), or at a sampled one.
      const breaches = await sql<{ user_id: string; load: number; capacity: number }>`select user_id, load, capacity from test_capacity_breaches`.execute(db);
      for (const b of breaches.rows) note('overCapacity', `committed: ${b.user_id} load ${b.load}, capacity ${b.capacity}`);

      // At no sampled moment: an agent past capacity, a load that is not the real count, an assignee without 'assigned'.
      assert.ok(samples.length >= 20, `only ${samples.length} samples`);
      for (const s of [...samples, last]) {
        const at = new Date(s.at).toISOString();
        for (const x of s.over) note('overCapacity', `${at} ${x}`);
        for (const x of s.drift) note('loadDrift', `${at} ${x}`);
        for (const x of s.mismatched) note('stateMismatch', `${at} ${x}`);
      }

      // At the end: nothing queued or unrouted; every conversation in the team its keyword names, with an agent of that team.
      const conversations = await db.selectFrom('conversations').select(['id', 'status', 'routing_state', 'team_id', 'assignee_id']).where('account_id', '=', accountId).execute();
      assert.equal(conversations.length, CONVERSATIONS);
      for (const c of conversations) {
        if (c.routing_state !== 'assigned') note('notAssigned', `${c.id} is ${c.routing_state ?? 'unrouted'} (${c.status})`);
        if (c.team_id !== expectedTeam.get(c.id)) note('wrongTeam', `${c.id} is in team ${c.team_id}, not ${expectedTeam.get(c.id)}`);
        else if (c.assignee_id && !members.get(c.team_id!)!.includes(c.assignee_id)) note('wrongTeam', `${c.id} is with ${c.assignee_id}, not of its team`);
      }

      // Every decision: an 'assigned' one names an agent of its team, and no conversation is given
      // twice without a re-offer or transfer between; its last assignment is the assignee it has.
      const decisions = await db.selectFrom('routing_decisions').select(['id', 'conversation_id', 'kind', 'team_id', 'agent_id']).where('account_id', '=', accountId).orderBy('id').execute();
      const byConversation = new Map<string, typeof decisions>();
      for (const d of decisions) byConversation.set(d.conversation_id, [...(byConversation.get(d.conversation_id) ?? []), d]);
      for (const c of conversations) {
        let holder: string | null = null;
        for (const d of byConversation.get(c.id) ?? []) {
          if (d.kind === 'assigned') {
            if (holder) note('doubleAssigned', `${c.id}: to ${holder}, then to ${d.agent_id}`);
            holder = d.agent_id;
            if (!d.agent_id || !members.get(d.team_id!)?.includes(d.agent_id)) note('wrongTeam', `decision ${d.id} gives ${c.id} to ${d.agent_id}, not of team ${d.team_id}`);
          } else if (d.kind === 'reoffered' || d.kind === 'transferred' || d.kind === 'reassigned') holder = null;
        }
        if (!holder) note('notAssigned', `${c.id} has no 'assigned' decision`);
        else if (holder !== c.assignee_id) note('doubleAssigned', `${c.id}: the decision gives it to ${holder}, the conversation is with ${c.assignee_id}`);
      }
      const logged = nodes.flatMap((n) => n.output().split('\n').filter((l) => /"level":(50|60)/.test(l)));
      assert.deepEqual(faults, { doubleAssigned: [], overCapacity: [], loadDrift: [], stateMismatch: [], wrongTeam: [], notAssigned: [], resolveRefused: [] }, `the nodes logged ${logged.length} errors; the first:\n${logged.slice(0, 3).join('\n')}`);

      // The test did what it is for: many conversations waited in a queue and got an agent from it.
      const queued = decisions.filter((d) => d.kind === 'queued').length;
      assert.ok(queued >= CONVERSATIONS / 3, `only ${queued} of ${CONVERSATIONS} conversations queued`);
      assert.ok(resolved >= CONVERSATIONS - TEAMS.length * AGENTS_PER_TEAM * CAPACITY, `only ${resolved} resolved`);
      const open = conversations.filter((c) => c.status === 'open').length;
      assert.ok(open > 0 && open <= TEAMS.length * AGENTS_PER_TEAM * CAPACITY);
    } finally {
      sampling = false;
      await sampler.catch(() => []);
      for (const s of sockets) s.close();
      await Promise.all(nodes.map((n) => n.stop()));
      await tdb.close();
    }
  });
});
