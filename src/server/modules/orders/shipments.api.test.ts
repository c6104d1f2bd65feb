import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { newId } from '../../platform/ids.ts';

/** Shipments: a paid order's waybill is recorded once, marks the order shipped, and fills {{order.tracking}}. */
describe(`shipments and the tracking number in quick replies (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let accountId: string;
  let customerId: string;
  let paidOrder: string;
  let otherOrder: string;
  let unpaidOrder: string;
  let conversationId: string;

  async function order(status: 'paid' | 'unpaid', placedAt: string, platformOrderId: string) {
    const id = newId('ord');
    await s.db
      .insertInto('orders')
      .values({ id, account_id: accountId, customer_id: customerId, platform: 'taobao', platform_order_id: platformOrderId, status, item_total: 199, paid_total: 199, placed_at: placedAt, paid_at: status === 'paid' ? placedAt : null })
      .execute();
    return id;
  }

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
    customerId = newId('cus');
    await s.db.insertInto('customers').values({ id: customerId, account_id: accountId, name: '林小姐' }).execute();
    otherOrder = await order('paid', '2026-11-01T08:00:00Z', 'TB-1001');
    unpaidOrder = await order('unpaid', '2026-11-10T08:00:00Z', 'TB-1002');
    paidOrder = await order('paid', '2026-11-20T08:00:00Z', 'TB-1003');
    const inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;
    conversationId = newId('cnv');
    await s.db.insertInto('conversations').values({ id: conversationId, account_id: accountId, inbox_id: inboxId, customer_id: customerId, channel: 'web', entry: '{}', assignee_id: null, last_message_at: null, last_message_preview: null, waiting_since: null, first_reply_at: null, resolved_at: null }).execute();
  });
  after(async () => { await s.close(); });

  test('{{order.tracking}} is named missing while the latest order has not gone out', async () => {
    const r = await agent.post(`/api/conversations/${conversationId}/render`, { body: '您的订单{{order.number}}：{{order.tracking}}' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.missing, ['order.tracking']);
  });

  test('a waybill on a paid order is recorded once; the order is shipped; the customer timeline shows it', async () => {
    const first = await owner.post(`/api/orders/${paidOrder}/shipments`, { courier: '顺丰速运', trackingNumber: 'sf1234567890' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.shipment.trackingNumber, 'SF1234567890');
    const again = await owner.post(`/api/orders/${paidOrder}/shipments`, { courier: '顺丰速运', trackingNumber: 'SF1234567890' });
    assert.equal(again.status, 200);
    assert.equal(again.body.shipment.id, first.body.shipment.id);
    const o = await s.db.selectFrom('orders').select(['status', 'shipped_at']).where('id', '=', paidOrder).executeTakeFirstOrThrow();
    assert.equal(o.status, 'shipped');
    assert.ok(o.shipped_at);
    const list = await agent.get(`/api/orders/${paidOrder}/shipments`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    const events = await s.db.selectFrom('customer_events').select(['kind', 'data']).where('account_id', '=', accountId).where('customer_id', '=', customerId).execute();
    assert.deepEqual(events.map((e) => e.kind), ['order.shipped']);
    assert.equal((typeof events[0].data === 'string' ? JSON.parse(events[0].data) : events[0].data).trackingNumber, 'SF1234567890');
  });

  test('the quick reply fills the latest order’s courier and waybill', async () => {
    const r = await agent.post(`/api/conversations/${conversationId}/render`, { body: '您的订单{{order.number}}已由{{order.tracking}}发出' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.text, '您的订单TB-1003已由顺丰速运 SF1234567890发出');
    assert.deepEqual(r.body.missing, []);
  });

  test('refused: the same waybill on another order, an unpaid order, a bad waybill, an agent, another shop', async () => {
    const taken = await owner.post(`/api/orders/${otherOrder}/shipments`, { courier: '顺丰速运', trackingNumber: 'SF1234567890' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'shipment_tracking_taken');
    const unpaid = await owner.post(`/api/orders/${unpaidOrder}/shipments`, { courier: '中通快递', trackingNumber: '7312345678901' });
    assert.equal(unpaid.status, 409);
    assert.equal(unpaid.body.error.code, 'shipment_order_not_shippable');
    const bad = await owner.post(`/api/orders/${otherOrder}/shipments`, { courier: '中通快递', trackingNumber: '12 34' });
    assert.equal(bad.status, 400);
    assert.equal((await agent.post(`/api/orders/${otherOrder}/shipments`, { courier: '中通快递', trackingNumber: '7312345678901' })).status, 403);
    const other = await makeAccount(s.db);
    const stranger = await loginAs(s.url, other.email, other.password);
    assert.equal((await stranger.get(`/api/orders/${paidOrder}/shipments`)).status, 404);
    assert.equal((await stranger.post(`/api/orders/${paidOrder}/shipments`, { courier: '中通快递', trackingNumber: '7312345678902' })).status, 404);
  });

  test('a parcel signed for is delivered, with the time', async () => {
    const [shipment] = (await owner.get(`/api/orders/${paidOrder}/shipments`)).body.items;
    const r = await owner.patch(`/api/shipments/${shipment.id}`, { status: 'delivered' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.shipment.status, 'delivered');
    assert.ok(r.body.shipment.deliveredAt);
    assert.equal((await owner.patch(`/api/shipments/${shipment.id}`, { status: 'lost' })).status, 400);
  });
});
