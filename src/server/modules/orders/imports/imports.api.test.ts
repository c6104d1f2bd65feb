import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../../test/factories.ts';

/** GBK bytes of a text, from the decoder's own table (the runtime has no GBK encoder). */
function encodeGbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.from([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...(table.get(ch) ?? assert.fail(`no GBK code for ${ch}`)));
  }
  return Buffer.from(out);
}

const CSV = [
  '订单号,买家,手机,实付金额,订单状态,下单时间,商品名称,数量,单价,运费',
  'T1001,小红,13800000001,118.00,已付款,2026-11-01 10:00:00,玫瑰面霜,1,108.00,10',
  'T1002,小明,13800000002,60.00,交易成功,2026/11/2 9:30,洁面乳,2,25.00,10',
  'T1003,小刚,,abc,已付款,2026-11-03 08:00,眼霜,1,99.00,0',
  'T1004,小丽,13800000004,50.00,已发货,2026-11-04 08:00,"面膜, 十片装",1,20.00,0',
  'T1004,小丽,13800000004,50.00,已发货,2026-11-04 08:00,爽肤水,1,30.00,0',
  'T1005,小芳,13800000005,10.00,不知道,2026-11-05 08:00,唇膏,1,10.00,0',
].join('\r\n');

describe(`order CSV import (导入订单) (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let accountId: string;

  const upload = async (bytes: Buffer, as = owner, encoding = 'auto') => {
    const res = await fetch(`${s.url}/api/order-imports?fileName=${encodeURIComponent('订单.csv')}&encoding=${encoding}`, {
      method: 'POST',
      headers: { cookie: as.cookie, 'x-csrf-token': as.csrfToken, 'content-type': 'text/csv', 'accept-language': 'zh-CN' },
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const waitFor = async (id: string, status: string, seconds = 20) => {
    for (let i = 0; i < seconds * 10; i++) {
      const res = await owner.get(`/api/order-imports/${id}`);
      if (res.body.import.status === status) return res.body.import;
      if (res.body.import.status === 'failed') assert.fail(`the import failed: ${res.body.import.failure}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`the import never reached ${status}`);
  };

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
  });
  after(async () => s?.close());

  test('a GBK file with Chinese headers: detected, mapped, validated line by line, imported once; the same file again changes nothing', async () => {
    const up = await upload(encodeGbk(CSV));
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const imp = up.body.import;
    assert.equal(imp.encoding, 'gb18030');
    assert.equal(imp.headers[0], '订单号');
    assert.deepEqual(imp.suggestedMapping, {
      platformOrderId: '订单号', buyerId: '买家', phone: '手机', paidTotal: '实付金额', status: '订单状态', placedAt: '下单时间',
      itemName: '商品名称', quantity: '数量', unitPrice: '单价', shippingFee: '运费',
    });
    const noPlatform = await owner.post(`/api/order-imports/${imp.id}/validate`, { mapping: imp.suggestedMapping });
    assert.equal(noPlatform.status, 400);
    assert.match(noPlatform.body.error.message, /平台/);
    const validating = await owner.post(`/api/order-imports/${imp.id}/validate`, { mapping: imp.suggestedMapping, defaultPlatform: 'taobao' });
    assert.equal(validating.status, 200, JSON.stringify(validating.body));
    const validated = await waitFor(imp.id, 'validated');
    assert.equal(validated.totalRows, 6);
    assert.equal(validated.errorRows, 2);
    assert.deepEqual(validated.errors.map((e: any) => e.line), [4, 7]);
    assert.match(validated.errors[0].reason, /金额“abc”不是有效金额/);
    assert.match(validated.errors[1].reason, /不知道/);
    assert.equal(await s.db.selectFrom('orders').select('id').where('account_id', '=', accountId).execute().then((r) => r.length), 0, 'validation writes nothing');

    const report = await fetch(`${s.url}/api/order-imports/${imp.id}/errors`, { headers: { cookie: owner.cookie, 'accept-language': 'zh-CN' } });
    assert.match(report.headers.get('content-type') ?? '', /text\/csv/);
    const reportBytes = Buffer.from(await report.arrayBuffer());
    assert.deepEqual([...reportBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM, so that Excel reads it as UTF-8');
    assert.match(reportBytes.subarray(3).toString('utf8'), /^行号,原因\r\n4,金额“abc”/);

    await owner.post(`/api/order-imports/${imp.id}/start`);
    const done = await waitFor(imp.id, 'done');
    assert.deepEqual(done.result, { created: 3, updated: 0, unchanged: 0, customersCreated: 3 });
    assert.deepEqual(done.progress, { done: 6, total: 6 });
    const t1004 = await s.db.selectFrom('orders').selectAll().where('account_id', '=', accountId).where('platform_order_id', '=', 'T1004').executeTakeFirstOrThrow();
    assert.equal(t1004.status, 'shipped');
    assert.equal(t1004.paid_total, '50.00');
    const lines = await s.db.selectFrom('order_items').select('name').where('order_id', '=', t1004.id).orderBy('id').execute();
    assert.deepEqual(lines.map((l) => l.name), ['面膜, 十片装', '爽肤水'], 'consecutive rows of one order are its lines');
    const t1001 = await s.db.selectFrom('orders').select(['placed_at', 'customer_id']).where('account_id', '=', accountId).where('platform_order_id', '=', 'T1001').executeTakeFirstOrThrow();
    assert.equal(t1001.placed_at.toISOString(), '2026-11-01T02:00:00.000Z', 'times without a zone are China time');
    const buyer = await s.db.selectFrom('customer_records').select(['lifetime_spend', 'order_count', 'phone']).where('id', '=', t1001.customer_id).executeTakeFirstOrThrow();
    assert.deepEqual(buyer, { lifetime_spend: '118.00', order_count: 1, phone: '13800000001' });
    const paidEvents = () => s.db.selectFrom('outbox').select('id').where('account_id', '=', accountId).where('type', '=', 'order.paid').execute().then((r) => r.length);
    assert.equal(await paidEvents(), 3);

    const second = (await upload(encodeGbk(CSV))).body.import;
    await owner.post(`/api/order-imports/${second.id}/validate`, { mapping: second.suggestedMapping, defaultPlatform: 'taobao' });
    await waitFor(second.id, 'validated');
    await owner.post(`/api/order-imports/${second.id}/start`);
    const again = await waitFor(second.id, 'done');
    assert.deepEqual(again.result, { created: 0, updated: 0, unchanged: 3, customersCreated: 0 });
    assert.equal(await paidEvents(), 3, 're-importing emits nothing');
  });

  test('a UTF-8 file with English headers and a platform column; bad input and other shops refused', async () => {
    const csv = '\uFEFFOrder ID,Platform,Buyer,Email,Amount,Status,Order Date\nS-1,shopify,ann,ann@example.com,20.5,paid,2026-11-01T10:00:00Z\n';
    const up = await upload(Buffer.from(csv, 'utf8'));
    assert.equal(up.body.import.encoding, 'utf-8');
    assert.deepEqual(up.body.import.suggestedMapping, { platformOrderId: 'Order ID', platform: 'Platform', buyerId: 'Buyer', email: 'Email', paidTotal: 'Amount', status: 'Status', placedAt: 'Order Date' });
    const id = up.body.import.id;
    assert.equal((await owner.post(`/api/order-imports/${id}/start`)).status, 409, 'not validated yet');
    assert.equal((await owner.post(`/api/order-imports/${id}/validate`, { mapping: { ...up.body.import.suggestedMapping, status: 'Nope' } })).status, 400);
    assert.equal((await upload(Buffer.from('only-one-column\n1\n'))).status, 400);
    const b = await makeAccount(s.db);
    const other = await loginAs(s.url, b.email, b.password);
    assert.equal((await other.get(`/api/order-imports/${id}`)).status, 404);
    assert.equal((await other.post(`/api/order-imports/${id}/validate`, { mapping: up.body.import.suggestedMapping })).status, 404);
    assert.deepEqual((await other.get('/api/order-imports')).body.items, []);
    const ops = await makeUser(s.db, accountId, 'operations');
    const operations = await loginAs(s.url, ops.email, ops.password);
    const withPhone = Buffer.from('订单号,手机,邮箱,金额,状态,下单时间\n202611011234567890,13812345678,zhang.wei@example.com,9.9,已付款,2026-11-01\n');
    const opsView = await upload(withPhone, operations);
    assert.equal(opsView.status, 201, 'operations bring orders in');
    assert.deepEqual(opsView.body.import.sample[0].slice(0, 3), ['202611011234567890', '138****5678', 'z***@example.com'], 'without customers.contact.read the file’s contacts are masked; the order number is not');
    const ownerView = await owner.get(`/api/order-imports/${opsView.body.import.id}`);
    assert.equal(ownerView.body.import.sample[0][1], '13812345678');
    const a = await makeUser(s.db, accountId, 'agent');
    const agent = await loginAs(s.url, a.email, a.password);
    assert.equal((await upload(Buffer.from(csv), agent)).status, 403);
  });
  test('a file of several batches: every order in; an order named again further down ends as its last row says', async () => {
    // 6,500 orders (four batches); O1 and O2 come back in the third batch and O3 in the last, each
    // with a later status and amount, while the batches around them are in the database.
    const rows = ['Order ID,Platform,Buyer,Amount,Status,Order Date'];
    for (let i = 1; i <= 6500; i++) {
      rows.push(`B-${i},taobao,buyer-${i % 3000},${(i % 90) + 10}.00,paid,2026-11-01T10:00:00Z`);
      if (i === 4100) rows.push('B-1,taobao,buyer-1,11.00,shipped,2026-11-01T10:00:00Z', 'B-2,taobao,buyer-2,999.00,paid,2026-11-01T10:00:00Z');
      if (i === 6400) rows.push('B-3,taobao,buyer-3,13.00,refunded,2026-11-01T10:00:00Z');
    }
    const up = await upload(Buffer.from(rows.join('\n'), 'utf8'));
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const id = up.body.import.id;
    const validating = await owner.post(`/api/order-imports/${id}/validate`, { mapping: up.body.import.suggestedMapping });
    assert.equal(validating.status, 200, JSON.stringify(validating.body));
    await waitFor(id, 'validated', 120);
    const started = await owner.post(`/api/order-imports/${id}/start`);
    assert.ok(started.status < 300, JSON.stringify(started.body));
    const done = await waitFor(id, 'done', 180);
    assert.equal(done.result.created, 6500);
    const order = (pid: string) => s.db.selectFrom('orders').select(['status', 'paid_total', 'customer_id']).where('account_id', '=', accountId).where('platform_order_id', '=', pid).executeTakeFirstOrThrow();
    assert.deepEqual([(await order('B-1')).status, (await order('B-2')).status, (await order('B-3')).status], ['shipped', 'paid', 'refunded']);
    assert.equal(Number((await order('B-2')).paid_total), 999, 'the amount of the later row');
    const stored = await s.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('platform_order_id', 'like', 'B-%').executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 6500);
    // 3,000 buyers, each once a customer, spend counted from their paid orders.
    const customers = await s.db.selectFrom('orders').select((eb) => eb.fn.count<number>('customer_id').distinct().as('n')).where('account_id', '=', accountId).where('platform_order_id', 'like', 'B-%').executeTakeFirstOrThrow();
    assert.equal(Number(customers.n), 3000);
    const c2 = await s.db.selectFrom('customer_records').select(['lifetime_spend', 'order_count']).where('id', '=', (await order('B-2')).customer_id).executeTakeFirstOrThrow();
    const b2Orders = Array.from({ length: 6500 }, (_, k) => k + 1).filter((i) => i % 3000 === 2);
    assert.equal(c2.order_count, b2Orders.length);
    assert.equal(Number(c2.lifetime_spend), b2Orders.reduce((sum, i) => sum + (i === 2 ? 999 : (i % 90) + 10), 0));
  });
});
