import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser } from '../factories.ts';
import { newId } from '../../src/server/platform/ids.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR, signIn } from './browser.ts';

const DESKTOP = { width: 1366, height: 768 };
const PHONE = '13900001234';

/**
 * Duplicates and merge (重复客户与合并) in the browser: a Tmall buyer with an order and a chat visitor who
 * typed the same mobile another way are suggested as one person; an agent sees the pair with the phone
 * masked and cannot merge; the owner keeps the buyer's record, the order and the visitor's record end up
 * on it, the merged record's page says where it went, and 撤销合并 gives it back.
 */
describe('customer merge: a suggested pair merged in the browser, masked for an agent, and undone', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let accountId: string;
  let buyerId: string;
  let visitorId: string;
  let agent: { email: string; password: string };

  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    accountId = await firstAccountId(s.db);
    const made = await makeUser(s.db, accountId, 'agent', { name: '小美' });
    agent = { email: made.email, password: made.password };

    const owner = await loginAs(s.url);
    const order = await owner.post('/api/orders', {
      orders: [{
        platform: 'tmall',
        platformOrderId: `TM-MERGE-${Date.now()}`,
        status: 'paid',
        buyer: { platformBuyerId: 'tm-wangfang', name: '王芳', phone: PHONE },
        placedAt: '2026-11-20T10:00:00+08:00',
        items: [{ sku: 'FACE-01', name: '洁面乳', quantity: 2, unitPrice: 59 }],
      }],
    });
    assert.equal(order.status, 201, JSON.stringify(order.body));
    buyerId = (await s.db.selectFrom('orders').select('customer_id').where('account_id', '=', accountId).executeTakeFirstOrThrow()).customer_id!;
    // The same shopper in the web chat, who wrote her mobile with spaces: a second record.
    visitorId = newId('cus');
    await s.db.insertInto('customers').values({ id: visitorId, account_id: accountId, name: '芳芳', phone: '139 0000 1234' }).execute();
  });

  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('an agent sees the pair with the phone masked and no merge button', async () => {
    const page = await browser.newPage({ viewport: DESKTOP, locale: 'zh-CN' });
    try {
      await signIn(page, s.url, agent.email, agent.password);
      await page.goto(`${s.url}/customer-duplicates`);
      const pair = page.getByTestId('duplicate-pair');
      await pair.first().waitFor();
      assert.equal(await pair.count(), 1);
      const text = await pair.innerText();
      assert.match(text, /王芳/);
      assert.match(text, /芳芳/);
      assert.match(text, /139\*\*\*\*1234/);
      assert.ok(!text.includes(PHONE), 'the full phone is not on an agent’s page');
      assert.equal(await pair.getByTestId('merge-reason').first().getAttribute('data-reason'), 'phone');
      assert.equal(await page.getByTestId('merge-keep').count(), 0, 'an agent cannot merge');
    } finally {
      await page.close();
    }
  });

  test('the owner keeps the buyer’s record: the visitor’s record merges into it, its page points there, and the merge is undone', async () => {
    const page = await browser.newPage({ viewport: DESKTOP, locale: 'zh-CN' });
    try {
      await signIn(page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      await page.goto(`${s.url}/customer-duplicates`);
      const pair = page.getByTestId('duplicate-pair');
      await pair.first().waitFor();
      assert.match(await pair.innerText(), new RegExp(PHONE), 'the owner sees the full phone');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'merge-duplicates.png') });

      await page.locator('th', { hasText: '王芳' }).getByTestId('merge-keep').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('保留：王芳').waitFor();
      await dialog.getByText('并入：芳芳').waitFor();
      await dialog.getByTestId('merge-moves-nothing').waitFor();
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'merge-confirm.png') });
      await dialog.getByRole('button', { name: '确认合并' }).click();

      await page.waitForURL((u) => u.pathname === `/customers/${buyerId}`, { timeout: 30_000 });
      const history = page.getByTestId('merge-history');
      await history.getByText('并入了 芳芳').waitFor();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'merge-history.png') });
      const merged = await s.db.selectFrom('customers').select('merged_into').where('id', '=', visitorId).executeTakeFirstOrThrow();
      assert.equal(merged.merged_into, buyerId);
      const audit = await s.db.selectFrom('audit_log').select('action').where('account_id', '=', accountId).where('action', '=', 'customer.merged').execute();
      assert.ok(audit.length >= 1, 'the merge is in the audit log');

      await page.goto(`${s.url}/customers/${visitorId}`);
      await page.getByTestId('merged-notice').getByText('此客户档案已合并到 王芳').waitFor();
      await page.goto(`${s.url}/customer-duplicates`);
      await page.getByText('暂时没有疑似重复的客户').waitFor();
      assert.equal(await page.getByTestId('duplicate-pair').count(), 0, 'a merged pair is no longer suggested');

      await page.goto(`${s.url}/customers/${buyerId}`);
      await page.getByTestId('merge-undo').click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '撤销合并' }).click();
      await page.getByTestId('merge-history').getByText(/已于 .* 撤销/).waitFor();
      const back = await s.db.selectFrom('customers').select('merged_into').where('id', '=', visitorId).executeTakeFirstOrThrow();
      assert.equal(back.merged_into, null, 'the visitor’s record is back on its own');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'merge-undone.png') });
    } finally {
      await page.close();
    }
  });
});
