import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser } from '../factories.ts';
import { newId } from '../../src/server/platform/ids.ts';
import { openSocket, type SocketClient } from '../nodes.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from './browser.ts';

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const VISA_SKU = 'VISA-JP-01';

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeout = 20_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

/** Picks an option of the open Ant Design select by its text (never one of a dropdown still closing). */
async function pick(page: Page, text: string) {
  await openDropdown(page).locator('.ant-select-item-option').filter({ hasText: text }).filter({ visible: true }).first().click();
}

/** Closes a multiple select's dropdown and waits until it has gone, so the next select's options are the only ones. */
async function closeSelect(page: Page) {
  await page.keyboard.press('Escape');
  await openDropdown(page).first().waitFor({ state: 'hidden' });
}

/**
 * Done when (issue: routing): the seed 001 set-up — visa teams by country group, a visa product bound
 * to its dedicated agents — is built through the settings pages; a chat opened from the Japan-visa
 * product's page lands with a Japan agent, queues when they are all full (the shopper sees the
 * place), and overflows to the fallback team when the wait runs out.
 */
describe('routing set up through the UI: Japan visa chats go to Japan agents, queue, and overflow', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let accountId: string;
  const sockets: SocketClient[] = [];
  const people: Record<string, { id: string; email: string; password: string }> = {};

  before(async () => {
    // The routing ticker looks at overflow every second here (5 s by default).
    s = await startTestServer({ env: { SHOPDESK_ROUTING_TICK_MS: '1000' } });
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    accountId = await firstAccountId(s.db);
    for (const [key, name] of [['jpA', '张三'], ['jpB', '李四'], ['pre', '王五']] as const) {
      const made = await makeUser(s.db, accountId, 'agent', { name });
      people[key] = { id: made.user.id, email: made.email, password: made.password };
    }
    // The catalogue: a visa line with a Japan group, and the Japan visa product the shop's page shows.
    const visa = newId('pgp');
    const japan = newId('pgp');
    await s.db.insertInto('product_groups').values([{ id: visa, account_id: accountId, name: '签证' }, { id: japan, account_id: accountId, name: '日韩签证', parent_id: visa }]).execute();
    await s.db.insertInto('products').values({ id: newId('prd'), account_id: accountId, group_id: japan, sku: VISA_SKU, name: '日本单次旅游签证', price: 399 }).execute();
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await browser?.close();
    await s?.close();
  });

  /**
   * The travel shop's product page, on its own origin, with ShopDesk's one script tag. Here both are
   * on this machine, so the shopper's browser grants the shop's page access to the local network.
   */
  async function shopperPage(context: BrowserContext, inboxId: string): Promise<Page> {
    const page = await context.newPage();
    const SHOP = `http://localhost:${new URL(s.url).port}/visa-shop`;
    await page.route(`${SHOP}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>日本单次旅游签证</title></head>
<body><h1>日本单次旅游签证</h1><p>五年有效，全国受理</p>
<script>window.ShopDeskSettings = { product: { id: ${JSON.stringify(VISA_SKU)}, name: '日本单次旅游签证' } };</script>
<script src="${s.url}/widget.js" data-inbox="${inboxId}" async></script></body></html>`,
      }),
    );
    await page.goto(`${SHOP}/products/jp-visa`);
    return page;
  }

  async function ask(page: Page, text: string) {
    await page.getByTestId('sd-launcher').click();
    await page.getByTestId('sd-panel').waitFor({ state: 'visible' });
    await page.getByTestId('sd-input').fill(text);
    await page.getByTestId('sd-input').press('Enter');
    await page.locator('.row.me [data-status="sent"], .row.me [data-status="read"]').first().waitFor({ timeout: 15_000 });
    const row = await eventually('the conversation is stored', async () =>
      s.db.selectFrom('messages').select('conversation_id').where('account_id', '=', accountId).where('body', '=', text).executeTakeFirst(),
    );
    return row.conversation_id;
  }

  const conversation = (id: string) =>
    s.db.selectFrom('conversations').select(['assignee_id', 'team_id', 'routing_state']).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirstOrThrow();
  /** The conversation once it has an agent. */
  const assigned = async (id: string) => {
    const c = await conversation(id);
    return c.assignee_id ? c : null;
  };

  test('done when: built in the UI; a Japan-visa chat lands with a Japan agent, queues when they are full, overflows after the wait', { timeout: 300_000 }, async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    // 团队与客服 → 团队: 签证 with its group 日韩签证, and 售前 for everything else.
    await page.goto(`${s.url}/settings/teams`);
    const newTeam = async (name: string, parent?: string) => {
      if (parent) await page.getByRole('button', { name: `添加子团队 ${parent}` }).click();
      else await page.getByRole('button', { name: /新建(第一个)?团队/ }).first().click();
      await page.getByLabel('团队名称', { exact: true }).fill(name);
      await page.getByRole('button', { name: /创\s*建/ }).click();
      await page.getByRole('button', { name: `成员 ${name}` }).waitFor();
    };
    await newTeam('签证');
    await newTeam('日韩签证', '签证');
    await newTeam('售前');
    const members = async (team: string, names: string[]) => {
      await page.getByRole('button', { name: `成员 ${team}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('选择成员').click();
      for (const name of names) await pick(page, name);
      await closeSelect(page);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
    };
    await members('日韩签证', ['张三', '李四']);
    await members('售前', ['王五']);

    // 客服: internal names by function, one chat at a time each (so the third chat has to wait).
    await page.getByRole('tab', { name: '客服', exact: true }).click();
    for (const [name, internal] of [['张三', '日本客服A'], ['李四', '日本客服B']]) {
      await page.getByRole('button', { name: `编辑 ${name}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('内部名称', { exact: true }).fill(internal);
      await dialog.getByLabel('接待上限', { exact: true }).fill('1');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: `编辑 ${internal}` }).waitFor();
    }

    // 专属客服: the Japan visa goes to its two specialists.
    await page.getByRole('tab', { name: '专属客服' }).click();
    await page.getByRole('button', { name: '设置专属客服 日本单次旅游签证' }).click();
    const bind = page.getByRole('dialog');
    await bind.getByLabel('选择专属客服').click();
    await pick(page, '日本客服A');
    await pick(page, '日本客服B');
    await closeSelect(page);
    await bind.getByRole('button', { name: /保\s*存/ }).click();
    await bind.waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'routing-teams.png') });

    // 分配规则: the product group's chats go to its dedicated agents, waiting in 日韩签证.
    await page.goto(`${s.url}/settings/routing`);
    await page.getByRole('button', { name: '新建规则' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('规则名称', { exact: true }).fill('日本签证咨询');
    await drawer.getByLabel('商品分组', { exact: true }).click();
    await pick(page, '日韩签证');
    await closeSelect(page);
    await drawer.getByRole('radio', { name: /^商品专属客服/ }).click({ force: true });
    await drawer.getByLabel('等待时所在团队', { exact: true }).click();
    await pick(page, '日韩签证');
    await drawer.getByRole('button', { name: '保存规则' }).click();
    await page.getByRole('button', { name: '编辑规则 日本签证咨询' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'routing-rules.png') });

    // 排队设置: 售前 catches the rest and the overflow after 20 seconds; automatic assignment on.
    await page.getByRole('tab', { name: '排队设置' }).click();
    await page.getByLabel('兜底团队', { exact: true }).click();
    await pick(page, '售前');
    await page.getByLabel('排队超过多久转兜底团队', { exact: true }).fill('20');
    await page.getByRole('switch', { name: '自动分配' }).click();
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByText('排队设置已保存').waitFor();
    const settings = await s.db.selectFrom('routing_settings').selectAll().where('account_id', '=', accountId).executeTakeFirstOrThrow();
    assert.equal(settings.enabled, true);
    assert.equal(settings.overflow_after_seconds, 20);

    // The agents open their workspaces: an open socket puts each online.
    for (const key of ['jpA', 'jpB', 'pre']) {
      const client = await loginAs(s.url, people[key].email, people[key].password);
      sockets.push(await openSocket(s.url, client.cookie));
    }
    await eventually('three agents online', async () => {
      const rows = await s.db.selectFrom('agent_states').select('user_id').where('account_id', '=', accountId).where('status', '=', 'online').where('user_id', 'in', Object.values(people).map((p) => p.id)).execute();
      return rows.length === 3;
    });

    // Shoppers on the travel shop's Japan visa page.
    const inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;
    const shopper = async () => shopperPage(await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true, permissions: ['local-network-access'] }), inboxId);
    const japan = [people.jpA.id, people.jpB.id];

    const first = await ask(await shopper(), '你好，日本签证需要准备哪些材料？');
    const c1 = await eventually('the first chat is assigned', () => assigned(first));
    assert.ok(japan.includes(c1.assignee_id!), 'it lands with a Japan agent');
    const second = await ask(await shopper(), '日本签证加急大概几天？');
    const c2 = await eventually('the second chat is assigned', () => assigned(second));
    assert.ok(japan.includes(c2.assignee_id!));
    assert.notEqual(c2.assignee_id, c1.assignee_id, 'the other Japan agent, who had room');

    // Both Japan agents are full: the third shopper waits, and sees the place.
    const third = await shopper();
    const waiting = await ask(third, '在职证明需要盖章吗？');
    const c3 = await eventually('the third chat queues', async () => { const c = await conversation(waiting); return c.routing_state === 'queued' ? c : null; });
    assert.equal(c3.assignee_id, null);
    const bar = third.getByTestId('sd-queue');
    await bar.filter({ hasText: /排队中/ }).waitFor({ timeout: 15_000 });
    await third.screenshot({ path: path.join(SCREENSHOT_DIR, 'routing-queued-widget.png') });

    // The wait runs out (20 s): the fallback team 售前 takes it.
    const c3after = await eventually('the queued chat overflows to 售前', () => assigned(waiting), 60_000);
    assert.equal(c3after.assignee_id, people.pre.id);
    await bar.waitFor({ state: 'hidden', timeout: 15_000 });

    // Why it went where it went, on the conversation.
    const owner = await loginAs(s.url);
    const log = (await owner.get(`/api/conversations/${waiting}/routing`)).body.items as Array<{ kind: string; ruleName: string | null; teamName: string | null; why: string }>;
    assert.deepEqual(log.map((d) => d.kind), ['queued', 'overflowed', 'assigned']);
    assert.equal(log[0].ruleName, '日本签证咨询');
    assert.equal(log[0].teamName, '日韩签证');
    assert.equal(log[1].teamName, '售前');
    const firstLog = (await owner.get(`/api/conversations/${first}/routing`)).body.items;
    assert.equal(firstLog[0].kind, 'assigned');
    assert.match(firstLog[0].why, /专属客服/);

    // The wallboard shows the day: three chats, nobody queued now.
    await page.goto(`${s.url}/wallboard`);
    await page.getByText('日韩签证').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'routing-wallboard.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
