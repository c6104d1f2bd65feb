import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount } from '../../../../test/factories.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { WorkOrderEventKind } from './tickets.tables.ts';
import type { WorkOrderStatus } from './tickets.status.ts';
import { progressLink } from './index.ts';

const PUBLIC_URL = 'https://desk.huayang.test';

describe(`customer progress (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let customerId: string;
  let shopper: TestClient;
  let conversationId: string;
  let visaId: string;
  let number = 100;

  const typeOf = async (db: Db, account: string, name: string) => {
    const id = newId('wot');
    await db.insertInto('work_order_types').values({ id, account_id: account, name }).execute();
    return id;
  };
  const workOrder = async (input: { account?: string; typeId: string; title: string; customerId?: string | null; status?: WorkOrderStatus; createdAt: string; tracker?: boolean }) => {
    const id = newId('wo');
    await s.db
      .insertInto('work_orders')
      .values({ id, account_id: input.account ?? accountId, number: ++number, type_id: input.typeId, title: input.title, priority: 'normal', status: input.status ?? 'new', customer_id: input.customerId ?? null, is_tracker: input.tracker ?? false, created_at: new Date(input.createdAt), updated_at: new Date(input.createdAt) })
      .execute();
    return id;
  };
  const event = (workOrderId: string, kind: WorkOrderEventKind, isPublic: boolean, body: string | null, actorName: string | null = '小美', account = accountId) =>
    s.db.insertInto('work_order_events').values({ account_id: account, work_order_id: workOrderId, kind, public: isPublic, body, actor_name: actorName }).execute();

  before(async () => {
    s = await startTestServer({ env: { SHOPDESK_SECRET_KEY: crypto.randomBytes(32).toString('base64'), SHOPDESK_PUBLIC_URL: PUBLIC_URL } });
    accountId = await firstAccountId(s.db);
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    shopper = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    const sent = await shopper.post('/api/widget/v1/messages', { clientId: crypto.randomUUID(), body: '我的签证办到哪一步了？' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    conversationId = sent.body.message.conversationId;
    customerId = (await s.db.selectFrom('visitors').select('customer_id').where('account_id', '=', accountId).executeTakeFirstOrThrow()).customer_id;

    const visa = await typeOf(s.db, accountId, '签证进度查询');
    const logistics = await typeOf(s.db, accountId, '物流异常');
    // Their own work order, with every kind of event on its timeline.
    visaId = await workOrder({ typeId: visa, title: '日本单次旅游签证 <办理进度>', customerId, status: 'pending_team', createdAt: '2026-11-20T02:00:00Z' });
    await event(visaId, 'created', false, null);
    await event(visaId, 'comment', false, '内部：使馆这周排队很久，先别承诺日期');
    await event(visaId, 'reply', true, '您好，材料已于今天递交使馆，预计 5 个工作日出签。', '小美');
    await event(visaId, 'comment', true, '公开但不是答复的评论');
    await event(visaId, 'reply', false, '还没发出的草稿回复');
    await event(visaId, 'customer_notified', true, '您的签证已出签，我们已安排顺丰寄回。', null);
    // A tracker (one problem, many customers) their conversation is linked to.
    const tracker = await workOrder({ typeId: logistics, title: '11 月 25 日顺丰华东仓延误', tracker: true, status: 'open', createdAt: '2026-11-25T02:00:00Z' });
    await s.db.insertInto('work_order_links').values({ account_id: accountId, work_order_id: tracker, conversation_id: conversationId, customer_id: customerId }).execute();
    // Another customer of the shop, and another shop: never shown.
    const otherCustomer = newId('cus');
    await s.db.insertInto('customers').values({ id: otherCustomer, account_id: accountId, name: '李雷' }).execute();
    const theirs = await workOrder({ typeId: visa, title: '李雷的签证', customerId: otherCustomer, createdAt: '2026-11-26T02:00:00Z' });
    await event(theirs, 'reply', true, '李雷的答复');
    const other = await makeAccount(s.db, '别家店');
    const otherType = await typeOf(s.db, other.accountId, '签证进度查询');
    await workOrder({ account: other.accountId, typeId: otherType, title: '别家店的工单', createdAt: '2026-11-27T02:00:00Z' });
  });
  after(async () => {
    await s?.close();
  });

  test('the widget lists the visitor’s own and linked work orders, newest first, with public replies only', async () => {
    const res = await shopper.get('/api/widget/v1/work-orders');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.items.map((i: any) => i.title), ['11 月 25 日顺丰华东仓延误', '日本单次旅游签证 <办理进度>']);
    const visa = res.body.items[1];
    assert.equal(visa.typeName, '签证进度查询');
    assert.equal(visa.status, 'pending_team');
    assert.equal(visa.statusLabel, '待其他团队处理');
    assert.equal(typeof visa.number, 'number');
    assert.equal(visa.createdAt, '2026-11-20T02:00:00.000Z');
    assert.deepEqual(visa.replies.map((r: any) => [r.body, r.by]), [
      ['您好，材料已于今天递交使馆，预计 5 个工作日出签。', '小美'],
      ['您的签证已出签，我们已安排顺丰寄回。', null],
    ]);
    assert.doesNotMatch(JSON.stringify(res.body), /内部|草稿|公开但不是答复|李雷|别家店/);
    assert.deepEqual(res.body.items[0].replies, []);
    assert.match(res.body.link, new RegExp(`^${PUBLIC_URL}/progress/p1\\.[\\w-]+\\.[\\w-]{22}$`));
    assert.equal(res.body.link, progressLink(accountId, customerId, PUBLIC_URL));

    shopper.locale = 'en';
    const en = await shopper.get('/api/widget/v1/work-orders');
    assert.equal(en.body.items[1].statusLabel, 'Pending on another team');
    shopper.locale = 'zh-CN';
  });

  test('a customer merged into this one brings their work orders along', async () => {
    const mergedId = newId('cus');
    await s.db.insertInto('customers').values({ id: mergedId, account_id: accountId, name: '张伟（旧号）', merged_into: customerId, merged_at: new Date() }).execute();
    const typeId = await typeOf(s.db, accountId, '售后退款');
    await workOrder({ typeId, title: '旧号的退款申请', customerId: mergedId, status: 'resolved', createdAt: '2026-11-10T02:00:00Z' });
    const res = await shopper.get('/api/widget/v1/work-orders');
    assert.deepEqual(res.body.items.map((i: any) => [i.title, i.statusLabel]).at(-1), ['旧号的退款申请', '已解决']);
  });

  test('the widget route needs a visitor token that the server knows', async () => {
    assert.equal((await new TestClient(s.url).get('/api/widget/v1/work-orders')).status, 401);
    const forged = await new TestClient(s.url, 'zh-CN', undefined, 'svt_not-a-real-token').get('/api/widget/v1/work-orders');
    assert.deepEqual([forged.status, forged.body.error.code], [401, 'visitor_unknown']);
  });

  test('the signed link: JSON and the page show the same items; a forged or changed token is 404', async () => {
    const link = progressLink(accountId, customerId, PUBLIC_URL)!;
    assert.equal(progressLink(accountId, customerId, undefined), null);
    assert.equal(progressLink(accountId, customerId, `${PUBLIC_URL}/`), link, 'a trailing slash makes no double slash');
    const token = link.split('/progress/')[1];

    const json = await new TestClient(s.url).get(`/api/progress/${token}`);
    assert.equal(json.status, 200, JSON.stringify(json.body));
    const widget = await shopper.get('/api/widget/v1/work-orders');
    assert.deepEqual(json.body, widget.body);

    // A shop abroad: the page's times are in its zone, not the server's nor China's.
    await s.db.updateTable('accounts').set({ timezone: 'America/New_York' }).where('id', '=', accountId).execute();
    const page = await fetch(`${s.url}/progress/${token}`, { headers: { 'accept-language': 'zh-CN' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|script-src/);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    const html = await page.text();
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /我的工单进度/);
    assert.ok(html.includes('日本单次旅游签证 &lt;办理进度&gt;'), 'the title is escaped');
    assert.ok(!html.includes('<办理进度>'));
    assert.ok(!/<script/i.test(html));
    assert.match(html, /材料已于今天递交使馆/);
    assert.match(html, /待其他团队处理/);
    assert.doesNotMatch(html, /内部|草稿|李雷|别家店/);
    assert.equal(html.match(/data-testid="progress-item"/g)?.length, 3);
    assert.equal(html.match(/客服正在处理/g)?.length, 1, 'only the open tracker without answers says it is being worked on; a resolved one does not');
    assert.ok(html.includes('提交于 2026/11/19 21:00'), "times in the shop's zone: 02:00 UTC is 21:00 the day before in New York");
    // The style the page carries is the one its CSP allows by hash.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    assert.ok(csp.includes(`'sha256-${crypto.createHash('sha256').update(style).digest('base64')}'`));

    const [v, who, mac] = token.split('.');
    const otherWho = Buffer.from(`${accountId}\n${newId('cus')}`).toString('base64url');
    const flipped = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    for (const bad of [`${v}.${otherWho}.${mac}`, `${v}.${who}.${flipped}`, `${v}.${who}`, 'nonsense', `p2.${who}.${mac}`]) {
      const res = await new TestClient(s.url).get(`/api/progress/${encodeURIComponent(bad)}`);
      assert.equal(res.status, 404, bad);
      assert.equal(res.body.error.code, 'not_found');
      const p = await fetch(`${s.url}/progress/${encodeURIComponent(bad)}`);
      assert.equal(p.status, 404);
      const body = await p.text();
      assert.match(body, /链接无效/);
      assert.doesNotMatch(body, /签证/);
    }
    // A link made for a customer that does not exist in that account is not found either.
    const stray = progressLink(accountId, newId('cus'), PUBLIC_URL)!.split('/progress/')[1];
    assert.equal((await new TestClient(s.url).get(`/api/progress/${stray}`)).status, 404);
  });
});
