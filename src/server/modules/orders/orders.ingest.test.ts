import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, silentLog, testStore, type TestDatabase } from '../../../../test/harness.ts';
import { makeAccount } from '../../../../test/factories.ts';
import { systemClock } from '../../platform/clock.ts';
import { systemActor, type Ctx } from '../../platform/context.ts';
import type { OrderIn } from '../../../contracts/orders.ts';
import { ingestOrders } from './orders.ingest.ts';
import { normalizeOrder } from './orders.normalize.ts';

describe(`order ingest (订单导入) (${testStore})`, () => {
  let t: TestDatabase;
  let ctx: Ctx;
  let n = 0;

  const order = (over: Partial<OrderIn> = {}): OrderIn => ({
    platform: 'taobao',
    platformOrderId: `TB${Date.now()}${n++}`,
    status: 'paid',
    buyer: { platformBuyerId: `buyer-${n}`, phone: '13800138000', name: '张三' },
    placedAt: '2026-11-01T08:00:00+08:00',
    items: [{ sku: 'SKU-1', name: '保湿面霜', quantity: 2, unitPrice: '99.50', discount: '9' }],
    shippingFee: 10,
    ...over,
  });
  const ingest = (...orders: OrderIn[]) => ingestOrders(ctx, orders.map(normalizeOrder));
  const eventsOf = (type: string, orderId: string) =>
    t.db.selectFrom('outbox').select('payload').where('account_id', '=', ctx.accountId).where('type', '=', type).execute()
      .then((rows) => rows.filter((r) => (r.payload as { orderId?: string }).orderId === orderId));
  const customer = (id: string) => t.db.selectFrom('customer_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    t = await openTestDatabase();
    const { accountId } = await makeAccount(t.db);
    ctx = { accountId, actor: systemActor('test'), db: t.db, clock: systemClock, log: silentLog, locale: 'zh-CN' };
  });
  after(async () => t?.close());

  test('the same batch twice: created, then unchanged, with one order.paid event and one timeline entry', async () => {
    const a = order({ buyer: { platformBuyerId: 'same-batch', phone: '13900000001' } });
    const b = order({ buyer: { platformBuyerId: 'same-batch', phone: '13900000001' }, status: 'unpaid' });
    const first = await ingest(a, b);
    assert.deepEqual([first.created, first.updated, first.unchanged, first.customersCreated], [2, 0, 0, 1]);
    assert.equal(first.orders[0].customerId, first.orders[1].customerId, 'one buyer, one customer');
    const again = await ingest(a, b);
    assert.deepEqual([again.created, again.updated, again.unchanged, again.customersCreated], [0, 0, 2, 0]);
    const orderId = first.orders[0].orderId;
    assert.equal((await eventsOf('order.paid', orderId)).length, 1);
    assert.equal((await eventsOf('order.paid', first.orders[1].orderId)).length, 0, 'an unpaid order emits nothing');
    const stored = await t.db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
    assert.equal(stored.item_total, '199.00');
    assert.equal(stored.discount_total, '9.00');
    assert.equal(stored.paid_total, '200.00');
    const items = await t.db.selectFrom('order_items').selectAll().where('order_id', '=', orderId).execute();
    assert.equal(items.length, 1, 'lines are not doubled by the second ingest');
    assert.equal(items[0].line_total, '190.00');
    const timeline = await t.db.selectFrom('customer_events').selectAll().where('customer_id', '=', first.orders[0].customerId).execute();
    assert.deepEqual(timeline.map((e) => e.kind), ['order.paid']);
    const c = await customer(first.orders[0].customerId);
    assert.equal(c.lifetime_spend, '200.00');
    assert.equal(c.order_count, 1);
  });

  test('unpaid → paid → shipped → refunded → closed: each event once, spend in and out again', async () => {
    const base = order({ status: 'unpaid', buyer: { platformBuyerId: 'walker' }, items: undefined, paidTotal: '300' });
    const created = await ingest(base);
    const { orderId, customerId } = created.orders[0];
    assert.equal((await customer(customerId)).order_count, 0);
    await ingest({ ...base, status: 'paid' });
    assert.equal((await customer(customerId)).lifetime_spend, '300.00');
    await ingest({ ...base, status: 'shipped' });
    await ingest({ ...base, status: 'shipped' });
    assert.equal((await eventsOf('order.paid', orderId)).length, 1, 'shipped after paid is not paid again');
    const refunded = await ingest({ ...base, status: 'refunded' });
    assert.equal(refunded.updated, 1);
    const c = await customer(customerId);
    assert.equal(c.lifetime_spend, '0.00');
    assert.equal(c.order_count, 0);
    assert.equal(c.last_order_at, null);
    const [event] = await eventsOf('order.refunded', orderId);
    assert.deepEqual(event.payload, { orderId, customerId, paidTotal: '300.00', platform: 'taobao', platformOrderId: base.platformOrderId });
    await ingest({ ...base, status: 'closed' });
    await ingest({ ...base, status: 'closed' });
    assert.equal((await eventsOf('order.closed', orderId)).length, 1);
    assert.equal((await eventsOf('order.refunded', orderId)).length, 1);
    const kinds = (await t.db.selectFrom('customer_events').select('kind').where('customer_id', '=', customerId).orderBy('id').execute()).map((e) => e.kind);
    assert.deepEqual(kinds, ['order.paid', 'order.refunded']);
  });

  test('spend follows the orders: two paid in one batch add up, a re-priced paid order counts at its new amount', async () => {
    const buyer = { platformBuyerId: 'spender' };
    const one = order({ buyer, items: undefined, paidTotal: '100', placedAt: '2026-11-02T10:00:00+08:00' });
    const two = order({ buyer, items: undefined, paidTotal: '50.5', placedAt: '2026-11-03T10:00:00+08:00' });
    const { customerId } = (await ingest(one, two)).orders[0];
    let c = await customer(customerId);
    assert.deepEqual([c.lifetime_spend, c.order_count, c.last_order_at?.toISOString()], ['150.50', 2, '2026-11-03T02:00:00.000Z']);
    await ingest({ ...one, paidTotal: '120' });
    c = await customer(customerId);
    assert.deepEqual([c.lifetime_spend, c.order_count], ['170.50', 2]);
    await ingest({ ...two, status: 'closed' });
    c = await customer(customerId);
    assert.deepEqual([c.lifetime_spend, c.order_count, c.last_order_at?.toISOString()], ['120.00', 1, '2026-11-02T02:00:00.000Z']);
  });

  test('a late status that is not a step forward is kept out, and emits nothing', async () => {
    const base = order({ status: 'completed', buyer: { platformBuyerId: 'late' } });
    const { orderId } = (await ingest(base)).orders[0];
    const late = await ingest({ ...base, status: 'paid' });
    assert.equal(late.orders[0].status, 'completed');
    assert.equal(late.orders[0].statusKept, true);
    const stored = await t.db.selectFrom('orders').select(['status', 'paid_at', 'completed_at']).where('id', '=', orderId).executeTakeFirstOrThrow();
    assert.equal(stored.status, 'completed');
    assert.ok(stored.paid_at && stored.completed_at, 'an order that arrives completed has its paid and completed times');
    assert.equal((await eventsOf('order.paid', orderId)).length, 1);
  });

  test('customers: matched by buyer id, phone or email; a phone already used by another buyer id of the marketplace is not merged', async () => {
    const first = await ingest(order({ buyer: { platformBuyerId: 'mother', phone: '13700000007', email: 'Mum@Example.com' } }));
    const mum = first.orders[0].customerId;
    const byEmail = await ingest(order({ platform: 'jd', buyer: { platformBuyerId: 'jd-mum', email: 'mum@example.com' } }));
    assert.equal(byEmail.orders[0].customerId, mum, 'the email finds her on another marketplace');
    const byPhoneOtherBuyer = await ingest(order({ buyer: { platformBuyerId: 'daughter', phone: '+86 137-0000-0007' } }));
    assert.notEqual(byPhoneOtherBuyer.orders[0].customerId, mum, 'a second taobao buyer on a shared phone is someone else');
    const byId = await ingest(order({ buyer: { platformBuyerId: 'daughter' } }));
    assert.equal(byId.orders[0].customerId, byPhoneOtherBuyer.orders[0].customerId);
    const identities = await t.db.selectFrom('customer_identities').select(['kind', 'platform', 'value']).where('customer_id', '=', mum).orderBy('kind').orderBy('value').execute();
    assert.deepEqual(identities.map((i) => `${i.kind}:${i.platform ?? ''}:${i.value}`), ['email::mum@example.com', 'phone::13700000007', 'platform:jd:jd-mum', 'platform:taobao:mother']);
  });

  test('an order whose amounts do not add up is refused; another account’s identical order is its own', async () => {
    assert.throws(() => normalizeOrder(order({ paidTotal: '1.00', discount: '0' })), /do not add up/);
    const shared = order({ buyer: { platformBuyerId: 'twin' } });
    const mine = await ingest(shared);
    const other = await makeAccount(t.db);
    const theirs = await ingestOrders({ ...ctx, accountId: other.accountId }, [normalizeOrder(shared)]);
    assert.equal(theirs.created, 1);
    assert.notEqual(theirs.orders[0].customerId, mine.orders[0].customerId);
  });
  test('batches at once: the same new buyer or the same order in two makes one customer and one order; other buyers run side by side', async () => {
    const base = Date.now();
    // Eight batches at once, each 30 orders of its own buyers, plus the same new buyer (by buyer
    // id in some, by phone only in others) and the same order in every one.
    const shared = order({ platformOrderId: `SHARED${base}`, buyer: { platformBuyerId: `crowd-${base}`, phone: '13600000066' } });
    const batches = Array.from({ length: 8 }, (_, b) => [
      ...Array.from({ length: 30 }, (_, i) => order({ platformOrderId: `P${base}-${b}-${i}`, buyer: { platformBuyerId: `solo-${base}-${b}-${i}` }, items: [{ sku: 'SKU-1', name: '面霜', quantity: 1, unitPrice: '100.00' }], shippingFee: 0 })),
      order({ platformOrderId: `C${base}-${b}`, buyer: b % 2 ? { phone: '13600000066' } : { platformBuyerId: `crowd-${base}` }, items: [{ sku: 'SKU-1', name: '面霜', quantity: 1, unitPrice: '50.00' }], shippingFee: 0 }),
      shared,
    ]);
    const results = await Promise.all(batches.map((batch) => ingestOrders(ctx, batch.map(normalizeOrder))));
    assert.equal(results.reduce((n, r) => n + r.created, 0), 8 * 31 + 1, 'the shared order is made once; the others are unchanged');
    const crowd = new Set(results.flatMap((r) => r.orders.filter((o) => o.platformOrderId.startsWith('C') || o.platformOrderId.startsWith('SHARED')).map((o) => o.customerId)));
    assert.equal(crowd.size, 1, 'one customer for the buyer every batch named');
    const [customerId] = crowd;
    const c = await customer(customerId);
    assert.equal(c.order_count, 9);
    const sharedOrder = await t.db.selectFrom('orders').select(['paid_total', 'customer_id']).where('account_id', '=', ctx.accountId).where('platform_order_id', '=', `SHARED${base}`).executeTakeFirstOrThrow();
    assert.equal(sharedOrder.customer_id, customerId);
    assert.equal(Number(c.lifetime_spend), 8 * 50 + Number(sharedOrder.paid_total));
    const stored = await t.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', ctx.accountId).where('platform_order_id', 'like', `%${base}%`).executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 8 * 31 + 1);
    const solos = await t.db.selectFrom('customer_records').select(['order_count', 'lifetime_spend']).where('account_id', '=', ctx.accountId).where('id', 'in', results.flatMap((r) => r.orders.filter((o) => o.platformOrderId.startsWith('P')).map((o) => o.customerId))).execute();
    assert.equal(solos.length, 240);
    assert.ok(solos.every((x) => x.order_count === 1 && Number(x.lifetime_spend) === 100));
  });
});
