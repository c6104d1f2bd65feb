import crypto from 'node:crypto';
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { signOrderWebhook } from './order-webhook.service.ts';

describe(`orders and products API (订单与商品) (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let otherShop: TestClient;
  let accountId: string;
  let n = 0;
  // The server's clock: the webhook tests move it to replay a request minutes later.
  const clock = fixedClock(new Date());

  const order = (over: Record<string, unknown> = {}) => ({
    platform: 'tmall',
    platformOrderId: `TM-${Date.now()}-${n++}`,
    status: 'paid',
    buyer: { platformBuyerId: `tm-buyer-${n}`, name: '李四' },
    placedAt: `2026-10-${String(10 + (n % 15)).padStart(2, '0')}T10:00:00+08:00`,
    items: [{ sku: 'FACE-01', name: '洁面乳', quantity: 1, unitPrice: 59 }],
    ...over,
  });

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
    const b = await makeAccount(s.db);
    otherShop = await loginAs(s.url, b.email, b.password);
  });
  after(async () => s?.close());

  test('POST /api/orders: the same body twice changes nothing and says so', async () => {
    const body = { orders: [order(), order({ status: 'unpaid' })] };
    const first = await owner.post('/api/orders', body);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual([first.body.created, first.body.unchanged], [2, 0]);
    const again = await owner.post('/api/orders', body);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body.orders.map((o: any) => o.outcome), ['unchanged', 'unchanged']);
    const paidEvents = await s.db.selectFrom('outbox').select('id').where('account_id', '=', accountId).where('type', '=', 'order.paid').execute();
    assert.equal(paidEvents.length, 1);
    const bad = await owner.post('/api/orders', { orders: [order({ items: undefined })] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'order_invalid');
    assert.match(bad.body.error.message, /实付金额/);
    assert.equal(bad.body.error.field, 'orders.0.paidTotal');
    assert.equal((await agent.post('/api/orders', { orders: [order()] })).status, 403, 'agents read orders but do not bring them in');
  });

  test('GET /api/orders filters and pages by keyset; GET /api/orders/:id has the lines; another shop sees none of it', async () => {
    const platformOrderId = `JD-${Date.now()}`;
    const created = await owner.post('/api/orders', { orders: [order({ platform: 'jd', platformOrderId, status: 'shipped', items: [{ sku: 'A', name: '面膜', quantity: 3, unitPrice: '10.00', discount: '1.5' }], shippingFee: '8' })] });
    assert.equal(created.status, 201);
    const id = created.body.orders[0].orderId;
    const one = await agent.get(`/api/orders/${id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.order.paidTotal, '36.50');
    assert.deepEqual(one.body.order.items.map((i: any) => [i.name, i.quantity, i.lineTotal]), [['面膜', 3, '28.50']]);
    const jd = await agent.get('/api/orders?platform=jd&status=shipped');
    assert.deepEqual(jd.body.items.map((o: any) => o.id), [id]);
    assert.equal((await agent.get(`/api/orders?q=${platformOrderId}`)).body.items[0].id, id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await agent.get(`/api/orders?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((o: any) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await agent.get('/api/orders?limit=200');
    assert.deepEqual(seen, all.body.items.map((o: any) => o.id), 'pages of one give the whole list once, in order');
    assert.equal((await agent.get('/api/orders?cursor=bogus')).body.error.field, 'cursor');
    assert.equal((await otherShop.get(`/api/orders/${id}`)).status, 404);
    assert.deepEqual((await otherShop.get('/api/orders')).body.items, []);
  });

  test('products and nested product groups; SKUs are unique per shop; order lines match products by SKU', async () => {
    const top = await owner.post('/api/product-groups', { name: '护肤' });
    assert.equal(top.status, 201, JSON.stringify(top.body));
    const sub = await owner.post('/api/product-groups', { name: '面霜', parentId: top.body.group.id });
    assert.equal(sub.body.group.depth, 1);
    const cycle = await owner.patch(`/api/product-groups/${top.body.group.id}`, { parentId: sub.body.group.id });
    assert.equal(cycle.status, 400);
    const p = await owner.post('/api/products', { sku: 'CREAM-9', name: '晚霜', price: '199.9', groupId: sub.body.group.id });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    assert.equal(p.body.product.price, '199.90');
    assert.equal((await owner.post('/api/products', { sku: 'CREAM-9', name: '重复', price: 1 })).status, 409);
    const inTop = await agent.get(`/api/products?groupId=${top.body.group.id}`);
    assert.deepEqual(inTop.body.items.map((x: any) => x.sku), ['CREAM-9'], 'a group holds its subgroups’ products');
    const patched = await owner.patch(`/api/products/${p.body.product.id}`, { status: 'inactive' });
    assert.equal(patched.body.product.status, 'inactive');
    const ordered = await owner.post('/api/orders', { orders: [order({ items: [{ sku: 'CREAM-9', name: '晚霜', quantity: 1, unitPrice: '199.90' }] })] });
    const detail = await owner.get(`/api/orders/${ordered.body.orders[0].orderId}`);
    assert.equal(detail.body.order.items[0].productId, p.body.product.id);
    assert.equal((await otherShop.get(`/api/products/${p.body.product.id}`)).status, 404);
    assert.equal((await otherShop.patch(`/api/product-groups/${top.body.group.id}`, { name: 'x' })).status, 404);
    assert.deepEqual((await otherShop.get('/api/products')).body.items, []);
    assert.equal((await agent.post('/api/products', { sku: 'X', name: 'x', price: 1 })).status, 403);
  });

  const unix = () => Math.floor(clock.now().getTime() / 1000);
  const pushTo = (source: string, account: string, body: string, headers: Record<string, string>) =>
    fetch(`${s.url}/api/orders/webhook/${source}?account=${account}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
      .then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  /** A delivery as a shop system signs it: the timestamp and the body under the secret. */
  const signed = (secret: string, body: string, timestamp: number | string = unix()) => ({ 'x-shopdesk-timestamp': String(timestamp), 'x-shopdesk-signature': signOrderWebhook(secret, timestamp, body) });
  const webhookOrder = (id: string) => JSON.stringify({ orders: [{ ...order(), platform: undefined, platformOrderId: id }] });

  test('webhook: a good signature ingests (once), a bad one gets 401, an unknown source or account 404', async () => {
    assert.equal((await agent.post('/api/order-webhook/rotate-secret')).status, 403);
    const rotated = await owner.post('/api/order-webhook/rotate-secret');
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const secret: string = rotated.body.secret;
    assert.ok(rotated.body.urlTemplate.includes(accountId));
    const raw = webhookOrder(`WH-${Date.now()}`);
    const push = (body: string, headers: Record<string, string>, source = 'shopify', account = accountId) => pushTo(source, account, body, headers);
    const good = await push(raw, signed(secret, raw));
    assert.equal(good.status, 201, JSON.stringify(good.body));
    assert.equal(good.body.orders[0].platform, 'shopify', 'the platform defaults to the source');
    const again = await push(raw, signed(secret, raw));
    assert.equal(again.status, 200, 'the same order sent again, freshly signed, changes nothing');
    assert.equal(again.body.unchanged, 1);
    const tampered = await push(raw.replace('"paid"', '"refunded"'), signed(secret, raw));
    assert.equal(tampered.status, 401);
    assert.equal(tampered.body.error.code, 'webhook_signature_invalid');
    assert.equal((await push(raw, signed('owsec_wrong', raw))).status, 401);
    assert.equal((await push(raw, signed(secret, raw), 'amazon')).status, 404);
    const b = await otherShop.get('/api/auth/me');
    assert.equal((await push(raw, signed(secret, raw), 'shopify', b.body.account.id)).status, 404, 'the other shop has no secret: A’s secret opens nothing there');
    const rotatedAgain = await owner.post('/api/order-webhook/rotate-secret');
    assert.equal((await push(raw, signed(secret, raw))).status, 401, 'the old secret stops at once');
    assert.equal((await push(raw, signed(rotatedAgain.body.secret, raw))).status, 200);
    assert.equal((await owner.get('/api/order-webhook')).body.configured, true);
  });

  test('webhook: the timestamp is signed and must be fresh, so a captured request cannot be replayed', async () => {
    const secret: string = (await owner.post('/api/order-webhook/rotate-secret')).body.secret;
    const platformOrderId = `WH-TS-${Date.now()}`;
    const raw = webhookOrder(platformOrderId);
    const captured = signed(secret, raw);
    const accepted = await pushTo('web', accountId, raw, captured);
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));

    // The same request (body and headers) replayed after six minutes, the order changed meanwhile.
    await owner.post('/api/orders', { orders: [{ ...JSON.parse(raw).orders[0], platform: 'web', status: 'refunded' }] });
    clock.advance(6 * 60_000);
    try {
      const replayed = await pushTo('web', accountId, raw, captured);
      assert.equal(replayed.status, 401, JSON.stringify(replayed.body));
      assert.equal(replayed.body.error.code, 'webhook_timestamp_stale');
      assert.equal(replayed.body.error.field, 'x-shopdesk-timestamp');
      const list = await owner.get(`/api/orders?q=${platformOrderId}`);
      assert.equal(list.body.items[0].status, 'refunded', 'the replay changed nothing');

      // The captured signature with a fresh timestamp put in front of it: the signature no longer matches.
      const tampered = await pushTo('web', accountId, raw, { ...captured, 'x-shopdesk-timestamp': String(unix()) });
      assert.equal(tampered.status, 401);
      assert.equal(tampered.body.error.code, 'webhook_signature_invalid');

      // Signed over the body alone, as before timestamps, or no timestamp at all: refused, and told why.
      const bodyOnly = 'sha256=' + crypto.createHmac('sha256', secret).update(raw).digest('hex');
      const legacy = await pushTo('web', accountId, raw, { 'x-shopdesk-signature': bodyOnly });
      assert.equal(legacy.status, 401);
      assert.equal(legacy.body.error.code, 'webhook_timestamp_missing');
      const zh = await fetch(`${s.url}/api/orders/webhook/web?account=${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' }, body: raw });
      assert.match(((await zh.json()) as any).error.message, /时间戳/);
      const en = await fetch(`${s.url}/api/orders/webhook/web?account=${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: raw });
      assert.match(((await en.json()) as any).error.message, /X-ShopDesk-Timestamp/);
      assert.equal((await pushTo('web', accountId, raw, signed(secret, raw, 'yesterday'))).body.error.code, 'webhook_timestamp_invalid');

      // A timestamp from the future is as stale as one from the past; inside five minutes either way is fine.
      assert.equal((await pushTo('web', accountId, raw, signed(secret, raw, unix() + 6 * 60))).body.error.code, 'webhook_timestamp_stale');
      const early = webhookOrder(`${platformOrderId}-early`);
      assert.equal((await pushTo('web', accountId, early, signed(secret, early, unix() - 4 * 60))).status, 201);
      const late = webhookOrder(`${platformOrderId}-late`);
      assert.equal((await pushTo('web', accountId, late, signed(secret, late, unix() + 4 * 60))).status, 201);
    } finally {
      clock.set(new Date());
    }
  });
});
