/**
 * Script and HTML payloads in what shoppers and members type, on every page that shows it: customer
 * names, nicknames, notes, custom attributes, tags, conversation labels, messages, email subjects,
 * file names, work order titles, fields and comments, team names, routing rule names, product names
 * and key-account files, in the customer list and page, the conversation and its side panel, the
 * work orders list and page, the routing settings, the teams, orders, key accounts, duplicates, the
 * audit log, the wallboard, work order reports, the widget and the customer's progress page.
 *
 * Each payload, if it ran, would open a dialog or set window.__pwned; each page is checked for
 * neither, for no element carrying an event handler attribute or a javascript: URL, and for the
 * payload's characters on screen as typed.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, type TestClient, type TestServer } from '../harness.ts';
import { firstAccountId } from '../factories.ts';
import { newId } from '../../src/server/platform/ids.ts';
import { progressLink } from '../../src/server/modules/tickets/index.ts';
import { hasChromium, launchBrowser, signIn } from './browser.ts';
import { img, jsUrl, link, openShopWidget, PayloadWatch, script, sendInWidget, storedChat, svg, waitOnline } from './xss-kit.ts';


/** What is put where. */
const V = {
  customerName: `${svg('cn')}${img('cn')}`,
  nickname: `${script('nk')}${img('nk')}`,
  note: `${img('nt')} ${script('nt')} ${svg('nt')} ${link('nt')} ${jsUrl('nt')}`,
  attributeLabel: img('al'),
  attributeValue: `${jsUrl('av')} ${img('av')}`,
  tags: [img('t1'), svg('t2'), jsUrl('t3')],
  label: svg('lb'),
  message: `${img('ms')} ${script('ms')} ${svg('ms')} ${link('ms')} ${jsUrl('ms')}`,
  fileName: `${img('fn')}.pdf`,
  emailSubject: `${img('su')}${script('su')}`,
  workOrderTitle: `${svg('wt')}${img('wt')}`,
  internalComment: `${img('wc')} ${script('wc')} ${link('wc')}`,
  publicComment: `${svg('wp')} ${img('wp')} ${jsUrl('wp')}`,
  teamName: img('tm'),
  ruleName: `${svg('rr')}${img('rr')}`,
  productName: `${img('pr')}${script('pr')}`,
  company: `${svg('co')}${img('co')}`,
  businessContact: img('bc'),
  twinName: `${img('dn')}${script('dn')}`,
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');




describe('payloads are inert text on every page that shows them', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let owner: TestClient;
  let accountId: string;
  let inboxId: string;
  const ids = { customer: '', conversation: '', emailConversation: '', workOrder: '', team: '', product: '' };
  let agentContext: BrowserContext;
  let agentPage: Page;
  let shopContext: BrowserContext;
  let shopPage: Page;
  const checks = new PayloadWatch();
  const { pageErrors } = checks;
  const watch = (page: Page, who: string) => checks.watch(page, who);


  const assertInertPage = (page: Page, what: string, expected: string[]) => checks.assertInertPage(page, what, expected);

  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;

    // The owner's workspace is open (so the widget offers a chat, not a message form).
    agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    agentPage = await agentContext.newPage();
    watch(agentPage, 'workspace');
    await signIn(agentPage, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await agentPage.goto(`${s.url}/conversations`);
    const me = (await owner.get('/api/auth/me')).body.user.id;
    await waitOnline(s.db, me);

    // A shopper on the shop's page types the message and sends a file with the payload as its name.
    ({ context: shopContext, page: shopPage } = await openShopWidget(browser, s.url, inboxId, checks, { width: 1280, height: 860 }));
    await sendInWidget(shopPage, V.message);
    await shopPage.locator('.row.me [data-status="sent"], .row.me [data-status="read"]').first().waitFor({ timeout: 20_000 });
    await shopPage.getByTestId('sd-file-input').setInputFiles({ name: V.fileName, mimeType: 'application/pdf', buffer: PDF });
    await shopPage.locator('.row.me [data-testid="sd-file"]').first().waitFor({ timeout: 20_000 });
    ({ conversation: ids.conversation, customer: ids.customer } = await storedChat(s.db, accountId, V.message));

    // The customer's record: names, tags, a custom attribute and a note.
    const attr = await owner.post('/api/customer-attributes', { key: 'memo', label: V.attributeLabel, type: 'text' });
    assert.equal(attr.status, 201, JSON.stringify(attr.body));
    const patched = await owner.patch(`/api/customers/${ids.customer}`, { name: V.customerName, nickname: V.nickname, tags: V.tags, attributes: { memo: V.attributeValue } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal((await owner.post(`/api/customers/${ids.customer}/notes`, { body: V.note })).status, 201);

    // A key-account file, and a second record with the same phone (a suggested duplicate).
    const file = await owner.request('PUT', `/api/customers/${ids.customer}/key-account`, { managerId: null, company: V.company, contacts: [{ name: V.businessContact, phone: '13900001111' }], notes: V.note });
    assert.equal(file.status, 200, JSON.stringify(file.body));
    assert.equal((await owner.patch(`/api/customers/${ids.customer}`, { phone: '13900001111' })).status, 200);
    await s.db.insertInto('customers').values({ id: newId('cus'), account_id: accountId, name: V.twinName, phone: '13900001111' }).execute();
    assert.ok((await owner.post('/api/customer-duplicates/scan')).status < 300);

    // A conversation label.
    const label = await owner.post('/api/labels', { name: V.label });
    assert.equal(label.status, 201, JSON.stringify(label.body));
    const labelled = await owner.post(`/api/conversations/${ids.conversation}/labels`, { labelId: label.body.label.id });
    assert.ok(labelled.status < 300, JSON.stringify(labelled.body));

    // A product in the catalogue, bought by the customer, and routed on by a rule to a team.
    const product = await owner.post('/api/products', { sku: 'XSS-1', name: V.productName, price: '9.90' });
    assert.equal(product.status, 201, JSON.stringify(product.body));
    ids.product = product.body.product.id;
    const orderId = newId('ord');
    await s.db.insertInto('orders').values({ id: orderId, account_id: accountId, customer_id: ids.customer, platform: 'web', platform_order_id: `XSS-${randomUUID().slice(0, 8)}`, status: 'paid', item_total: '9.90', discount_total: '0', shipping_fee: '0', paid_total: '9.90', placed_at: new Date() }).execute();
    await s.db.insertInto('order_items').values({ id: newId('oit'), account_id: accountId, order_id: orderId, product_id: ids.product, sku: 'XSS-1', name: V.productName, quantity: 1, unit_price: '9.90', discount: '0', line_total: '9.90' }).execute();
    const team = await owner.post('/api/teams', { name: V.teamName });
    assert.equal(team.status, 201, JSON.stringify(team.body));
    ids.team = team.body.team.id;
    const rule = await owner.post('/api/routing/rules', { name: V.ruleName, conditions: { productIds: [ids.product] }, actions: { target: { kind: 'team', teamId: ids.team } } });
    assert.equal(rule.status, 201, JSON.stringify(rule.body));

    // A work order from the chat, for the team, with an internal comment and a public reply.
    type Field = { key: string; kind: string; options?: string[]; required?: boolean };
    const type = (await owner.get('/api/work-order-types')).body.items[0] as { id: string; fields: Field[] };
    const sample = (f: Field) => (f.kind === 'select' ? f.options![0] : f.kind === 'number' ? 1 : f.kind === 'date' ? '2026-01-02' : img('wf'));
    const fields = Object.fromEntries(type.fields.filter((f) => f.required).map((f) => [f.key, sample(f)]));
    const wo = await owner.post('/api/work-orders', { typeId: type.id, fields, title: V.workOrderTitle, description: V.note, teamId: ids.team, customerId: ids.customer, conversationId: ids.conversation });
    assert.equal(wo.status, 201, JSON.stringify(wo.body));
    ids.workOrder = wo.body.workOrder.id;
    assert.equal((await owner.post(`/api/work-orders/${ids.workOrder}/comments`, { body: V.internalComment })).status, 201);
    const reply = await owner.post(`/api/work-orders/${ids.workOrder}/comments`, { body: V.publicComment, public: true });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));

    // An email whose subject is a payload.
    const created = await owner.post('/api/channels/email/inboxes', { name: '邮件客服', address: 'service@shop.test' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const mail = [
      'From: "Shopper" <shopper@mail.test>',
      'To: service@shop.test',
      `Subject: =?UTF-8?B?${Buffer.from(V.emailSubject).toString('base64')}?=`,
      `Message-ID: <${randomUUID()}@mail.test>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      '请看标题',
      '',
    ].join('\r\n');
    const posted = await fetch(`${s.url}/api/channels/email/${created.body.inbox.id}/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822', 'x-shopdesk-inbound-key': created.body.settings.inboundKey }, body: mail });
    assert.equal(posted.status, 200, await posted.clone().text());
    ids.emailConversation = ((await posted.json()) as { conversationId: string }).conversationId;
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('the customer list and the customer page', { timeout: 90_000 }, async () => {
    await agentPage.goto(`${s.url}/customers`);
    await assertInertPage(agentPage, 'customer list', [V.customerName, ...V.tags]);
    await agentPage.goto(`${s.url}/customers/${ids.customer}`);
    await assertInertPage(agentPage, 'customer page', [V.customerName, V.nickname, ...V.tags, V.attributeLabel, V.attributeValue, V.note, V.productName]);
  });

  test('the conversation, its side panel (customer, orders, work orders), and the list of conversations', { timeout: 90_000 }, async () => {
    await agentPage.goto(`${s.url}/conversations/${ids.conversation}`);
    await assertInertPage(agentPage, 'conversation', [V.message, V.fileName, V.publicComment, V.label, V.customerName, V.nickname, V.workOrderTitle, V.productName]);
    await agentPage.goto(`${s.url}/conversations/${ids.emailConversation}`);
    await assertInertPage(agentPage, 'email conversation', [V.emailSubject]);
  });

  test('the work orders list and the work order page', { timeout: 90_000 }, async () => {
    await agentPage.goto(`${s.url}/work-orders`);
    await assertInertPage(agentPage, 'work orders list', [V.workOrderTitle, V.teamName]);
    await agentPage.goto(`${s.url}/work-orders/${ids.workOrder}`);
    await assertInertPage(agentPage, 'work order page', [V.workOrderTitle, V.internalComment, V.publicComment, V.teamName, V.customerName, img('wf')]);
  });

  test('the routing settings and the teams', { timeout: 90_000 }, async () => {
    await agentPage.goto(`${s.url}/settings/routing`);
    await assertInertPage(agentPage, 'routing settings', [V.ruleName, V.teamName, V.productName]);
    await agentPage.goto(`${s.url}/settings/teams`);
    await assertInertPage(agentPage, 'teams', [V.teamName]);
  });

  test('the orders, key accounts, duplicates, audit log, wallboard and work order reports', { timeout: 120_000 }, async () => {
    const pages: { path: string; expected: string[]; open?: () => Promise<void> }[] = [
      { path: '/orders', expected: [V.customerName] },
      { path: '/key-accounts', expected: [V.customerName, V.company], open: () => agentPage.getByRole('tab', { name: '全部大客户' }).click() },
      { path: '/customer-duplicates', expected: [V.customerName, V.twinName] },
      { path: '/settings/audit', expected: [V.customerName] },
      { path: '/wallboard', expected: [V.teamName] },
      { path: '/work-orders/reports', expected: [V.teamName] },
    ];
    for (const { path, expected, open } of pages) {
      await agentPage.goto(`${s.url}${path}`);
      await open?.();
      await assertInertPage(agentPage, path, expected);
    }
  });

  test('the widget: messages, the file name, and the work orders screen', { timeout: 90_000 }, async () => {
    await assertInertPage(shopPage, 'widget chat', [V.message, V.fileName, V.publicComment]);
    await shopPage.getByTestId('widget-work-orders-open').click();
    await shopPage.getByTestId('widget-work-orders-screen').waitFor({ state: 'visible' });
    await assertInertPage(shopPage, 'widget work orders', [V.workOrderTitle, V.publicComment]);
  });

  test('the customer’s progress page', { timeout: 60_000 }, async () => {
    const url = progressLink(accountId, ids.customer, s.url);
    assert.ok(url);
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    watch(page, 'progress');
    await page.goto(url);
    await assertInertPage(page, 'progress page', [V.workOrderTitle, V.publicComment]);
    await context.close();
  });

  test('no page threw', () => {
    assert.deepEqual(pageErrors, []);
  });
});
