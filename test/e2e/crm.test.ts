import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, TestClient, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser } from '../factories.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR, signIn } from './browser.ts';

const DESKTOP = { width: 1366, height: 900 };
const BUYER_ID = 'lin_xiaojie_2026';
const BUYER_NAME = '林小姐';
const PHONE = '13812345678';
const MASKED_PHONE = '138****5678';
const QUESTION = '你好，我上个月买的面霜什么时候补货？';
/** The paid orders of the file (yuan): ¥5,487.50 in all, over VIP会员's ¥5,000 by default. */
const PAID = ['2399.00', '1888.50', '1200.00'];
/** The default rule: 1 point per yuan, × the tier's multiplier (VIP会员 1.5), rounded down per order. */
const VIP_MULTIPLIER = 1.5;
const EXPECTED_POINTS = PAID.reduce((sum, p) => sum + Math.floor(Number(p) * VIP_MULTIPLIER), 0);

/** A time as a shop's export writes it, in China time: "2026-11-20 10:15:00". */
function chinaTime(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeout = 60_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Done when (issue 5, CRM): import a CSV of orders, see a customer move from 普通会员 to VIP会员 with
 * points earned, open the customer from a chat's side panel, reveal a masked phone as an admin
 * (audited) and see it masked as an agent.
 */
describe('CRM: an order import makes a chat customer VIP with points; contacts revealed (audited) and masked', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let accountId: string;
  let ownerId: string;
  let conversationId: string;
  let customerId: string;
  let agent: { email: string; password: string };

  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    accountId = await firstAccountId(s.db);
    ownerId = (await s.db.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow()).id;
    const made = await makeUser(s.db, accountId, 'agent', { name: '小美' });
    agent = { email: made.email, password: made.password };

    // The Taobao shop's connector: an API inbox for the platform and a token to post with. The buyer
    // writes in first, so the chat's customer is the Taobao buyer the order file will name.
    const owner = await loginAs(s.url);
    const inbox = await owner.post('/api/channels/api/inboxes', { name: '淘宝旗舰店', platform: 'taobao' });
    assert.equal(inbox.status, 201, JSON.stringify(inbox.body));
    const token = await owner.post('/api/api-tokens', { name: '淘宝对接程序', role: 'admin' });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    const connector = new TestClient(s.url, 'zh-CN', token.body.secret);
    const posted = await connector.post(`/api/channels/api/${inbox.body.inbox.id}/messages`, {
      externalMessageId: `tb-msg-${randomUUID()}`,
      customer: { externalId: BUYER_ID, name: BUYER_NAME, phone: PHONE },
      body: QUESTION,
    });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    conversationId = posted.body.conversationId;
    customerId = (await s.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow()).customer_id!;
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  /** From the workspace: the chat, its customer side panel, 查看客户档案 → the customer's page. */
  async function openCustomerFromChat(page: Page) {
    await page.goto(`${s.url}/conversations`);
    await page.getByTestId('conversation-list').waitFor({ timeout: 30_000 });
    await page.getByTestId('view-all').click();
    await page.getByTestId(`conversation-item-${conversationId}`).click({ timeout: 30_000 });
    await page.getByTestId('message-timeline').getByText(QUESTION).waitFor({ timeout: 30_000 });
    const panel = page.getByTestId('customer-panel');
    await panel.getByTestId('customer-name').filter({ hasText: BUYER_NAME }).waitFor();
    await panel.getByRole('link', { name: '查看客户档案' }).click();
    await page.waitForURL((u) => u.pathname === `/customers/${customerId}`);
    await page.getByTestId('customer-record-name').filter({ hasText: BUYER_NAME }).waitFor({ timeout: 30_000 });
  }

  /** What the customer's page shows now: the tier of the profile badge, the loyalty card's tier and balance. */
  async function loyaltyShown(page: Page) {
    const card = page.getByTestId('customer-loyalty-card');
    await card.getByTestId('loyalty-balance').waitFor({ timeout: 30_000 });
    return {
      tier: await page.getByTestId('customer-tier-badge').getAttribute('data-tier'),
      tierText: (await page.getByTestId('customer-tier-badge').innerText()).trim(),
      cardTier: await card.getByTestId('loyalty-tier-badge').getAttribute('data-tier'),
      balance: Number((await card.getByTestId('loyalty-balance').innerText()).replace(/\D/g, '')),
    };
  }

  test('done when: import → VIP会员 with points, opened from the chat; the owner reveals (audited), the agent sees it masked', { timeout: 300_000 }, async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);

    // Before the import: the chat's customer is a 普通会员 with no points.
    await openCustomerFromChat(page);
    const before = await loyaltyShown(page);
    assert.equal(before.tier, 'normal');
    assert.equal(before.tierText, '普通会员');
    assert.equal(before.balance, 0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'crm-customer-before-import.png') });

    // 订单 → 导入订单: three paid orders of the buyer, and one line the validation turns away.
    const stamp = Date.now().toString().slice(-8);
    const orderIds = PAID.map((_, i) => `TB${stamp}${i + 1}`);
    const csv = [
      '订单号,买家,手机,金额,状态,下单时间',
      `${orderIds[0]},${BUYER_ID},${PHONE},${PAID[0]},已付款,${chinaTime(20)}`,
      `${orderIds[1]},${BUYER_ID},${PHONE},${PAID[1]},已发货,${chinaTime(12)}`,
      `${orderIds[2]},${BUYER_ID},${PHONE},${PAID[2]},交易成功,${chinaTime(5)}`,
      `TB${stamp}9,${BUYER_ID},${PHONE},abc,已付款,${chinaTime(1)}`,
    ].join('\n') + '\n';
    await page.goto(`${s.url}/orders`);
    await page.getByRole('button', { name: '导入订单' }).click();
    await page.waitForURL((u) => u.pathname === '/orders/import');
    const uploaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/order-imports' && r.request().method() === 'POST', { timeout: 30_000 });
    await page.locator('input[type="file"]').setInputFiles({ name: '淘宝订单导出.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    assert.equal((await uploaded).status(), 201);

    // 对应字段: the columns are matched from the Chinese headers; taobao is the default platform.
    await page.getByText('淘宝订单导出.csv · 编码 UTF-8 · 6 列').waitFor({ timeout: 30_000 });
    const mappedTo = async (label: string) => {
      const item = page.locator('.ant-form-item').filter({ has: page.locator('.ant-form-item-label').getByText(label, { exact: true }) });
      return (await item.locator('.ant-select').first().innerText()).trim();
    };
    assert.equal(await mappedTo('订单号'), '订单号');
    assert.equal(await mappedTo('买家账号'), '买家');
    assert.equal(await mappedTo('手机'), '手机');
    assert.equal(await mappedTo('实付金额'), '金额');
    assert.equal(await mappedTo('订单状态'), '状态');
    assert.equal(await mappedTo('下单时间'), '下单时间');
    assert.equal(await mappedTo('文件没有平台列时，订单属于'), '淘宝');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'crm-import-mapping.png') });
    await page.getByRole('button', { name: '开始校验' }).click();

    // 校验报告: three lines to import, one with its reason.
    await page.getByText('共 4 行：3 行可导入，1 行有问题').waitFor({ timeout: 60_000 });
    const problem = page.locator('.ant-table-row').filter({ hasText: '金额“abc”不是有效金额' });
    await problem.waitFor();
    assert.equal((await problem.locator('td').first().innerText()).trim(), '5', 'the line of the file, the header being line 1');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'crm-import-report.png') });
    await page.getByRole('button', { name: '导入 3 行' }).click();

    // 结果: three new orders, no new customer (the buyer is the chat's customer).
    await page.getByText('导入完成：新建 3 个订单，更新 0 个，未变化 0 个；新建客户 0 位').waitFor({ timeout: 120_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'crm-import-result.png') });
    await page.locator('.ant-result').getByRole('button', { name: '返回订单列表' }).click();
    await page.waitForURL((u) => u.pathname === '/orders');
    for (const id of orderIds) await page.locator('.ant-table-row').filter({ hasText: id }).filter({ hasText: BUYER_NAME }).waitFor({ timeout: 30_000 });

    // The tier and points follow the paid orders after commit: the customer's page, opened from the
    // chat again, shows VIP会员 and the points once they are there (reloaded until then).
    await openCustomerFromChat(page);
    const after = await eventually('the customer shows VIP会员 with the points earned', async () => {
      const shown = await loyaltyShown(page);
      if (shown.tier === 'vip' && shown.cardTier === 'vip' && shown.balance === EXPECTED_POINTS) return shown;
      await page.reload();
      await page.getByTestId('customer-record-name').filter({ hasText: BUYER_NAME }).waitFor({ timeout: 30_000 });
      return null;
    }, 120_000);
    assert.equal(after.tierText, 'VIP会员');
    assert.equal(after.balance, EXPECTED_POINTS);
    const card = page.getByTestId('customer-loyalty-card');
    await card.getByTestId('loyalty-tier-badge').filter({ hasText: /^VIP会员$/ }).waitFor();
    assert.equal(await card.locator('[data-testid="loyalty-entry"][data-kind="earn"]').count(), PAID.length);
    await page.getByText('¥5,487.50').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'crm-customer-vip.png') });
    await card.screenshot({ path: path.join(SCREENSHOT_DIR, 'crm-customer-points.png') });
    const stored = await s.db.selectFrom('customer_records').select(['tier', 'order_count']).where('id', '=', customerId).executeTakeFirstOrThrow();
    assert.equal(stored.tier, 'vip');
    assert.equal(stored.order_count, PAID.length);

    // The owner (customers.contact.read) sees the phone in full; 查看完整联系方式 shows every contact and is audited.
    const phones = page.locator('th.ant-descriptions-item-label').filter({ hasText: /^手机号$/ }).locator('xpath=following-sibling::td[1]');
    await phones.getByText(PHONE, { exact: true }).first().waitFor();
    assert.equal(await phones.locator('[data-masked="yes"]').count(), 0);
    const revealed = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/customers/${customerId}/reveal` && r.request().method() === 'POST', { timeout: 30_000 });
    await page.getByTestId('privacy-reveal').click();
    assert.equal((await revealed).status(), 200);
    const modal = page.getByTestId('privacy-revealed');
    await modal.waitFor();
    await modal.locator('.ant-descriptions-item').filter({ hasText: '手机' }).getByText(PHONE, { exact: true }).waitFor();
    // The dialog's zoom-in has finished (its motion classes are gone) before the picture is taken.
    await page.locator('.ant-modal[class*="-appear"], .ant-modal-mask[class*="-appear"]').first().waitFor({ state: 'detached', timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'crm-owner-reveal.png') });
    const audits = await s.db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId).where('action', '=', 'customer.contact_revealed').execute();
    assert.equal(audits.length, 1);
    assert.equal(audits[0].target_type, 'customer');
    assert.equal(audits[0].target_id, customerId);
    assert.equal(audits[0].actor_id, ownerId);
    const auditData = typeof audits[0].data === 'string' ? JSON.parse(audits[0].data) : audits[0].data;
    assert.ok((auditData as { fields: string[] }).fields.includes('phone'), JSON.stringify(auditData));
    await page.keyboard.press('Escape');
    await modal.waitFor({ state: 'hidden' });
    assert.deepEqual(errors, []);
    await context.close();

    // An agent (no customers.contact.read) opens the same customer: the phone masked, nothing to reveal.
    const agentContext = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const agentPage = await agentContext.newPage();
    const agentErrors: string[] = [];
    agentPage.on('pageerror', (e) => agentErrors.push(String(e)));
    await signIn(agentPage, s.url, agent.email, agent.password);
    await agentPage.goto(`${s.url}/customers/${customerId}`);
    await agentPage.getByTestId('customer-record-name').filter({ hasText: BUYER_NAME }).waitFor({ timeout: 30_000 });
    const masked = agentPage.locator('[data-masked="yes"]').filter({ hasText: MASKED_PHONE });
    await masked.first().waitFor();
    await agentPage.getByRole('img', { name: '无权查看完整联系方式，已脱敏显示' }).first().waitFor();
    await agentPage.getByTestId('customer-tier-badge').filter({ hasText: 'VIP会员' }).waitFor();
    await agentPage.getByTestId('customer-loyalty-card').getByTestId('loyalty-balance').waitFor();
    assert.equal(await agentPage.getByTestId('privacy-reveal').count(), 0);
    assert.equal(await agentPage.getByRole('button', { name: /查看完整联系方式/ }).count(), 0);
    assert.ok(!(await agentPage.locator('body').innerText()).includes(PHONE), 'the full number is nowhere on the agent’s page');
    await agentPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'crm-agent-masked.png') });
    // Nor through the API: the agent's own session is refused, and nothing more is audited.
    const agentClient = await loginAs(s.url, agent.email, agent.password);
    assert.equal((await agentClient.post(`/api/customers/${customerId}/reveal`, {})).status, 403);
    const auditCount = await s.db.selectFrom('audit_log').select('id').where('account_id', '=', accountId).where('action', '=', 'customer.contact_revealed').execute();
    assert.equal(auditCount.length, 1);
    assert.deepEqual(agentErrors, []);
    await agentContext.close();
  });
});
