import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeUser } from '../../../../test/factories.ts';

describe(`quick replies (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
  });
  after(async () => { await s.close(); });

  test('a new account starts with one shared reply per reception step', async () => {
    const owner = await loginAs(s.url);
    const list = await owner.get('/api/quick-replies');
    assert.deepEqual(list.body.items.map((q: any) => q.step).sort(), ['analyse', 'ask', 'farewell', 'greet', 'help', 'negotiate', 'recommend', 'verify']);
    assert.ok(list.body.variables.includes('customer.name'));
    const greet = await owner.get('/api/quick-replies?step=greet');
    assert.equal(greet.body.items.length, 1);
  });

  test('agents keep personal replies; only leads change the shared library', async () => {
    const a = await makeUser(s.db, accountId, 'agent');
    const b = await makeUser(s.db, accountId, 'agent');
    const agentA = await loginAs(s.url, a.email, a.password);
    const agentB = await loginAs(s.url, b.email, b.password);
    const mine = await agentA.post('/api/quick-replies', { shortcut: '包邮', title: '包邮说明', body: '亲，满 99 元包邮哦' });
    assert.equal(mine.status, 201);
    assert.equal(mine.body.quickReply.scope, 'personal');
    assert.equal((await agentA.post('/api/quick-replies', { shortcut: '包邮', title: 'x', body: 'y' })).body.error.code, 'conflict');
    assert.ok((await agentA.get('/api/quick-replies?q=包邮')).body.items.some((q: any) => q.id === mine.body.quickReply.id));
    assert.ok(!(await agentB.get('/api/quick-replies?q=包邮')).body.items.some((q: any) => q.id === mine.body.quickReply.id));
    assert.equal((await agentB.patch(`/api/quick-replies/${mine.body.quickReply.id}`, { body: '改掉' })).status, 404);
    assert.equal((await agentA.post('/api/quick-replies/shared', { shortcut: 'x1', title: 't', body: 'b' })).status, 403);
    const lead = await makeUser(s.db, accountId, 'team_lead');
    const leadClient = await loginAs(s.url, lead.email, lead.password);
    const shared = await leadClient.post('/api/quick-replies/shared', { shortcut: '发货', title: '发货时间', body: '48 小时内发货', step: 'help' });
    assert.equal(shared.status, 201);
    assert.ok((await agentB.get('/api/quick-replies?q=发货')).body.items.some((q: any) => q.id === shared.body.quickReply.id));
    assert.equal((await leadClient.delete(`/api/quick-replies/shared/${shared.body.quickReply.id}`)).status, 204);
    assert.equal((await agentA.delete(`/api/quick-replies/${mine.body.quickReply.id}`)).status, 204);
  });

  test('variables are filled from the conversation’s customer, latest order, agent and shop', async () => {
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow();
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
    const shopper = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    const sent = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: '我的快递到哪了？' });
    const conversationId = sent.body.message.conversationId;
    const customerId = (await s.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow()).customer_id;
    const { user, email, password } = await makeUser(s.db, accountId, 'agent');
    await s.db.updateTable('users').set({ nickname: '小美' }).where('id', '=', user.id).execute();
    const agent = await loginAs(s.url, email, password);
    const body = '{{customer.name}}您好，我是{{agent.nickname}}，您的订单{{order.number}}{{order.status}}。';

    const before = await agent.post(`/api/conversations/${conversationId}/render`, { body });
    // An anonymous shopper is called by the nickname the widget gave them; there is no order yet.
    assert.deepEqual(before.body.missing.sort(), ['order.number', 'order.status']);
    assert.match(before.body.text, /^访客\w{4}您好，我是小美，您的订单。$/);

    await s.db.updateTable('customers').set({ name: '王芳' }).where('id', '=', customerId).execute();
    await s.db.insertInto('orders').values({ id: 'ord_render_1', account_id: accountId, customer_id: customerId, platform: 'web', platform_order_id: 'TB20261125001', status: 'shipped', item_total: '199.00', discount_total: '0', shipping_fee: '0', paid_total: '199.00', placed_at: new Date('2026-11-20T02:00:00Z') } as any).execute();
    const after = await agent.post(`/api/conversations/${conversationId}/render`, { body });
    assert.equal(after.body.text, '王芳您好，我是小美，您的订单TB20261125001已发货。');
    assert.deepEqual(after.body.missing, []);
  });
});
