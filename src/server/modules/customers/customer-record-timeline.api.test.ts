import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { newId } from '../../platform/ids.ts';
import { ensureDefaultInbox } from '../conversations/index.ts';
import { recordCustomerEvents } from './timeline.service.ts';

describe(`customer notes and timeline (备注与时间线) (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let operations: TestClient;
  let ownerB: TestClient;
  let accountId: string;
  let customerId: string;
  const at = (iso: string) => new Date(iso);

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent', { name: '小美' });
    agent = await loginAs(s.url, a.email, a.password);
    const o = await makeUser(s.db, accountId, 'operations');
    operations = await loginAs(s.url, o.email, o.password);
    const b = await makeAccount(s.db);
    ownerB = await loginAs(s.url, b.email, b.password);
    customerId = (await owner.post('/api/customers', { name: '周芷若' })).body.customer.id;

    const inbox = await ensureDefaultInbox(s.db, accountId);
    const conversation = (id: string, created: string) => ({
      id, account_id: accountId, inbox_id: inbox.id, customer_id: customerId, channel: 'web' as const, entry: '{}', status: 'resolved' as const,
      created_at: at(created), updated_at: at(created),
    });
    await s.db.insertInto('conversations').values([conversation('cnv_T1', '2026-01-01T10:00:00Z'), conversation('cnv_T2', '2026-03-01T10:00:00.000Z')]).execute();
    const order = (id: string, placed: string, no: string) => ({
      id, account_id: accountId, customer_id: customerId, platform: 'tmall' as const, platform_order_id: no, status: 'paid' as const,
      item_total: '199.00', paid_total: '189.00', placed_at: at(placed),
    });
    await s.db.insertInto('orders').values([order('ord_T1', '2026-02-01T09:00:00Z', 'TM1001'), order('ord_T2', '2026-03-01T10:00:00.000Z', 'TM1002')]).execute();
    await recordCustomerEvents(s.db, [
      { accountId, customerId, kind: 'order.paid', data: { orderId: 'ord_T1', paidTotal: '189.00' }, occurredAt: at('2026-02-01T09:05:00Z') },
      { accountId, customerId, kind: 'tier.changed', data: { from: 'normal', to: 'advanced' }, occurredAt: at('2026-03-01T10:00:00.000Z') },
      { accountId, customerId, kind: 'points.earned', data: { points: 189 }, occurredAt: at('2026-02-01T09:05:00Z') },
      { accountId, customerId, kind: 'segment.entered', data: {}, occurredAt: at('2026-01-15T00:00:00Z') },
    ]);
  });

  after(async () => {
    await s?.close();
  });

  test('an agent writes a note: signed, listed newest first, and on the timeline as customer.note', async () => {
    const first = await agent.post(`/api/customers/${customerId}/notes`, { body: '偏好顺丰，晚上联系' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.note.authorName, '小美');
    await agent.post(`/api/customers/${customerId}/notes`, { body: '生日在五月' });
    const list = await operations.get(`/api/customers/${customerId}/notes`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((n: { body: string }) => n.body), ['生日在五月', '偏好顺丰，晚上联系']);
    const empty = await agent.post(`/api/customers/${customerId}/notes`, { body: '   ' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.code, 'validation_failed');
    const readOnly = await operations.post(`/api/customers/${customerId}/notes`, { body: '运营备注' });
    assert.equal(readOnly.status, 403, 'members who do not answer customers do not write notes');
    const timeline = await owner.get(`/api/customers/${customerId}/timeline?limit=2`);
    assert.equal(timeline.body.items[0].kind, 'customer.note');
    assert.equal(timeline.body.items[0].title, '小美 添加了备注');
    assert.equal(timeline.body.items[0].data.body, '生日在五月');
  });

  test('conversations, orders and events merge newest first; pages of any size join into the same list', async () => {
    const all = await owner.get(`/api/customers/${customerId}/timeline?limit=100`);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.nextCursor, null);
    const rest = all.body.items.filter((i: { kind: string }) => i.kind !== 'customer.note');
    // At 2026-03-01T10:00 three things tie: the order, then the event, then the conversation (source rank, then id).
    assert.deepEqual(rest.map((i: { id: string }) => i.id.replace(/:\d+$/, ':n')), [
      'order:ord_T2', 'event:n', 'conversation:cnv_T2', 'event:n', 'event:n', 'order:ord_T1', 'event:n', 'conversation:cnv_T1',
    ]);
    assert.deepEqual(rest.map((i: { kind: string }) => i.kind), [
      'order.placed', 'tier.changed', 'conversation.started', 'points.earned', 'order.paid', 'order.placed', 'segment.entered', 'conversation.started',
    ]);
    const record = await owner.get(`/api/customers/${customerId}`);
    assert.deepEqual(record.body.recentOrders.map((o: { id: string }) => o.id), ['ord_T2', 'ord_T1'], 'the record comes with its latest orders');
    const times = all.body.items.map((i: { occurredAt: string }) => Date.parse(i.occurredAt));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    for (const limit of [1, 2, 3, 4, 7]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await owner.get(`/api/customers/${customerId}/timeline?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        seen.push(...res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, all.body.items.map((i: { id: string }) => i.id), `pages of ${limit}`);
    }
  });

  test('titles in the reader’s language, a generic one for an unknown kind', async () => {
    const zh = (await owner.get(`/api/customers/${customerId}/timeline?limit=100`)).body.items;
    const title = (items: Array<{ kind: string; title: string }>, kind: string) => items.find((i) => i.kind === kind)?.title;
    assert.equal(title(zh, 'tier.changed'), '会员等级变更：普通会员 → 高级会员');
    assert.equal(title(zh, 'order.paid'), '订单付款 ¥189.00');
    assert.equal(title(zh, 'points.earned'), '获得 189 积分');
    assert.equal(title(zh, 'order.placed'), '下单 TM1002');
    assert.equal(title(zh, 'segment.entered'), '客户动态：segment.entered');
    owner.locale = 'en';
    const en = (await owner.get(`/api/customers/${customerId}/timeline?limit=100`)).body.items;
    owner.locale = 'zh-CN';
    assert.equal(title(en, 'tier.changed'), 'Tier changed: Member → Advanced member');
    assert.equal(title(en, 'conversation.started'), 'Conversation (web chat)');
    assert.equal(title(en, 'segment.entered'), 'Activity: segment.entered');
  });

  test('a forged cursor is refused; another account sees nothing of the timeline or the notes', async () => {
    const forged = (values: string) => `c1.${Buffer.from(values).toString('base64url')}`;
    for (const cursor of ['garbage', forged('["1",1,"x; drop table customers"]'), forged('[1,9,"a"]'), forged('{"us":"1"}'), 'c1.bm90LWpzb24']) {
      const res = await owner.get(`/api/customers/${customerId}/timeline?cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
      assert.equal(res.body.error.code, 'validation_failed');
    }
    for (const path of [`/api/customers/${customerId}/timeline`, `/api/customers/${customerId}/notes`]) {
      const res = await ownerB.get(path);
      assert.equal(res.status, 404);
      assert.ok(!JSON.stringify(res.body).includes('周芷若'));
    }
    const write = await ownerB.post(`/api/customers/${customerId}/notes`, { body: '乙店的备注' });
    assert.equal(write.status, 404);
    const notes = await owner.get(`/api/customers/${customerId}/notes`);
    assert.ok(notes.body.items.every((n: { body: string }) => n.body !== '乙店的备注'));
    const missing = await owner.get(`/api/customers/${newId('cus')}/timeline`);
    assert.equal(missing.status, 404);
  });
});
