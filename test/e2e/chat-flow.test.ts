import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, type TestServer } from '../harness.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from './browser.ts';

const QUESTION = '你好，这款面霜适合敏感肌吗？';
const OFFLINE_ASK = '断网时发的一句';
const AGENT_WHILE_OFFLINE = '我们收到了';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };

/** How often a text is a whole message bubble in the widget (its open Shadow DOM: locators pierce it). */
function widgetCount(page: Page, text: string): Promise<number> {
  return page.locator('shopdesk-widget .row .bubble').evaluateAll((nodes, body) => nodes.filter((n) => (n.textContent ?? '').trim() === body).length, text);
}

/** How often a text is a whole message in the agent's timeline (sent or still pending). */
function agentCount(page: Page, text: string): Promise<number> {
  return page.locator('[data-testid="message-timeline"] [data-testid="message-body"]').evaluateAll(
    (nodes, body) => nodes.filter((n) => (n.textContent ?? '').trim() === body).length,
    text,
  );
}

async function eventually(what: string, check: () => Promise<boolean>, timeout = 15_000) {
  const until = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a shopper and an agent chat live, with a quick reply and a dropped network', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let sku = '';
  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const home = await (await fetch(`${s.url}/demo`)).text();
    // A face cream, since that is what the shopper asks about; else any product of the demo shop.
    const cards = [...home.matchAll(/data-sku="([^"]+)"[\s\S]*?class="card-name">([^<]*)</g)];
    sku = (cards.find((c) => c[2].includes('面霜')) ?? cards[0])?.[1] ?? '';
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('done when: the question arrives live, /hi answers it, and nothing is lost or doubled offline', { timeout: 180_000 }, async () => {
    assert.ok(sku, 'the demo shop lists a product');

    // The agent signs in and waits on the conversations page.
    const agentContext = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const agent = await agentContext.newPage();
    const agentErrors: string[] = [];
    agent.on('pageerror', (e) => agentErrors.push(String(e)));
    await agent.goto(`${s.url}/login`);
    await agent.getByTestId('login-email').fill(ADMIN_EMAIL);
    await agent.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await agent.getByTestId('login-submit').click();
    await agent.waitForURL((u) => !u.pathname.startsWith('/login'));
    await agent.goto(`${s.url}/conversations`);
    await agent.getByTestId('conversation-list').waitFor();
    await agent.getByTestId('view-all').click();
    await agent.getByTestId('conversations-empty').waitFor();

    // The shopper, on a phone, opens a product page and asks.
    const shopContext = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const shop = await shopContext.newPage();
    const shopErrors: string[] = [];
    shop.on('pageerror', (e) => shopErrors.push(String(e)));
    await shop.goto(`${s.url}/demo/products/${sku}`);
    await shop.getByTestId('product-name').waitFor();
    await shop.getByTestId('sd-launcher').click();
    await shop.getByTestId('sd-panel').waitFor({ state: 'visible' });
    await shop.getByTestId('sd-presence').filter({ hasText: '在线' }).waitFor({ timeout: 15_000 });
    const input = shop.getByTestId('sd-input');
    await input.fill(QUESTION);
    await input.press('Enter');
    await mine(shop, QUESTION).locator('[data-status="sent"], [data-status="read"]').waitFor({ timeout: 15_000 });

    // It appears in the agent's list without a reload.
    const item = agent.locator('[data-testid^="conversation-item-"]', { hasText: QUESTION });
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    await agent.getByTestId('conversation-pane').waitFor();
    const timeline = agent.getByTestId('message-timeline');
    await timeline.getByText(QUESTION).waitFor();
    const customerName = ((await agent.getByTestId('customer-name').textContent()) ?? '').trim();
    assert.match(customerName, /^访客\w{4}$/, 'an anonymous shopper is called 访客XXXX');

    // The eight-step strip and its replies are above the reply box.
    await agent.getByTestId('reception-guide').waitFor();
    await agent.getByTestId('reception-reply-hi').waitFor();

    // Typing shows on the other side: the shopper's on the workspace, the agent's in the widget.
    await input.pressSequentially('还想问');
    await agent.getByTestId('customer-typing').getByText('顾客正在输入…').waitFor();
    await input.fill('');
    const reply = agent.getByTestId('reply-input');
    await reply.click();
    await reply.pressSequentially('稍');
    await shop.getByTestId('sd-typing').waitFor({ state: 'visible' });
    await reply.fill('');

    // `/hi` opens the picker; Enter takes the greeting, filled in for this shopper.
    await reply.pressSequentially('/hi');
    const picker = agent.getByTestId('quick-reply-picker');
    await picker.waitFor();
    await picker.getByTestId('quick-reply-option-hi').waitFor();
    await agent.waitForTimeout(400); // the popover's fade-in
    await agent.screenshot({ path: path.join(SCREENSHOT_DIR, 'chat-flow-agent-picker.png') });
    await reply.press('Enter');
    await picker.waitFor({ state: 'hidden' });
    await eventually('the greeting is filled in', async () => (await reply.inputValue()).startsWith('您好'));
    const greeting = await reply.inputValue();
    assert.ok(greeting.startsWith(`您好${customerName}，我是测试店铺的客服`), greeting);
    assert.ok(!greeting.includes('{{'), `every variable is filled: ${greeting}`);
    assert.ok(!greeting.includes('/hi'), 'the /query is replaced');
    assert.equal(await agent.getByTestId('quick-reply-missing').count(), 0, 'nothing is missing from the greeting');
    await reply.press('Enter');
    await eventually('the greeting is sent', async () => (await reply.inputValue()) === '');
    await theirs(shop, greeting).waitFor({ timeout: 15_000 });
    // Read both ways: the agent opened the chat, so the shopper's question shows 已读; the shopper has the
    // panel open on the greeting, so the agent sees 已读 under it.
    await mine(shop, QUESTION).locator('[data-status="read"]').filter({ hasText: '已读' }).waitFor({ timeout: 15_000 });
    await timeline.locator('[data-testid="message-read-state"][data-read="yes"]').last().waitFor({ timeout: 15_000 });

    // The shopper's network drops; each side writes meanwhile.
    await shopContext.setOffline(true);
    await input.fill(OFFLINE_ASK);
    await input.press('Enter');
    await mine(shop, OFFLINE_ASK).waitFor();
    await reply.fill(AGENT_WHILE_OFFLINE);
    await reply.press('Enter');
    await timeline.locator('[data-testid="message-body"]', { hasText: AGENT_WHILE_OFFLINE }).waitFor();
    await shop.waitForTimeout(1500);
    await shopContext.setOffline(false);

    // Back online: every message once on each side.
    await mine(shop, OFFLINE_ASK).locator('[data-status="sent"], [data-status="read"]').waitFor({ timeout: 40_000 });
    await theirs(shop, AGENT_WHILE_OFFLINE).waitFor({ timeout: 20_000 });
    await timeline.locator('[data-testid="message-body"]', { hasText: OFFLINE_ASK }).waitFor({ timeout: 20_000 });
    await shop.waitForTimeout(1500); // a late duplicate would show by now
    for (const text of [QUESTION, greeting, OFFLINE_ASK, AGENT_WHILE_OFFLINE]) {
      assert.equal(await widgetCount(shop, text), 1, `the shopper sees once: ${text}`);
    }
    assert.equal(await agentCount(agent, OFFLINE_ASK), 1, 'the agent sees the offline message once');
    assert.equal(await agentCount(agent, QUESTION), 1);
    assert.equal(await agentCount(agent, AGENT_WHILE_OFFLINE), 1);

    await shop.screenshot({ path: path.join(SCREENSHOT_DIR, 'chat-flow-shopper.png') });
    await agent.screenshot({ path: path.join(SCREENSHOT_DIR, 'chat-flow-agent.png') });

    // 核实 step: the team's reply needs an order this shopper does not have; the agent is told so.
    await agent.getByTestId('reception-step-verify').click();
    await agent.getByTestId('reception-reply-addr').click();
    await agent.getByTestId('quick-reply-missing').filter({ hasText: '订单号' }).waitFor();
    assert.ok((await reply.inputValue()).startsWith(customerName), await reply.inputValue());
    await agent.screenshot({ path: path.join(SCREENSHOT_DIR, 'chat-flow-agent-missing.png') });
    await reply.fill('');

    // An emoji from the picker, sent and seen by the shopper as it is.
    await reply.fill('好的');
    await agent.getByTestId('emoji-open').click();
    await agent.getByTestId('emoji-picker').getByRole('button', { name: '👍' }).click();
    assert.equal(await reply.inputValue(), '好的👍');
    await reply.press('Enter');
    await theirs(shop, '好的👍').waitFor({ timeout: 15_000 });

    // The settings page: the team's replies, and one of my own with a variable put in by a button.
    await agent.goto(`${s.url}/settings/quick-replies`);
    await agent.getByTestId('quick-replies-table-shared').getByText('/hi').waitFor();
    await agent.getByTestId('quick-replies-tab-personal').click();
    await agent.getByTestId('quick-reply-create').click();
    await agent.getByTestId('quick-reply-shortcut').fill('谢 谢');
    await agent.getByTestId('quick-reply-title').fill('致谢');
    await agent.getByTestId('quick-reply-body').fill('谢谢');
    await agent.getByTestId('quick-reply-var-customer.name').click();
    await agent.getByTestId('quick-reply-body').press('End');
    await agent.getByTestId('quick-reply-body').pressSequentially('的耐心等待！');
    await agent.getByTestId('quick-reply-submit').click();
    await agent.getByText('快捷语不能含空格或斜杠').waitFor();
    await agent.screenshot({ path: path.join(SCREENSHOT_DIR, 'chat-flow-quick-reply-modal.png') });
    await agent.getByTestId('quick-reply-shortcut').fill('thx');
    await agent.getByTestId('quick-reply-submit').click();
    await agent.getByTestId('quick-replies-table-personal').getByText('谢谢{{customer.name}}的耐心等待！').waitFor();
    await agent.getByTestId('quick-reply-submit').waitFor({ state: 'hidden' });
    await agent.waitForTimeout(300);
    await agent.screenshot({ path: path.join(SCREENSHOT_DIR, 'chat-flow-quick-replies-page.png') });

    assert.deepEqual(shopErrors, []);
    assert.deepEqual(agentErrors, []);
    await shopContext.close();
    await agentContext.close();
  });
});

function mine(page: Page, text: string): Locator {
  return page.locator('.row.me', { has: page.locator('.bubble', { hasText: text }) });
}

function theirs(page: Page, text: string): Locator {
  return page.locator('.row.agent', { has: page.locator('.bubble', { hasText: text }) });
}
