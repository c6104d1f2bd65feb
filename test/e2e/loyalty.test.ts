import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, type TestServer } from '../harness.ts';
import { firstAccountId, setCustomerStats } from '../factories.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from './browser.ts';

/**
 * Done when (issue 5, tiers and points): the owner opens 设置 → 会员等级与积分, lowers the VIP会员
 * threshold, saves, watches the re-evaluation finish, and the customer who now qualifies is VIP;
 * a gift added to the catalogue is listed; on the customer's page the badge shows and points are
 * adjusted by hand.
 */
describe('membership tiers and gifts set up through the UI', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let accountId: string;
  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    accountId = await firstAccountId(s.db);
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('lower the VIP threshold, save, see the re-evaluation finish; add a gift', { timeout: 180_000 }, async () => {
    const customerId = `cus_${randomUUID()}`;
    await s.db.insertInto('customers').values({ id: customerId, account_id: accountId, name: '老顾客' }).execute();
    await setCustomerStats(s.db, customerId, { lifetime_spend: '3000.00', order_count: 2 });

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByText('成员管理').first().waitFor();

    await page.goto(`${s.url}/settings/loyalty`);
    await page.getByTestId('loyalty-tiers').waitFor();
    assert.equal(await page.locator('#tiers_2_nameZh').inputValue(), 'VIP会员');
    await page.locator('#tiers_2_minSpend').fill('2000');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/loyalty/tiers') && r.request().method() === 'PUT');
    await page.getByTestId('loyalty-tiers-save').click();
    assert.equal((await saved).status(), 200);
    await page.getByTestId('loyalty-reevaluation').filter({ hasText: '上次重新评定已完成' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'loyalty-tiers.png') });
    const row = await s.db.selectFrom('customer_records').select('tier').where('id', '=', customerId).executeTakeFirstOrThrow();
    assert.equal(row.tier, 'vip');

    await page.getByRole('tab', { name: '积分礼品' }).click();
    await page.getByRole('button', { name: '添加礼品' }).click();
    await page.locator('.ant-modal').getByLabel('名称').fill('保温杯');
    await page.locator('.ant-modal').getByLabel('所需积分').fill('300');
    await page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('loyalty-gifts').getByText('保温杯').waitFor();

    // On the customer's page: the VIP badge, then 100 points added by hand with a reason.
    await page.goto(`${s.url}/customers/${customerId}`);
    const card = page.getByTestId('customer-loyalty-card');
    await card.getByTestId('loyalty-tier-badge').filter({ hasText: 'VIP会员' }).waitFor();
    await card.getByRole('button', { name: '调整积分' }).click();
    await page.locator('.ant-modal').getByLabel('增减积分').fill('100');
    await page.locator('.ant-modal').getByLabel('原因').fill('老客户回馈');
    await page.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await card.getByTestId('loyalty-entry').filter({ hasText: '老客户回馈' }).waitFor();
    assert.equal((await card.getByTestId('loyalty-balance').innerText()).includes('100'), true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'loyalty-customer-card.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
