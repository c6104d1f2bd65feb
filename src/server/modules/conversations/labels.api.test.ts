import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';

describe(`labels (标签) and list filters (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let accountId: string;

  async function newConversation(body = '你好') {
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
    const sent = await new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    return sent.body.message.conversationId as string;
  }
  const listIds = async (query: string) => {
    const res = await owner.get(`/api/conversations?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items.map((c: any) => c.id);
  };

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
  });
  after(async () => { await s.close(); });

  test('leads keep the labels: create, rename, recolour, delete; names are unique without regard to case', async () => {
    const created = await owner.post('/api/labels', { name: 'VIP退货', color: '#fa541c' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.label.id, /^lbl_/);
    assert.equal(created.body.label.conversations, 0);
    const dup = await owner.post('/api/labels', { name: 'vip退货' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'label_name_taken');
    assert.equal(dup.body.error.field, 'name');
    const badColour = await owner.post('/api/labels', { name: '颜色不对', color: 'red' });
    assert.equal(badColour.status, 400);
    const blank = await owner.post('/api/labels', { name: '   ' });
    assert.equal(blank.status, 400);
    const plain = await owner.post('/api/labels', { name: '物流' });
    assert.equal(plain.body.label.color, '#1677ff');
    const renamed = await owner.patch(`/api/labels/${plain.body.label.id}`, { name: '物流问题', color: '#13c2c2' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.label.name, '物流问题');
    assert.equal((await owner.patch(`/api/labels/${plain.body.label.id}`, { name: 'VIP退货' })).status, 409);
    assert.equal((await owner.patch('/api/labels/lbl_nope', { name: 'x' })).status, 404);
    const list = await agent.get('/api/labels');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((l: any) => l.name), ['VIP退货', '物流问题']);
    // Agents use labels but do not keep the list.
    assert.equal((await agent.post('/api/labels', { name: '客服自建' })).status, 403);
    assert.equal((await agent.delete(`/api/labels/${plain.body.label.id}`)).status, 403);
    const { email, password } = await makeUser(s.db, accountId, 'team_lead');
    const lead = await loginAs(s.url, email, password);
    assert.equal((await lead.delete(`/api/labels/${plain.body.label.id}`)).status, 204);
    assert.equal((await lead.delete(`/api/labels/${plain.body.label.id}`)).status, 404);
  });

  test('agents put labels on conversations; the list filters by label, and by the customer’s tier', async () => {
    const urgent = (await owner.post('/api/labels', { name: '加急', color: '#f5222d' })).body.label;
    const gift = (await owner.post('/api/labels', { name: '赠品', color: '#52c41a' })).body.label;
    const c1 = await newConversation('我的订单能加急吗');
    const c2 = await newConversation('赠品没收到');

    const set = await agent.request('PUT', `/api/conversations/${c1}/labels`, { labelIds: [urgent.id, gift.id, urgent.id] });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.conversation.labels.map((l: any) => l.name), ['加急', '赠品']);
    assert.equal(set.body.conversation.labels[0].color, '#f5222d');
    const added = await agent.post(`/api/conversations/${c2}/labels`, { labelId: gift.id });
    assert.deepEqual(added.body.conversation.labels.map((l: any) => l.id), [gift.id]);
    assert.equal((await agent.post(`/api/conversations/${c2}/labels`, { labelId: gift.id })).status, 200, 'adding twice is harmless');

    assert.deepEqual(await listIds(`label=${urgent.id}`), [c1]);
    assert.deepEqual((await listIds(`label=${gift.id}`)).sort(), [c1, c2].sort());
    const one = await owner.get(`/api/conversations/${c1}`);
    assert.equal(one.body.conversation.labels.length, 2);
    assert.equal((await owner.get('/api/labels')).body.items.find((l: any) => l.id === gift.id).conversations, 2);

    const removed = await agent.delete(`/api/conversations/${c1}/labels/${urgent.id}`);
    assert.deepEqual(removed.body.conversation.labels.map((l: any) => l.name), ['赠品']);
    assert.deepEqual(await listIds(`label=${urgent.id}`), []);
    const cleared = await agent.request('PUT', `/api/conversations/${c1}/labels`, { labelIds: [] });
    assert.deepEqual(cleared.body.conversation.labels, []);

    // Membership tier (会员等级) comes from the customer record.
    const customer = await s.db.selectFrom('conversations').select('customer_id').where('id', '=', c2).executeTakeFirstOrThrow();
    await s.db.updateTable('customer_stats').set({ tier: 'vip' }).where('account_id', '=', accountId).where('customer_id', '=', customer.customer_id).execute();
    assert.deepEqual(await listIds('tier=vip'), [c2]);
    assert.equal((await owner.get(`/api/conversations/${c2}`)).body.conversation.customer.tier, 'vip');
    assert.deepEqual(await listIds(`tier=vip&label=${urgent.id}`), []);
    assert.ok((await listIds('tier=normal')).includes(c1));
    assert.equal((await owner.get('/api/conversations?tier=VIP;drop')).status, 400);

    // A deleted label comes off its conversations.
    assert.equal((await owner.delete(`/api/labels/${gift.id}`)).status, 204);
    assert.deepEqual((await owner.get(`/api/conversations/${c2}`)).body.conversation.labels, []);
  });

  test('another account’s label is refused, and its label filter shows nothing of this one', async () => {
    const c = await newConversation('别家的标签');
    const other = await makeAccount(s.db);
    const otherOwner = await loginAs(s.url, other.email, other.password);
    const foreign = (await otherOwner.post('/api/labels', { name: '别家' })).body.label;
    const put = await owner.request('PUT', `/api/conversations/${c}/labels`, { labelIds: [foreign.id] });
    assert.equal(put.status, 400);
    assert.equal(put.body.error.code, 'label_invalid');
    assert.equal((await owner.post(`/api/conversations/${c}/labels`, { labelId: foreign.id })).status, 400);
    assert.equal((await owner.patch(`/api/labels/${foreign.id}`, { name: '改别家' })).status, 404);
    assert.equal((await owner.delete(`/api/labels/${foreign.id}`)).status, 404);
    const mine = (await owner.post('/api/labels', { name: '本店' })).body.label;
    await owner.post(`/api/conversations/${c}/labels`, { labelId: mine.id });
    const theirs = await otherOwner.get(`/api/conversations?label=${mine.id}`);
    assert.deepEqual(theirs.body.items, []);
    assert.equal((await otherOwner.request('PUT', `/api/conversations/${c}/labels`, { labelIds: [] })).status, 404);
    assert.equal((await owner.get(`/api/conversations/${c}`)).body.conversation.labels.length, 1);
  });

  test('status counts follow the view and the filters', async () => {
    const c = await newConversation('统计一下');
    const label = (await owner.post('/api/labels', { name: '统计' })).body.label;
    await owner.post(`/api/conversations/${c}/labels`, { labelId: label.id });
    const before = await owner.get(`/api/conversations?label=${label.id}`);
    assert.deepEqual(before.body.statusCounts, { open: 1, pending: 0, snoozed: 0 });
    assert.equal((await owner.post(`/api/conversations/${c}/pending`)).body.conversation.status, 'pending');
    const after = await owner.get(`/api/conversations?label=${label.id}&status=pending`);
    assert.deepEqual(after.body.statusCounts, { open: 0, pending: 1, snoozed: 0 });
    assert.deepEqual(after.body.items.map((x: any) => x.id), [c]);
    const mine = await owner.get(`/api/conversations?view=mine&label=${label.id}`);
    assert.deepEqual(mine.body.statusCounts, { open: 0, pending: 0, snoozed: 0 }, 'nobody has taken it');
  });
});
