import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, TestClient, type TestServer } from '../harness.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from './browser.ts';

describe('the web app in Chromium', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('sign in, switch the language (it sticks), invite a user who then joins', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // Nothing the app does is refused by its Content-Security-Policy.
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) errors.push(`CSP: ${m.text()}`);
    });

    await page.goto(`${s.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByText('邮箱或密码不正确').first().waitFor();
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByText('成员管理').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home-zh.png') });

    // Switch to English (saved to the profile); a reload keeps it.
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/profile') && r.request().method() === 'PATCH');
    // The switch is one toggle: it names the other language, and says 简体中文 once English is on.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-switch').filter({ hasText: '简体中文' }).waitFor();
    await page.getByText('Users').first().waitFor();
    assert.equal((await saved).status(), 200);
    await page.reload();
    await page.getByText('Users').first().waitFor();
    const profile = await new TestClient(s.url).login(ADMIN_EMAIL, ADMIN_PASSWORD);
    assert.equal(profile.body.user.locale, 'en');

    // Back to Chinese, then invite an after-sale agent.
    const savedZh = page.waitForResponse((r) => r.url().endsWith('/api/auth/profile') && r.request().method() === 'PATCH');
    await page.getByTestId('lang-switch').filter({ hasText: '简体中文' }).click();
    assert.equal((await savedZh).status(), 200);
    await page.getByTestId('lang-switch').filter({ hasText: 'English' }).waitFor();
    await page.getByText('成员管理').first().waitFor();
    await page.goto(`${s.url}/settings/users`);
    await page.getByTestId('invite-open').click();
    await page.getByTestId('invite-email').fill('after.sale@shop.test');
    await page.getByTestId('invite-role').click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^客服$/ }).click();
    await page.getByTestId('invite-submit').click();
    const link = page.getByTestId('invite-link');
    await link.waitFor();
    const linkText = (await link.inputValue().catch(() => null)) ?? (await link.textContent()) ?? '';
    const url = /https?:\/\/\S+\/invite\/[\w-]+/.exec(linkText)?.[0];
    assert.ok(url, `the invite link is shown: ${linkText}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'invite-zh.png') });

    // The invited person opens the link in their own browser and joins.
    const guestContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const guest = await guestContext.newPage();
    await guest.goto(url!);
    await guest.locator('input[value="after.sale@shop.test"]').waitFor();
    await guest.getByText('测试店铺 邀请你').waitFor();
    await guest.getByPlaceholder('同事看到的你的名字').fill('售后小李');
    await guest.locator('input[type=password]').nth(0).fill('after-sale-pass-1');
    await guest.locator('input[type=password]').nth(1).fill('after-sale-pass-1');
    await guest.screenshot({ path: path.join(SCREENSHOT_DIR, 'accept-zh.png') });
    await guest.locator('button[type=submit]').click();
    await guest.waitForURL((u) => !u.pathname.startsWith('/invite'));
    await guest.getByText('售后小李').first().waitFor();
    await guest.screenshot({ path: path.join(SCREENSHOT_DIR, 'agent-home-zh.png') });

    const owner = new TestClient(s.url);
    await owner.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const users = await owner.get('/api/users');
    assert.ok(users.body.items.some((u: any) => u.email === 'after.sale@shop.test' && u.name === '售后小李' && u.role === 'agent'));
    assert.deepEqual(errors, []);
    await context.close();
    await guestContext.close();
  });

  test('a team created while the list is still loading stays in the list when the slow answer comes', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    // The page's first read of the teams is held back until the new team has been saved: its answer
    // (read before the team existed) then arrives last, as on a slow connection.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstList = true;
    await page.route(/\/api\/teams(\?.*)?$/, async (route) => {
      if (route.request().method() !== 'GET' || !firstList) return route.continue();
      firstList = false;
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    await page.goto(`${s.url}/settings/teams`);
    await page.getByTestId('team-create').click();
    await page.getByLabel('团队名称', { exact: true }).fill('慢网新团队');
    const created = page.waitForResponse((r) => /\/api\/teams$/.test(r.url()) && r.request().method() === 'POST');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    assert.equal((await created).status(), 201);
    await page.getByRole('button', { name: '成员 慢网新团队' }).waitFor();
    const answered = page.waitForResponse((r) => /\/api\/teams(\?.*)?$/.test(r.url()) && r.request().method() === 'GET');
    release();
    await answered;
    // The old answer has been applied; the team is still there.
    await page.waitForTimeout(300);
    assert.equal(await page.getByRole('button', { name: '成员 慢网新团队' }).count(), 1);
    await page.reload();
    await page.getByRole('button', { name: '成员 慢网新团队' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
