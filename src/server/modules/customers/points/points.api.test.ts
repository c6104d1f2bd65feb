import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../../test/factories.ts';
import { emitAll } from '../../../platform/events.ts';
import { expireDuePoints } from './points.expiry.ts';

/**
 * The points ledger through the server: points earned per yuan paid at the tier's multiplier, the
 * same order event twice earning once, a refund taking back what is left, a balance that never goes
 * negative (two redemptions at once: one wins), expiry of the oldest points, manual adjustment with
 * a reason, the gift catalogue, and shops kept apart.
 */
describe(`loyalty: points (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let accountId: string;

  /** The outbox's handlers, run here and now: the background dispatcher is stopped, so nothing is in flight elsewhere. */
  const settle = async () => {
    await s.server.dispatcher!.drain();
  };

  async function customer(account = accountId) {
    const id = `cus_${randomUUID()}`;
    await s.db.insertInto('customers').values({ id, account_id: account, name: '积分顾客' }).execute();
    return id;
  }

  const orderEvent = (type: string, account: string, orderId: string, customerId: string, paidTotal: string) => ({ accountId: account, type, payload: { orderId, customerId, paidTotal, platform: 'taobao', platformOrderId: orderId } });

  async function payOrder(customerId: string, paidTotal: string, account = accountId) {
    const orderId = `ord_${randomUUID()}`;
    const now = new Date();
    await s.db.transaction().execute(async (trx) => {
      await trx.insertInto('orders').values({ id: orderId, account_id: account, customer_id: customerId, platform: 'taobao', platform_order_id: orderId, status: 'paid', paid_total: paidTotal, item_total: paidTotal, placed_at: now, paid_at: now }).execute();
      await trx.updateTable('customer_stats').set((eb) => ({ lifetime_spend: eb('lifetime_spend', '+', paidTotal), order_count: eb('order_count', '+', 1), last_order_at: now })).where('account_id', '=', account).where('customer_id', '=', customerId).execute();
      await emitAll(trx, [orderEvent('order.paid', account, orderId, customerId, paidTotal)]);
    });
    await settle();
    return orderId;
  }

  async function refundOrder(customerId: string, orderId: string, paidTotal: string) {
    await s.db.transaction().execute(async (trx) => {
      await trx.updateTable('orders').set({ status: 'refunded', refunded_at: new Date() }).where('id', '=', orderId).execute();
      await emitAll(trx, [orderEvent('order.refunded', accountId, orderId, customerId, paidTotal)]);
    });
    await settle();
  }

  const points = async (id: string, as = owner) => {
    const res = await as.get(`/api/customers/${id}/points?limit=100`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { balance: number; tier: string; items: Array<{ kind: string; amount: number; remaining: number | null; orderId: string | null; expiresAt: string | null }> };
  };
  const ledgerSum = async (id: string) => (await points(id)).items.reduce((n, e) => n + e.amount, 0);

  async function gift(body: Record<string, unknown>) {
    const res = await owner.post('/api/loyalty/gifts', { kind: 'gift', name: '保温杯', pointsCost: 80, ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.gift as { id: string; stock: number | null };
  }

  before(async () => {
    s = await startTestServer();
    await s.server.dispatcher!.stop();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
  });

  after(async () => {
    await s?.close();
  });

  test('a paid order earns a point per yuan, rounded down, valid for 12 months; the same event twice earns once', async () => {
    const id = await customer();
    const orderId = await payOrder(id, '123.45');
    let p = await points(id, agent);
    assert.equal(p.balance, 123);
    assert.equal(p.items.length, 1);
    assert.equal(p.items[0].kind, 'earn');
    assert.equal(p.items[0].orderId, orderId);
    assert.equal(p.items[0].remaining, 123);
    const months = (new Date(p.items[0].expiresAt!).getTime() - Date.now()) / (30 * 86_400_000);
    assert.ok(months > 11.5 && months < 12.5, `expires in about 12 months, not ${months}`);

    await emitAll(s.db, [orderEvent('order.paid', accountId, orderId, id, '123.45')]);
    await settle();
    p = await points(id);
    assert.equal(p.balance, 123, 'no double points');
    assert.equal(p.items.length, 1);
    const timeline = await s.db.selectFrom('customer_events').select('data').where('customer_id', '=', id).where('kind', '=', 'points.earned').execute();
    assert.equal(timeline.length, 1);
    assert.equal(Number(timeline[0].data.points), 123);
  });

  test('the order that lifts a customer to VIP会员 earns at VIP’s multiplier (×1.5)', async () => {
    const id = await customer();
    await payOrder(id, '6000.00');
    const p = await points(id);
    assert.equal(p.tier, 'vip');
    assert.equal(p.balance, 9000);
  });

  test('a refund takes back what is left of the order’s points, once, and never below zero', async () => {
    const id = await customer();
    const orderId = await payOrder(id, '500.00');
    const cup = await gift({ pointsCost: 300 });
    const redeemed = await owner.post(`/api/customers/${id}/points/redeem`, { giftId: cup.id });
    assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
    assert.equal(redeemed.body.balance, 200);

    await refundOrder(id, orderId, '500.00');
    let p = await points(id);
    assert.equal(p.balance, 0);
    const reverse = p.items.find((e) => e.kind === 'reverse')!;
    assert.equal(reverse.amount, -200, 'only the 200 points left are taken back');
    assert.equal(reverse.orderId, orderId);

    // Earn again, then the refund event is delivered once more: nothing changes.
    await payOrder(id, '50.00');
    await emitAll(s.db, [orderEvent('order.refunded', accountId, orderId, id, '500.00')]);
    await settle();
    p = await points(id);
    assert.equal(p.balance, 50);
    assert.equal(p.items.filter((e) => e.kind === 'reverse').length, 1);
    assert.equal(await ledgerSum(id), p.balance, 'the balance is the sum of the ledger');
  });

  test('a paid order closed after all gives its points back too; an unpaid one closed changes nothing', async () => {
    const id = await customer();
    const orderId = await payOrder(id, '40.00');
    await emitAll(s.db, [orderEvent('order.closed', accountId, orderId, id, '40.00'), orderEvent('order.closed', accountId, `ord_${randomUUID()}`, id, '0.00')]);
    await settle();
    const p = await points(id);
    assert.equal(p.balance, 0);
    assert.deepEqual(p.items.map((e) => [e.kind, e.amount]), [['reverse', -40], ['earn', 40]]);
  });

  test('a full refund of unspent points takes them all back', async () => {
    const id = await customer();
    const orderId = await payOrder(id, '88.00');
    await payOrder(id, '12.00');
    await refundOrder(id, orderId, '88.00');
    const p = await points(id);
    assert.equal(p.balance, 12);
    assert.equal(p.items.find((e) => e.kind === 'earn' && e.orderId === orderId)!.remaining, 0, 'the refunded order’s own lot is emptied first');
  });

  test('two redemptions at once with points for one: one wins, the other is refused, the balance is never negative', async () => {
    const id = await customer();
    await payOrder(id, '100.00');
    const cup = await gift({ pointsCost: 80 });
    const tries = await Promise.all(Array.from({ length: 5 }, () => owner.post(`/api/customers/${id}/points/redeem`, { giftId: cup.id })));
    const won = tries.filter((r) => r.status === 200);
    const refused = tries.filter((r) => r.status === 409);
    assert.equal(won.length, 1, JSON.stringify(tries.map((r) => r.body)));
    assert.equal(refused.length, 4);
    for (const r of refused) assert.equal(r.body.error.code, 'points_insufficient');
    assert.match(refused[0].body.error.message, /积分不足/);
    const p = await points(id);
    assert.equal(p.balance, 20);
    assert.equal(await ledgerSum(id), 20);

    const tooMuch = await owner.post(`/api/customers/${id}/points/adjust`, { delta: -21, reason: '测试扣减' });
    assert.equal(tooMuch.status, 409);
    assert.equal(tooMuch.body.error.code, 'points_insufficient');
    assert.equal((await points(id)).balance, 20);
  });

  test('the last one in stock goes to one of two customers redeeming at once; a withdrawn gift cannot be redeemed', async () => {
    const [a, b] = [await customer(), await customer()];
    await payOrder(a, '1000.00');
    await payOrder(b, '1000.00');
    const last = await gift({ pointsCost: 100, stock: 1, kind: 'coupon', name: '满200减20券' });
    const tries = await Promise.all([a, b].map((id) => owner.post(`/api/customers/${id}/points/redeem`, { giftId: last.id })));
    assert.deepEqual(tries.map((r) => r.status).sort(), [200, 409]);
    assert.equal(tries.find((r) => r.status === 409)!.body.error.code, 'gift_out_of_stock');
    const list = await agent.get('/api/loyalty/gifts');
    assert.equal(list.body.items.find((g: { id: string }) => g.id === last.id).stock, 0);
    // ¥1,000 reaches 高级会员 (×1.2): 1,200 points each, less 100 for the one who won.
    const balances = [(await points(a)).balance, (await points(b)).balance].sort();
    assert.deepEqual(balances, [1100, 1200], 'the refused customer kept their points');

    const withdrawn = await gift({ pointsCost: 1, active: false });
    const res = await owner.post(`/api/customers/${a}/points/redeem`, { giftId: withdrawn.id });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'gift_inactive');
  });

  test('points past their date expire, oldest spent first', async () => {
    const id = await customer();
    const old = await owner.post(`/api/customers/${id}/points/adjust`, { delta: 100, reason: '老会员补发' });
    assert.equal(old.status, 200, JSON.stringify(old.body));
    await s.db.updateTable('points_entries').set({ expires_at: new Date(Date.now() - 86_400_000) }).where('id', '=', old.body.entry.id).execute();
    await owner.post(`/api/customers/${id}/points/adjust`, { delta: 50, reason: '活动赠送' });
    const cup = await gift({ pointsCost: 30 });
    assert.equal((await owner.post(`/api/customers/${id}/points/redeem`, { giftId: cup.id })).status, 200);

    const result = await expireDuePoints(s.db, new Date());
    assert.ok(result.customers >= 1);
    const p = await points(id);
    assert.equal(p.balance, 50, 'the 70 points left of the old lot expired; the fresh 50 stay');
    const expired = p.items.find((e) => e.kind === 'expire')!;
    assert.equal(expired.amount, -70);
    assert.equal(await ledgerSum(id), 50);
    // Running it again expires nothing more.
    await expireDuePoints(s.db, new Date());
    assert.equal((await points(id)).items.filter((e) => e.kind === 'expire').length, 1);
    const timeline = await s.db.selectFrom('customer_events').select('data').where('customer_id', '=', id).where('kind', '=', 'points.expired').execute();
    assert.equal(timeline.length, 1);
  });

  test('a manual adjustment needs a reason and is audited; only owners and admins may adjust', async () => {
    const id = await customer();
    const noReason = await owner.post(`/api/customers/${id}/points/adjust`, { delta: 10 });
    assert.equal(noReason.status, 400);
    const zero = await owner.post(`/api/customers/${id}/points/adjust`, { delta: 0, reason: '无' });
    assert.equal(zero.status, 400);
    const byAgent = await agent.post(`/api/customers/${id}/points/adjust`, { delta: 10, reason: '客服补偿' });
    assert.equal(byAgent.status, 403);
    const ok = await owner.post(`/api/customers/${id}/points/adjust`, { delta: 10, reason: '物流延误补偿' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.balance, 10);
    assert.equal(ok.body.entry.reason, '物流延误补偿');
    const audit = await s.db.selectFrom('audit_log').select(['target_id', 'data']).where('account_id', '=', accountId).where('action', '=', 'loyalty.points_adjusted').execute();
    assert.ok(audit.some((a) => a.target_id === id && (a.data as { reason?: string }).reason === '物流延误补偿'));
  });

  test('the ledger is read newest first, a page at a time', async () => {
    const id = await customer();
    for (const delta of [1, 2, 3, 4, 5]) await owner.post(`/api/customers/${id}/points/adjust`, { delta, reason: `第${delta}次` });
    const first = await owner.get(`/api/customers/${id}/points?limit=2`);
    assert.equal(first.status, 200);
    assert.equal(first.body.balance, 15);
    assert.deepEqual(first.body.items.map((e: { amount: number }) => e.amount), [5, 4]);
    const second = await owner.get(`/api/customers/${id}/points?limit=2&before=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((e: { amount: number }) => e.amount), [3, 2]);
    const third = await owner.get(`/api/customers/${id}/points?limit=2&before=${second.body.nextCursor}`);
    assert.deepEqual(third.body.items.map((e: { amount: number }) => e.amount), [1]);
    assert.equal(third.body.nextCursor, null);
  });

  test('the points rules can be changed: 2 points per yuan from then on', async () => {
    const res = await owner.patch('/api/loyalty/points-settings', { pointsPerYuan: 2 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.settings, { pointsPerYuan: 2, pointsValidityMonths: 12 });
    const id = await customer();
    await payOrder(id, '10.00');
    assert.equal((await points(id)).balance, 20);
    await owner.patch('/api/loyalty/points-settings', { pointsPerYuan: 1 });
    const bad = await owner.patch('/api/loyalty/points-settings', { pointsValidityMonths: 0 });
    assert.equal(bad.status, 400);
  });

  test('gifts: change, withdraw and delete; bad input is refused', async () => {
    const g = await gift({ name: '定制帆布袋', pointsCost: 500, stock: 10 });
    const changed = await owner.patch(`/api/loyalty/gifts/${g.id}`, { pointsCost: 450, stock: null });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.gift.pointsCost, 450);
    assert.equal(changed.body.gift.stock, null);
    const bad = await owner.post('/api/loyalty/gifts', { kind: 'gift', name: '', pointsCost: 0 });
    assert.equal(bad.status, 400);
    assert.equal((await agent.post('/api/loyalty/gifts', { kind: 'gift', name: '越权', pointsCost: 1 })).status, 403);
    assert.equal((await owner.delete(`/api/loyalty/gifts/${g.id}`)).status, 204);
    assert.equal((await owner.delete(`/api/loyalty/gifts/${g.id}`)).status, 404);
  });

  test('tenant isolation: another shop can neither read nor change this shop’s points and gifts', async () => {
    const id = await customer();
    await payOrder(id, '300.00');
    const g = await gift({ pointsCost: 10, name: `甲店礼品-${randomUUID()}` });
    const b = await makeAccount(s.db);
    const ownerB = await loginAs(s.url, b.email, b.password);
    const idB = await customer(b.accountId);
    await ownerB.post(`/api/customers/${idB}/points/adjust`, { delta: 100, reason: '乙店' });

    assert.equal((await ownerB.get(`/api/customers/${id}/points`)).status, 404);
    assert.equal((await ownerB.post(`/api/customers/${id}/points/adjust`, { delta: 5, reason: '越界' })).status, 404);
    assert.equal((await ownerB.post(`/api/customers/${id}/points/redeem`, { giftId: g.id })).status, 404);
    const foreignGift = await ownerB.post(`/api/customers/${idB}/points/redeem`, { giftId: g.id });
    assert.equal(foreignGift.status, 404, 'A’s gift is not in B’s catalogue');
    assert.equal((await ownerB.patch(`/api/loyalty/gifts/${g.id}`, { pointsCost: 1 })).status, 404);
    assert.equal((await ownerB.delete(`/api/loyalty/gifts/${g.id}`)).status, 404);
    const listB = await ownerB.get('/api/loyalty/gifts');
    assert.equal(listB.status, 200);
    assert.ok(!JSON.stringify(listB.body).includes(g.id));
    // An event of B naming A's customer earns nothing.
    await emitAll(s.db, [orderEvent('order.paid', b.accountId, `ord_${randomUUID()}`, id, '1000.00')]);
    await settle();
    assert.equal((await points(id)).balance, 300);
    assert.equal((await ownerB.get(`/api/customers/${idB}/points`)).body.balance, 100);
    assert.equal((await points(id)).items.length, 1);
  });
});
