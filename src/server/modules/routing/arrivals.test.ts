import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeUser } from '../../../../test/factories.ts';
import { newId } from '../../platform/ids.ts';
import { arrivalFailures, onConversationsArrived } from '../conversations/arrivals.ts';
import { ensureAgentStates } from './agent-state.ts';
import { routeArrived } from './assign.ts';
import { configReads, routingConfig } from './config-cache.ts';

/**
 * A new chat is placed in the transaction that stores its first message; when that fails, the
 * message is stored all the same (the savepoint) and the outbox places the chat after commit.
 */
describe(`routing on arrival, and its backstop (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let inboxId: string;
  let agentId: string;

  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      await s.server.dispatcher!.drain();
      const left = await s.db.selectFrom('outbox').select('id').where('processed_at', 'is', null).limit(1).execute();
      if (left.length === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  async function shopperSays(body: string) {
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    const shopper = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    const sent = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    return sent.body.message.conversationId as string;
  }
  const conv = (id: string) => s.db.selectFrom('conversations').select(['assignee_id', 'routing_state']).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    s = await startTestServer({ env: { SHOPDESK_ROUTING_TICK_MS: '60000' } });
    accountId = await firstAccountId(s.db);
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;
    const teamId = newId('team');
    await s.db.insertInto('teams').values({ id: teamId, account_id: accountId, parent_id: null, name: '售前' }).execute();
    const { user } = await makeUser(s.db, accountId, 'agent', { name: '售前客服' });
    agentId = user.id;
    await s.db.insertInto('team_members').values({ account_id: accountId, team_id: teamId, user_id: agentId }).execute();
    await ensureAgentStates(s.db, accountId, [agentId]);
    await s.db.updateTable('agent_states').set({ status: 'online', capacity: 10 }).where('account_id', '=', accountId).where('user_id', '=', agentId).execute();
    await s.db.insertInto('routing_settings').values({ account_id: accountId, enabled: true, fallback_team_id: teamId }).execute();
  });
  after(async () => {
    onConversationsArrived(routeArrived);
    await s.close();
  });

  test('placed before the shopper hears the message was stored', async () => {
    await s.server.dispatcher!.stop();
    try {
      const id = await shopperSays('你好，在吗？');
      assert.deepEqual(await conv(id), { assignee_id: agentId, routing_state: 'assigned' });
    } finally {
      s.server.dispatcher!.start();
    }
    await settle();
  });

  test('a placement that fails is rolled back to its savepoint: the message stays, the outbox places the chat', async () => {
    const failuresBefore = arrivalFailures();
    // Writes something in the transaction, then fails: what it wrote must not survive.
    onConversationsArrived(async (trx, account, ids) => {
      await trx.insertInto('routing_decisions').values(ids.map((id) => ({ account_id: account, conversation_id: id, kind: 'unrouted' as const, reason: JSON.stringify({ code: 'half_done' }) }))).execute();
      throw new Error('routing is down');
    });
    await s.server.dispatcher!.stop();
    let id = '';
    try {
      id = await shopperSays('我想问一下发货时间');
      assert.equal(arrivalFailures(), failuresBefore + 1);
      assert.deepEqual(await conv(id), { assignee_id: null, routing_state: null });
      const stored = await s.db.selectFrom('messages').select('body').where('account_id', '=', accountId).where('conversation_id', '=', id).execute();
      assert.deepEqual(stored.map((m) => m.body), ['我想问一下发货时间']);
      const decisions = await s.db.selectFrom('routing_decisions').select('kind').where('account_id', '=', accountId).where('conversation_id', '=', id).execute();
      assert.deepEqual(decisions, [], 'the failed placement left nothing behind');
    } finally {
      onConversationsArrived(routeArrived);
      s.server.dispatcher!.start();
    }
    await settle();
    assert.deepEqual(await conv(id), { assignee_id: agentId, routing_state: 'assigned' });
    const decisions = await s.db.selectFrom('routing_decisions').select('kind').where('account_id', '=', accountId).where('conversation_id', '=', id).execute();
    assert.deepEqual(decisions.map((d) => d.kind), ['assigned']);
  });

  test('rules and teams are held in memory and read again only after they change, never from a rolled-back change', async () => {
    const assignee = async (id: string) => (await conv(id)).assignee_id;
    await shopperSays('先热一下');
    const held = configReads();
    assert.equal(await assignee(await shopperSays('这个有货吗')), agentId);
    assert.equal(configReads(), held, 'a second arrival reads neither rules nor teams');

    // A new team with its own agent, and a rule sending 退货 there, committed as one change (the
    // routing ticker may read the configuration at any moment: between two commits it would read twice).
    // The next arrival sees both.
    const afterSales = newId('team');
    const { user } = await makeUser(s.db, accountId, 'agent', { name: '售后客服' });
    await ensureAgentStates(s.db, accountId, [user.id]);
    await s.db.updateTable('agent_states').set({ status: 'online', capacity: 10 }).where('account_id', '=', accountId).where('user_id', '=', user.id).execute();
    const ruleId = newId('rul');
    await s.db.transaction().execute(async (trx) => {
      await trx.insertInto('teams').values({ id: afterSales, account_id: accountId, parent_id: null, name: '售后' }).execute();
      await trx.insertInto('team_members').values({ account_id: accountId, team_id: afterSales, user_id: user.id }).execute();
      await trx.insertInto('routing_rules').values({ id: ruleId, account_id: accountId, name: '退货去售后', position: 0, conditions: JSON.stringify({ keywords: ['退货'] }), actions: JSON.stringify({ target: { kind: 'team', teamId: afterSales } }) }).execute();
    });
    assert.equal(await assignee(await shopperSays('我要退货')), user.id);
    assert.equal(configReads(), held + 1);

    // Read inside a transaction that deletes the rule, then rolled back: what it held must not stay.
    await s.db
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom('routing_rules').where('account_id', '=', accountId).where('id', '=', ruleId).execute();
        assert.deepEqual((await routingConfig(trx, accountId)).rules, []);
        throw new Error('changed my mind');
      })
      .catch((e: Error) => assert.equal(e.message, 'changed my mind'));
    assert.equal(await assignee(await shopperSays('还是要退货')), user.id, 'the committed rule still holds');
    await settle();
  });
});
