import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, TestClient, type TestServer } from '../harness.ts';
import { firstAccountId } from '../factories.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from './browser.ts';

/** The workspace's search, labels, filters and snooze in Chromium, with screenshots at 1366×768. */
describe('the workspace: search, labels, filters, snooze', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let owner: TestClient;
  const c: Record<string, { id: string; messageId: string }> = {};

  async function shopper(name: string, lines: string[]) {
    const accountId = await firstAccountId(s.db);
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
    const client = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    let last = { id: '', messageId: '' };
    for (const body of lines) {
      const sent = await client.post('/api/widget/v1/messages', { clientId: randomUUID(), body });
      last = { id: sent.body.message.conversationId, messageId: sent.body.message.id };
    }
    await s.db.updateTable('customers').set({ name }).where('id', '=', (await s.db.selectFrom('conversations').select('customer_id').where('id', '=', last.id).executeTakeFirstOrThrow()).customer_id).execute();
    return last;
  }

  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    owner = await loginAs(s.url);
    c.refund = await shopper('王芳', ['我想退货，退货运费谁出？', '订单号 SF1234567890，已经签收了']);
    c.cream = await shopper('李娜', ['请问这款玻尿酸面霜适合敏感肌吗']);
    // More than a page of later messages, so the hit is not on screen when the conversation opens.
    for (let i = 1; i <= 60; i++) await owner.post(`/api/conversations/${c.cream.id}/messages`, { clientId: randomUUID(), body: `第 ${i} 条回复` });
    c.vip = await shopper('张伟', ['双十一的赠品还没收到']);
    const accountId = await firstAccountId(s.db);
    await s.db.updateTable('customer_stats').set({ tier: 'vip' }).where('account_id', '=', accountId).where('customer_id', 'in', s.db.selectFrom('customers').select('id').where('account_id', '=', accountId).where('name', '=', '张伟')).execute();
    const urgent = (await owner.post('/api/labels', { name: '加急', color: '#f5222d' })).body.label;
    const refund = (await owner.post('/api/labels', { name: '退货退款', color: '#fa8c16' })).body.label;
    await owner.post('/api/labels', { name: '赠品', color: '#52c41a' });
    await owner.request('PUT', `/api/conversations/${c.refund.id}/labels`, { labelIds: [urgent.id, refund.id] });
    await owner.request('PUT', `/api/conversations/${c.vip.id}/labels`, { labelIds: [urgent.id] });
    await s.server.dispatcher!.drain();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('labels and filters in the list, search with highlights, a hit opens its message, snooze', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${s.url}/conversations/${c.refund.id}`);
    await page.getByTestId('view-all').click();
    await page.getByTestId(`conversation-item-${c.refund.id}`).getByText('退货退款').waitFor();
    await page.getByTestId('conversation-header').getByText('加急').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'workspace-labels.png') });

    // Filter by label, then by tier.
    await page.getByTestId('label-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '加急' }).click();
    await page.getByTestId(`conversation-item-${c.vip.id}`).waitFor();
    await page.getByTestId(`conversation-item-${c.cream.id}`).waitFor({ state: 'detached' });
    await page.getByTestId('tier-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: 'VIP 会员' }).click();
    await page.getByTestId(`conversation-item-${c.refund.id}`).waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'workspace-filters.png') });
    await page.getByTestId('label-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '全部标签' }).click();
    await page.getByTestId('tier-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '全部等级' }).click();

    // Search: a word inside a longer one, highlighted as text; the hit opens its (older) message.
    await page.keyboard.press('Control+K');
    await page.keyboard.type('面霜 敏感');
    const hit = page.getByTestId(`search-hit-${await firstMessageId(c.cream.id)}`);
    await hit.waitFor();
    // The search runs as the words are typed: the same message is a hit of 面 already, so the
    // marks are read once the whole query's answer is shown.
    await hit.locator('mark').filter({ hasText: '敏感' }).waitFor();
    assert.deepEqual(await hit.locator('mark').allTextContents(), ['面霜', '敏感']);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'workspace-search.png') });
    await hit.click();
    await page.waitForURL(new RegExp(`/conversations/${c.cream.id}\\?m=`));
    const focused = page.locator('.sd-conv-msg.is-focused');
    await focused.waitFor();
    assert.match((await focused.textContent()) ?? '', /玻尿酸面霜/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'workspace-search-open.png') });

    // Snooze until tomorrow 9:00 from the menu beside 解决.
    await page.getByTestId('conversation-search').fill('');
    await page.getByTestId('conversation-status-menu').click();
    await page.getByText('稍后处理', { exact: true }).last().hover();
    await page.getByText('明天 9:00').click();
    await page.getByTestId('conversation-snoozed-until').first().waitFor();
    assert.equal((await owner.get(`/api/conversations/${c.cream.id}`)).body.conversation.status, 'snoozed');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'workspace-snoozed.png') });

    // The labels settings page: the team's labels with how many conversations carry each.
    await page.goto(`${s.url}/settings/labels`);
    await page.getByTestId('labels-table').getByText('退货退款').waitFor();
    await page.getByTestId('label-create').click();
    await page.getByTestId('label-name').fill('投诉');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('labels-table').getByText('投诉').waitFor();
    await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'labels-page.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });

  async function firstMessageId(conversationId: string): Promise<string> {
    const row = await s.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).orderBy('id').executeTakeFirstOrThrow();
    return String(row.id);
  }
});
