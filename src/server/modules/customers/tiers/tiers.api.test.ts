import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, silentLog, startTestServer, testStore, type TestClient, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser, setCustomerStats } from '../../../../../test/factories.ts';
import { systemClock } from '../../../platform/clock.ts';
import { emitAll } from '../../../platform/events.ts';
import type { JobContext } from '../../../platform/jobs.ts';
import { DEFAULT_TIERS } from './tiers.defaults.ts';
import { reevaluateAccountTiers, reviewTiersYearly } from './tiers.jobs.ts';

/**
 * Membership tiers through the server: the four tiers of seed 003 on first use, a paid order that
 * lifts a customer at once (普通会员 → VIP会员), the same event twice changing nothing, new
 * thresholds re-evaluating everyone in a background job with progress, and the yearly review.
 */
describe(`loyalty: membership tiers (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let accountId: string;

  /** The outbox's handlers, run here and now: the background dispatcher is stopped, so nothing is in flight elsewhere. */
  const settle = async () => {
    await s.server.dispatcher!.drain();
  };

  async function customer(account = accountId, spend = '0', orders = 0, name = '顾客') {
    const id = `cus_${randomUUID()}`;
    await s.db.insertInto('customers').values({ id, account_id: account, name }).execute();
    await setCustomerStats(s.db, id, { lifetime_spend: spend, order_count: orders });
    return id;
  }

  /** What the orders flow does when an order is paid: the order, the customer's totals and the event, in one transaction. */
  async function payOrder(customerId: string, paidTotal: string, account = accountId, opts: { orderId?: string; paidAt?: Date } = {}) {
    const orderId = opts.orderId ?? `ord_${randomUUID()}`;
    const paidAt = opts.paidAt ?? new Date();
    await s.db.transaction().execute(async (trx) => {
      await trx.insertInto('orders').values({ id: orderId, account_id: account, customer_id: customerId, platform: 'taobao', platform_order_id: orderId, status: 'paid', paid_total: paidTotal, item_total: paidTotal, placed_at: paidAt, paid_at: paidAt }).execute();
      await trx.updateTable('customer_stats').set((eb) => ({ lifetime_spend: eb('lifetime_spend', '+', paidTotal), order_count: eb('order_count', '+', 1), last_order_at: paidAt })).where('account_id', '=', account).where('customer_id', '=', customerId).execute();
      await emitAll(trx, [{ accountId: account, type: 'order.paid', payload: { orderId, customerId, paidTotal, platform: 'taobao', platformOrderId: orderId } }]);
    });
    return orderId;
  }

  const tierOf = async (id: string) => (await s.db.selectFrom('customer_records').select('tier').where('id', '=', id).executeTakeFirstOrThrow()).tier;
  const history = (id: string) => s.db.selectFrom('customer_tier_changes').selectAll().where('customer_id', '=', id).orderBy('id').execute();

  function jobFor(account: string, progress: Array<[number, number]>): JobContext {
    return {
      id: 'job_test', accountId: account, payload: {}, attempt: 1, maxAttempts: 1, db: s.db, log: silentLog, clock: systemClock, signal: new AbortController().signal, store: testStore,
      progress: async (done, total) => {
        progress.push([done, total]);
      },
    };
  }

  const tiersBody = (changes: Record<string, Record<string, unknown>> = {}) => ({
    tiers: DEFAULT_TIERS.map((t) => ({ ...t, ...(changes[t.key] ?? {}) })),
  });

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

  test('the four tiers of seed 003 are there on first use, lowest first, and every member reads them', async () => {
    const res = await agent.get('/api/loyalty/tiers');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.items.map((t: { key: string }) => t.key), ['normal', 'advanced', 'vip', 'svip']);
    assert.deepEqual(res.body.items.map((t: { nameZh: string }) => t.nameZh), ['普通会员', '高级会员', 'VIP会员', '至尊VIP会员']);
    const vip = res.body.items[2];
    assert.equal(vip.minSpend, '5000.00');
    assert.equal(vip.minOrders, 10);
    assert.equal(vip.match, 'any');
    assert.equal(res.body.items[0].minSpend, null);
    // An agent may read but not change them.
    const put = await agent.request('PUT', '/api/loyalty/tiers', tiersBody());
    assert.equal(put.status, 403);
  });

  test('a big paid order lifts 普通会员 straight to VIP会员, with history, timeline and an event; the same event again changes nothing', async () => {
    const id = await customer();
    assert.equal(await tierOf(id), 'normal');
    const orderId = await payOrder(id, '6000.00');
    await settle();
    assert.equal(await tierOf(id), 'vip');
    const rows = await history(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].from_tier, 'normal');
    assert.equal(rows[0].to_tier, 'vip');
    assert.equal(rows[0].reason, 'order_paid');
    assert.equal(rows[0].order_id, orderId);
    const timeline = await s.db.selectFrom('customer_events').select(['kind', 'data']).where('customer_id', '=', id).where('kind', '=', 'tier.changed').execute();
    assert.equal(timeline.length, 1);
    assert.deepEqual({ from: timeline[0].data.from, to: timeline[0].data.to, reason: timeline[0].data.reason }, { from: 'normal', to: 'vip', reason: 'order_paid' });
    const events = await s.db.selectFrom('outbox').select('payload').where('type', '=', 'customer.tier_changed').execute();
    assert.equal(events.filter((e) => e.payload.customerId === id).length, 1);

    // The dispatcher delivers at least once: the same event again.
    await emitAll(s.db, [{ accountId, type: 'order.paid', payload: { orderId, customerId: id, paidTotal: '6000.00', platform: 'taobao', platformOrderId: orderId } }]);
    await settle();
    assert.equal(await tierOf(id), 'vip');
    assert.equal((await history(id)).length, 1, 'no second history row');
  });

  test('a small order leaves the tier alone, and a paid order never moves anyone down', async () => {
    const small = await customer();
    await payOrder(small, '99.00');
    const svip = await customer(accountId, '30000.00', 40);
    await s.db.updateTable('customer_stats').set({ tier: 'svip' }).where('customer_id', '=', svip).execute();
    await s.db.updateTable('customer_stats').set({ lifetime_spend: '0', order_count: 0 }).where('customer_id', '=', svip).execute();
    await payOrder(svip, '10.00');
    await settle();
    assert.equal(await tierOf(small), 'normal');
    assert.equal(await tierOf(svip), 'svip');
    assert.equal((await history(small)).length, 0);
    assert.equal((await history(svip)).length, 0);
  });

  test('order count alone qualifies under "any", and "all" needs both', async () => {
    const frequent = await customer(accountId, '300.00', 2);
    await payOrder(frequent, '10.00');
    await settle();
    assert.equal(await tierOf(frequent), 'advanced', '3 orders reach 高级会员');

    const res = await owner.request('PUT', '/api/loyalty/tiers', tiersBody({ advanced: { match: 'all' } }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await s.server.worker!.runDue();
    const both = await customer(accountId, '300.00', 2);
    await payOrder(both, '10.00');
    await settle();
    assert.equal(await tierOf(both), 'normal', 'three orders without ¥1,000 do not reach 高级会员 under "all"');
    await payOrder(both, '800.00');
    await settle();
    assert.equal(await tierOf(both), 'advanced');
  });

  test('new thresholds re-evaluate every customer in a background job that reports its progress; only those who qualify move', async () => {
    const b = await makeAccount(s.db);
    const ownerB = await loginAs(s.url, b.email, b.password);
    const first = await ownerB.get('/api/loyalty/tiers');
    assert.equal(first.status, 200);
    const ids = {
      low: await customer(b.accountId, '200.00', 1),
      mid: await customer(b.accountId, '600.00', 1),
      high: await customer(b.accountId, '2500.00', 2),
      top: await customer(b.accountId, '9000.00', 5),
      gone: await customer(b.accountId, '0', 0),
    };
    await s.db.updateTable('customer_stats').set({ tier: 'no_such_tier' }).where('customer_id', '=', ids.gone).execute();

    const res = await ownerB.request('PUT', '/api/loyalty/tiers', tiersBody({ advanced: { minSpend: '500.00' }, vip: { minSpend: '2000.00' }, svip: { minSpend: '8000.00' } }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(['queued', 'running', 'done'].includes(res.body.reevaluation.state));
    assert.equal(res.body.items[1].minSpend, '500.00');

    // Run it here in small chunks, to see the progress move.
    const progress: Array<[number, number]> = [];
    const result = await reevaluateAccountTiers(jobFor(b.accountId, progress), 2);
    assert.ok(result.passes >= 1);
    assert.deepEqual(progress.at(-1), [5, 5]);
    assert.ok(progress.length >= 4, `progress was saved after each chunk: ${JSON.stringify(progress)}`);
    assert.ok(progress.every(([done, total], i) => done <= total && (i === 0 || done >= progress[i - 1][0])));
    assert.equal(await tierOf(ids.low), 'normal');
    assert.equal(await tierOf(ids.mid), 'advanced');
    assert.equal(await tierOf(ids.high), 'vip');
    assert.equal(await tierOf(ids.top), 'svip');
    assert.equal(await tierOf(ids.gone), 'normal', 'a tier that no longer exists is left');
    assert.equal((await history(ids.low)).length, 0);
    assert.equal((await history(ids.top))[0].reason, 'reevaluation');

    // The queued job runs too (finding nothing more to move) and the API shows it finished with its progress.
    await s.server.worker!.runDue();
    for (let i = 0; i < 100; i++) {
      const st = await ownerB.get('/api/loyalty/tiers/reevaluation');
      if (st.body.reevaluation?.state === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = await ownerB.get('/api/loyalty/tiers/reevaluation');
    assert.equal(done.status, 200);
    assert.equal(done.body.reevaluation.state, 'done');
    assert.equal(done.body.reevaluation.done, 5);
    assert.equal(done.body.reevaluation.total, 5);
    assert.equal((await history(ids.top)).length, 1, 'a second run moves no one again');
    // Account A's customers were not touched by B's re-evaluation.
    assert.equal((await s.db.selectFrom('customer_tier_changes').select('id').where('account_id', '=', accountId).where('reason', '=', 'reevaluation').execute()).length, 0);
  });

  test('tiers changed again while the re-evaluation runs: it starts over with the newer ones', async () => {
    const d = await makeAccount(s.db);
    const ownerD = await loginAs(s.url, d.email, d.password);
    await ownerD.get('/api/loyalty/tiers');
    const ids = [await customer(d.accountId, '700.00', 1), await customer(d.accountId, '700.00', 1), await customer(d.accountId, '100.00', 1)];
    let saved = false;
    const progress: Array<[number, number]> = [];
    const job = jobFor(d.accountId, progress);
    job.progress = async (done, total) => {
      progress.push([done, total]);
      // After the first chunk, an admin lowers 高级会员 to ¥500: the pass that is under way is stale.
      if (done > 0 && !saved) {
        saved = true;
        const res = await ownerD.request('PUT', '/api/loyalty/tiers', tiersBody({ advanced: { minSpend: '500.00' } }));
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
    };
    const result = await reevaluateAccountTiers(job, 1);
    assert.equal(result.passes, 2);
    for (const id of ids.slice(0, 2)) assert.equal(await tierOf(id), 'advanced', 'both ¥700 customers, whatever chunk they were in');
    assert.equal(await tierOf(ids[2]), 'normal');
  });

  test('the yearly review moves customers of a "yearly" tier down to what their last 12 months earn them; "never" keeps them', async () => {
    const c = await makeAccount(s.db);
    const ownerC = await loginAs(s.url, c.email, c.password);
    const res = await ownerC.request('PUT', '/api/loyalty/tiers', tiersBody({ vip: { spendBasis: 'last_12_months', downgradePolicy: 'yearly' }, advanced: { spendBasis: 'last_12_months', downgradePolicy: 'yearly' } }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const lapsed = await customer(c.accountId, '6000.00', 1);
    const kept = await customer(c.accountId, '6000.00', 1);
    const old = new Date(Date.now() - 400 * 86_400_000);
    await s.db.insertInto('orders').values({ id: `ord_${randomUUID()}`, account_id: c.accountId, customer_id: lapsed, platform: 'jd', platform_order_id: randomUUID(), status: 'completed', paid_total: '6000.00', placed_at: old, paid_at: old }).execute();
    await s.db.insertInto('orders').values({ id: `ord_${randomUUID()}`, account_id: c.accountId, customer_id: kept, platform: 'jd', platform_order_id: randomUUID(), status: 'completed', paid_total: '1200.00', placed_at: new Date(), paid_at: new Date() }).execute();
    await s.db.updateTable('customer_stats').set({ tier: 'vip' }).where('customer_id', 'in', [lapsed, kept]).execute();
    const never = await customer(c.accountId, '0', 0);
    await s.db.updateTable('customer_stats').set({ tier: 'svip' }).where('customer_id', '=', never).execute();

    await reviewTiersYearly(jobFor(c.accountId, []));
    assert.equal(await tierOf(lapsed), 'normal', 'nothing paid in the last 12 months');
    assert.equal(await tierOf(kept), 'advanced', '¥1,200 in the last 12 months');
    assert.equal(await tierOf(never), 'svip', '至尊VIP会员 is kept: its policy is never');
    assert.equal((await history(lapsed))[0].reason, 'yearly_review');
  });

  test('bad tier sets are refused with a clear 4xx in the caller’s language', async () => {
    const withBaseThreshold = await owner.request('PUT', '/api/loyalty/tiers', tiersBody({ normal: { minOrders: 1 } }));
    assert.equal(withBaseThreshold.status, 400);
    assert.equal(withBaseThreshold.body.error.code, 'tier_base_has_threshold');
    assert.match(withBaseThreshold.body.error.message, /最低/);
    const repeated = await owner.request('PUT', '/api/loyalty/tiers', { tiers: [DEFAULT_TIERS[0], DEFAULT_TIERS[1], { ...DEFAULT_TIERS[2], key: 'advanced' }] });
    assert.equal(repeated.status, 400);
    assert.equal(repeated.body.error.code, 'tier_key_repeated');
    owner.locale = 'en';
    const noThreshold = await owner.request('PUT', '/api/loyalty/tiers', tiersBody({ vip: { minSpend: null, minOrders: null } }));
    owner.locale = 'zh-CN';
    assert.equal(noThreshold.status, 400);
    assert.equal(noThreshold.body.error.code, 'tier_needs_threshold');
    assert.match(noThreshold.body.error.message, /needs a spend or order-count threshold/);
    const badKey = await owner.request('PUT', '/api/loyalty/tiers', tiersBody({ vip: { key: 'VIP 1' } }));
    assert.equal(badKey.status, 400);
  });

  test('tenant isolation: one shop’s orders and tier changes never touch another’s customers', async () => {
    const b = await makeAccount(s.db);
    const idB = await customer(b.accountId);
    // An event of account A that names B's customer moves nobody.
    await emitAll(s.db, [{ accountId, type: 'order.paid', payload: { orderId: `ord_${randomUUID()}`, customerId: idB, paidTotal: '90000.00', platform: 'taobao', platformOrderId: 'x' } }]);
    await s.db.updateTable('customer_stats').set({ lifetime_spend: '90000.00', order_count: 50 }).where('customer_id', '=', idB).execute();
    await settle();
    assert.equal(await tierOf(idB), 'normal');
    const ownerB = await loginAs(s.url, b.email, b.password);
    const res = await ownerB.get('/api/loyalty/tiers/reevaluation');
    assert.equal(res.status, 200);
    assert.equal(res.body.reevaluation, null, 'B sees none of A’s re-evaluations');
  });
});
