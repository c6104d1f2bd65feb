import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeUser } from '../../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { ensureAgentStates } from './agent-state.ts';
import { sweepRouting } from './routing.events.ts';
import { queuePosition } from './queue.ts';

/**
 * The whole path of a routed chat, through the server: a shopper opens a chat from a product page,
 * the rule sends it to the product's team, the least-loaded online agent gets it, a full team queues
 * it, room frees and the queue moves, a long wait overflows to the fallback team, and an agent who
 * does not answer loses it to a colleague. Time is moved by the injected clock.
 */
describe(`routing: assignment, queue, overflow, re-offer (${testStore})`, () => {
  const clock = fixedClock('2026-12-01T02:00:00Z');
  let s: TestServer;
  let owner: TestClient;
  let accountId: string;
  let inboxId: string;
  const team: Record<string, string> = {};
  const agent: Record<string, string> = {};
  let productId: string;
  let productSku: string;

  async function addTeam(name: string, parentId: string | null = null) {
    const id = `team_${randomUUID()}`;
    await s.db.insertInto('teams').values({ id, account_id: accountId, parent_id: parentId, name }).execute();
    return id;
  }
  async function addAgent(name: string, teamId: string, capacity: number) {
    const { user } = await makeUser(s.db, accountId, 'agent', { name });
    await s.db.insertInto('team_members').values({ account_id: accountId, team_id: teamId, user_id: user.id }).execute();
    await ensureAgentStates(s.db, accountId, [user.id]);
    await s.db.updateTable('agent_states').set({ status: 'online', capacity }).where('account_id', '=', accountId).where('user_id', '=', user.id).execute();
    return user.id;
  }
  /**
   * Routing runs in the outbox's handlers, after commit: hand out the events until none is left and
   * nothing is in flight (the dispatcher may be busy with a batch it claimed on its own).
   */
  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      await s.server.dispatcher!.drain();
      const left = await s.db.selectFrom('outbox').select('id').where('processed_at', 'is', null).limit(1).execute();
      if (left.length === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  async function openChat(body: string, entry: Record<string, string> = { productId }, opts: { settle?: boolean } = {}) {
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId, entry });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    const shopper = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    const sent = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body, entry });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    if (opts.settle !== false) await settle();
    return sent.body.message.conversationId as string;
  }
  const conv = (id: string) =>
    s.db.selectFrom('conversations').select(['assignee_id', 'team_id', 'routing_state', 'priority', 'auto_assigned']).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirstOrThrow();
  const decisions = async (id: string) => (await owner.get(`/api/conversations/${id}/routing`)).body.items as Array<{ kind: string; ruleName: string | null; teamName: string | null; agentName: string | null; why: string }>;
  const sweep = () => sweepRouting({ db: s.db, now: clock.now() }, accountId).then(settle);

  before(async () => {
    s = await startTestServer({ clock, env: { SHOPDESK_ROUTING_TICK_MS: '60000' } });
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;
    team.visa = await addTeam('签证');
    team.japan = await addTeam('日韩签证', team.visa);
    team.presale = await addTeam('售前');
    agent.jpA = await addAgent('日本客服A', team.japan, 1);
    agent.jpB = await addAgent('日本客服B', team.japan, 1);
    agent.pre = await addAgent('售前客服', team.presale, 5);
    const groupId = newId('pgp');
    await s.db.insertInto('product_groups').values({ id: groupId, account_id: accountId, name: '日韩签证' }).execute();
    productId = newId('prd');
    productSku = `JP-${randomUUID().slice(0, 6)}`;
    await s.db.insertInto('products').values({ id: productId, account_id: accountId, group_id: groupId, sku: productSku, name: '日本单次旅游签证', price: 399 }).execute();
    await s.db
      .insertInto('routing_rules')
      .values([
        { id: newId('rul'), account_id: accountId, name: '日本签证咨询', position: 0, conditions: JSON.stringify({ productGroupIds: [groupId] }), actions: JSON.stringify({ target: { kind: 'team', teamId: team.japan } }) },
        { id: newId('rul'), account_id: accountId, name: '退款加急', position: 1, conditions: JSON.stringify({ keywords: ['退款'] }), actions: JSON.stringify({ target: { kind: 'team', teamId: team.presale }, priority: 3 }) },
      ])
      .execute();
    await s.db.insertInto('routing_settings').values({ account_id: accountId, enabled: true, fallback_team_id: team.presale, overflow_after_seconds: 60, answer_timeout_seconds: 30 }).execute();
  });
  after(async () => { await s.close(); });

  let first: string;
  let second: string;
  let third: string;

  test('a chat from a Japan-visa product lands with a Japan agent, by the rule; the next with the other', async () => {
    // The shop's page names the product by its own SKU, as the demo shop does. With the outbox
    // stopped, the chat still has its agent when the shopper's message is acknowledged: it was
    // placed in the transaction that stored the message.
    await s.server.dispatcher!.stop();
    try {
      first = await openChat('你好，日本签证要准备什么材料？', { productId: productSku }, { settle: false });
      const placed = await conv(first);
      assert.ok([agent.jpA, agent.jpB].includes(placed.assignee_id!), `placed with ${placed.assignee_id} before any handler ran`);
      const recorded = await s.db.selectFrom('routing_decisions').select('kind').where('account_id', '=', accountId).where('conversation_id', '=', first).execute();
      assert.deepEqual(recorded.map((r) => r.kind), ['assigned']);
    } finally {
      s.server.dispatcher!.start();
    }
    await settle();
    const c1 = await conv(first);
    assert.ok([agent.jpA, agent.jpB].includes(c1.assignee_id!), `assigned to ${c1.assignee_id}`);
    assert.equal(c1.team_id, team.japan);
    assert.equal(c1.routing_state, 'assigned');
    assert.equal(c1.auto_assigned, true);
    second = await openChat('请问办理日本签证要多久？');
    const c2 = await conv(second);
    assert.ok([agent.jpA, agent.jpB].includes(c2.assignee_id!));
    assert.notEqual(c2.assignee_id, c1.assignee_id, 'the least-loaded agent gets the second chat');
    const [d] = await decisions(first);
    assert.equal(d.kind, 'assigned');
    assert.equal(d.ruleName, '日本签证咨询');
    assert.equal(d.teamName, '日韩签证');
    assert.match(d.why, /命中规则/);
    const loads = await s.db.selectFrom('agent_states').select(['user_id', 'load']).where('account_id', '=', accountId).where('user_id', 'in', [agent.jpA, agent.jpB]).execute();
    assert.deepEqual(loads.map((l) => l.load), [1, 1]);
  });

  test('with every Japan agent full the chat queues, with its place; resolving one lets the queue move', async () => {
    third = await openChat('日本签证加急可以吗？');
    const c3 = await conv(third);
    assert.equal(c3.assignee_id, null);
    assert.equal(c3.routing_state, 'queued');
    assert.equal(c3.team_id, team.japan);
    assert.deepEqual(await queuePosition(s.db, accountId, third, clock.now()), { position: 1, etaSeconds: 45 });
    assert.equal((await decisions(third))[0].kind, 'queued');
    const firstAgent = (await conv(first)).assignee_id!;
    const resolved = await owner.post(`/api/conversations/${first}/resolve`, {});
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    await settle();
    const after = await conv(third);
    assert.equal(after.assignee_id, firstAgent, 'the agent who freed up takes the waiting chat');
    assert.equal(after.routing_state, 'assigned');
    assert.equal(await queuePosition(s.db, accountId, third), null);
    const kinds = (await decisions(third)).map((d) => d.kind);
    assert.deepEqual(kinds, ['queued', 'assigned']);
  });

  test('a chat queued longer than the limit overflows to the fallback team', async () => {
    const waiting = await openChat('日本签证被拒了还能再办吗？');
    assert.equal((await conv(waiting)).routing_state, 'queued');
    clock.advance(30_000);
    await sweep();
    assert.equal((await conv(waiting)).team_id, team.japan, 'not yet');
    clock.advance(31_000);
    await sweep();
    const c = await conv(waiting);
    assert.equal(c.team_id, team.presale);
    assert.equal(c.assignee_id, agent.pre, 'the fallback team has room');
    const kinds = (await decisions(waiting)).map((d) => d.kind);
    assert.deepEqual(kinds, ['queued', 'overflowed', 'assigned']);
    assert.match((await decisions(waiting))[1].why, /排队超过 60 秒/);
  });

  test('an agent who does not answer in time loses the chat to a colleague with room', async () => {
    // Keywords: 退款 goes to 售前 at top priority.
    const urgent = await openChat('我要退款，东西坏了', {});
    const c = await conv(urgent);
    assert.equal(c.assignee_id, agent.pre);
    assert.equal(c.priority, 3);
    const colleague = await addAgent('售前客服二', team.presale, 5);
    clock.advance(31_000);
    await sweep();
    const moved = await conv(urgent);
    assert.equal(moved.assignee_id, colleague);
    const last = (await decisions(urgent)).at(-1)!;
    assert.equal(last.kind, 'reoffered');
    assert.match(last.why, /30 秒未回复/);
    // Answered in time: nothing moves.
    await owner.post(`/api/conversations/${urgent}/messages`, { clientId: randomUUID(), body: '您好，马上为您处理退款' });
    clock.advance(60_000);
    await sweep();
    assert.equal((await conv(urgent)).assignee_id, colleague);
  });

  test('a person who assigns a chat takes it out of routing; the load follows', async () => {
    const chat = await openChat('你好', {});
    const target = agent.jpB;
    const res = await owner.post(`/api/conversations/${chat}/assign`, { assigneeId: target });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await settle();
    const c = await conv(chat);
    assert.equal(c.auto_assigned, false);
    const last = (await decisions(chat)).at(-1)!;
    assert.equal(last.kind, 'reassigned');
    assert.equal(last.agentName, '日本客服B');
    assert.equal(last.why, '由人工分配或改派');
    assert.equal(c.routing_state, 'assigned');
    const real = await s.db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('assignee_id', '=', target).where('status', '=', 'open').executeTakeFirstOrThrow();
    const state = await s.db.selectFrom('agent_states').select('load').where('account_id', '=', accountId).where('user_id', '=', target).executeTakeFirstOrThrow();
    assert.equal(state.load, Number(real.n));
  });

  test('routing off: new chats wait unassigned, as before', async () => {
    await s.db.updateTable('routing_settings').set({ enabled: false }).where('account_id', '=', accountId).execute();
    const chat = await openChat('日本签证', {});
    const c = await conv(chat);
    assert.equal(c.assignee_id, null);
    assert.equal(c.routing_state, null);
    await s.db.updateTable('routing_settings').set({ enabled: true }).where('account_id', '=', accountId).execute();
  });

  test('the dry run tells which rule, team and agent, and why', async () => {
    const res = await owner.post('/api/routing/test', { channel: 'web', productId, message: '日本签证' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.ruleName, '日本签证咨询');
    assert.equal(res.body.teamName, '日韩签证');
    assert.equal(res.body.trace[0].matched, true);
    assert.ok(['assign', 'queue'].includes(res.body.outcome));
    assert.equal(res.body.candidates.length, 2);
    const keyword = await owner.post('/api/routing/test', { channel: 'web', message: '我想退款' });
    assert.equal(keyword.body.ruleName, '退款加急');
    assert.equal(keyword.body.priority, 3);
    assert.equal(keyword.body.trace[0].matched, false);
    assert.match(keyword.body.trace[0].why, /商品不属于指定分组/);
    const bad = await owner.post('/api/routing/test', { channel: 'fax' });
    assert.equal(bad.status, 400);
    const missing = await owner.post('/api/routing/test', { productId: 'prd_nope' });
    assert.equal(missing.status, 404);
  });
});
