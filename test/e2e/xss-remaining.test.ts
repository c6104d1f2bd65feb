/**
 * Script and HTML payloads where test/e2e/xss-settings.test.ts and test/e2e/xss-pages.test.ts do not
 * look: the tooltips that repeat a value only on hover (an inbox's name in the conversation header, a
 * quick reply's full text), the filter dropdowns of the conversation list (label, tier) and the
 * customer list (tier), the transfer and assign dialogs (member and team names), the wallboard's
 * agents (with the payload-named agent online, and the load chart's tooltip), the API and email
 * inboxes' drawers, the profile page, and tier names in the English interface.
 *
 * Same checks: no dialog, window.__pwned unset, no element with an on* attribute or a javascript:
 * URL, no page error, and the payload's characters on screen as typed.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, type TestClient, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser } from '../factories.ts';
import { hasChromium, launchBrowser, signIn } from './browser.ts';
import { fieldHolds, img, jsUrl, openShopWidget, PayloadWatch, script, sendInWidget, storedChat, svg, waitOnline } from './xss-kit.ts';


const V = {
  ownerDisplayName: svg('od'),
  ownerNickname: img('on'),
  memberName: `${img('mn')}${script('mn')}`,
  memberDisplayName: svg('md'),
  memberNickname: img('mk'),
  teamName: img('tm'),
  inboxName: img('ib'),
  apiInboxName: svg('ap'),
  emailInboxName: script('em'),
  qrShortcut: `"><b>qs`,
  qrTitle: svg('qt'),
  qrBody: `${img('qb')} ${script('qb')} ${jsUrl('qb')}`,
  label: svg('lb'),
  tierNameZh: `<svg/onload=alert()>`,
  tierNameEn: img('te'),
};




describe('payloads stay inert in tooltips, filters, dialogs, the wallboard, inbox drawers, the profile and the English interface', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let owner: TestClient;
  let accountId: string;
  let inboxId: string;
  const ids = { me: '', member: '', team: '', apiInbox: '', emailInbox: '', conversation: '', customer: '' };
  let context: BrowserContext;
  let page: Page;
  const checks = new PayloadWatch();
  const { pageErrors } = checks;
  const watch = (page: Page, who: string) => checks.watch(page, who);

  const assertInertPage = (page: Page, what: string, expected: string[]) => checks.assertInertPage(page, what, expected);


  /** The text of the visible tooltips (antd's, and echarts' own). */
  const TOOLTIPS = `Array.from(document.querySelectorAll('.ant-tooltip:not(.ant-tooltip-hidden), .ant-typography-tooltip, [data-testid^="wallboard-chart"] > div + div')).map((e) => e.textContent || '').join('\\n')`;

  async function tooltipShows(p: Page, what: string, value: string) {
    const until = Date.now() + 10_000;
    let last = '';
    while (!(last = (await p.evaluate(TOOLTIPS)) as string).includes(value)) {
      if (Date.now() > until) assert.fail(`${what}: the tooltip does not show ${JSON.stringify(value)}: ${JSON.stringify(last)}`);
      await p.waitForTimeout(200);
    }
  }

  async function ok(res: Promise<{ status: number; body: any }>, what: string) {
    const r = await res;
    assert.ok(r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    ids.me = (await owner.get('/api/auth/me')).body.user.id;
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;

    await ok(owner.patch(`/api/agents/${ids.me}`, { displayName: V.ownerDisplayName, nickname: V.ownerNickname }), 'owner names');
    ids.member = (await makeUser(s.db, accountId, 'agent', { name: V.memberName })).user.id;
    await ok(owner.patch(`/api/users/${ids.member}`, { displayName: V.memberDisplayName, nickname: V.memberNickname }), 'member names');
    ids.team = (await ok(owner.post('/api/teams', { name: V.teamName }), 'team')).team.id;
    await ok(owner.request('PUT', `/api/teams/${ids.team}/members`, { members: [{ userId: ids.me, isLead: true }, { userId: ids.member, isLead: false }] }), 'team members');

    await ok(owner.patch(`/api/inboxes/${inboxId}`, { name: V.inboxName }), 'inbox');
    ids.apiInbox = (await ok(owner.post('/api/channels/api/inboxes', { name: V.apiInboxName, platform: 'taobao', webhookUrl: 'https://connector.shop.test/hook' }), 'api inbox')).inbox.id;
    ids.emailInbox = (await ok(owner.post('/api/channels/email/inboxes', { name: V.emailInboxName, address: 'service@shop.test' }), 'email inbox')).inbox.id;

    await ok(owner.post('/api/quick-replies/shared', { shortcut: V.qrShortcut, title: V.qrTitle, body: V.qrBody, step: 'greet' }), 'quick reply');
    const label = await ok(owner.post('/api/labels', { name: V.label }), 'label');

    const tiers = (await owner.get('/api/loyalty/tiers')).body.items as Array<Record<string, unknown>>;
    const body = tiers.map(({ rank: _rank, ...t }, i) => (i === 0 ? { ...t, nameZh: V.tierNameZh, nameEn: V.tierNameEn } : t));
    await ok(owner.request('PUT', '/api/loyalty/tiers', { tiers: body }), 'tiers');

    // The owner's workspace is open (online, for the wallboard and the transfer dialog).
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    watch(page, 'workspace');
    await signIn(page, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${s.url}/conversations`);
    await waitOnline(s.db, ids.me);

    // A shopper writes from the widget; the owner takes the conversation and labels it.
    const shop = await openShopWidget(browser, s.url, inboxId, checks);
    await sendInWidget(shop.page, '你好，想问下会员');
    ({ conversation: ids.conversation, customer: ids.customer } = await storedChat(s.db, accountId, '你好，想问下会员'));
    await shop.context.close();
    await owner.post(`/api/conversations/${ids.conversation}/take`);
    await ok(owner.post(`/api/conversations/${ids.conversation}/messages`, { clientId: randomUUID(), body: '您好，在的' }), 'reply');
    await ok(owner.post(`/api/conversations/${ids.conversation}/labels`, { labelId: label.label.id }), 'label on the conversation');
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('hover-only tooltips: the inbox in the conversation header, a quick reply’s full text', { timeout: 60_000 }, async () => {
    await page.goto(`${s.url}/conversations/${ids.conversation}`);
    await assertInertPage(page, 'conversation', [V.label, V.qrTitle]);
    await page.getByTestId('conversation-header').locator('.anticon').first().hover();
    await tooltipShows(page, 'inbox tooltip', V.inboxName);
    await assertInertPage(page, 'inbox tooltip', [V.inboxName]);
    // The reception guide offers the quick reply by its title; its full text is only in the tooltip.
    const chip = page.getByTestId(`reception-reply-${V.qrShortcut}`);
    await chip.scrollIntoViewIfNeeded();
    await chip.hover();
    await tooltipShows(page, 'quick reply tooltip', V.qrBody);
    await assertInertPage(page, 'quick reply tooltip', [V.qrBody]);
  });

  test('filter dropdowns: label and tier in the conversation list, tier in the customer list', { timeout: 60_000 }, async () => {
    await page.goto(`${s.url}/conversations`);
    await page.getByTestId('label-filter').click();
    await page.locator('.ant-select-item-option').filter({ hasText: V.label }).waitFor();
    await assertInertPage(page, 'label filter', [V.label]);
    await page.keyboard.press('Escape');
    await page.getByTestId('tier-filter').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().waitFor();
    await assertInertPage(page, 'tier filter (conversations)', []);
    await page.keyboard.press('Escape');
    await page.goto(`${s.url}/customers`);
    await assertInertPage(page, 'customer list', [V.tierNameZh]);
    await page.getByTestId('customer-filter-tier').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().waitFor();
    await assertInertPage(page, 'tier filter (customers)', []);
    await page.keyboard.press('Escape');
  });

  test('the transfer and assign dialogs: member and team names', { timeout: 60_000 }, async () => {
    await page.goto(`${s.url}/conversations/${ids.conversation}`);
    await page.getByTestId('conversation-transfer').click();
    await page.getByTestId('transfer-to').click();
    await assertInertPage(page, 'transfer to a colleague', [V.memberDisplayName]);
    await page.keyboard.press('Escape');
    await page.getByTestId('transfer-target-team').click();
    await page.getByTestId('transfer-team').click();
    await assertInertPage(page, 'transfer to a team', [V.teamName]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.goto(`${s.url}/conversations/${ids.conversation}`);
    await page.getByTestId('conversation-assign').click();
    await page.getByTestId('assign-select').click();
    await assertInertPage(page, 'assign', [V.memberDisplayName]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  test('the wallboard: the payload-named agent online, and the load chart’s tooltip', { timeout: 60_000 }, async () => {
    await page.goto(`${s.url}/wallboard`);
    await assertInertPage(page, 'wallboard', [V.teamName]);
    // The load chart of the team: hover its bars (the tooltip names the agent).
    const chart = page.getByTestId('wallboard-chart-load');
    await chart.waitFor();
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    for (const x of [0.3, 0.5, 0.7]) {
      await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.6);
      await page.waitForTimeout(300);
    }
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await tooltipShows(page, 'load chart tooltip', `${V.ownerDisplayName}（在线）`);
    await assertInertPage(page, 'load chart tooltip', [V.ownerDisplayName]);
    // And the queue chart's tooltip names the team.
    const queue = page.locator('[data-testid^="wallboard-chart"]').first();
    await queue.scrollIntoViewIfNeeded();
    const qb = (await queue.boundingBox())!;
    await page.mouse.move(qb.x + qb.width * 0.5, qb.y + qb.height * 0.6);
    await page.waitForTimeout(500);
    await assertInertPage(page, 'queue chart tooltip', []);
  });

  test('the API and email inboxes’ drawers', { timeout: 60_000 }, async () => {
    await page.goto(`${s.url}/settings/inboxes`);
    await assertInertPage(page, 'inboxes', [V.apiInboxName, V.emailInboxName]);
    await page.getByTestId(`inbox-${ids.apiInbox}`).click();
    await page.getByTestId('inbox-drawer').waitFor();
    await assertInertPage(page, 'API inbox drawer', [V.apiInboxName]);
    await page.keyboard.press('Escape');
    await page.getByTestId('inbox-drawer').waitFor({ state: 'detached' });
    await page.getByTestId(`inbox-${ids.emailInbox}`).click();
    await page.getByTestId('inbox-drawer').waitFor();
    await assertInertPage(page, 'email inbox drawer', [V.emailInboxName]);
    await page.keyboard.press('Escape');
  });

  test('the profile page', { timeout: 60_000 }, async () => {
    await page.goto(`${s.url}/profile`);
    await fieldHolds(page, '[data-testid="profile-nickname"]', V.ownerNickname);
    await assertInertPage(page, 'profile', [V.ownerNickname]);
  });

  test('tier names in the English interface', { timeout: 60_000 }, async () => {
    await page.goto(`${s.url}/customers/${ids.customer}`);
    await assertInertPage(page, 'customer page (Chinese)', [V.tierNameZh]);
    // The choice is saved to the profile before the next page load reads it.
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/auth/profile') && r.request().method() === 'PATCH');
    await page.getByTestId('lang-switch').first().click();
    assert.equal((await saved).status(), 200);
    await assertInertPage(page, 'customer page (English)', [V.tierNameEn]);
    await page.goto(`${s.url}/customers`);
    await assertInertPage(page, 'customer list (English)', [V.tierNameEn]);
    await page.goto(`${s.url}/conversations/${ids.conversation}`);
    await assertInertPage(page, 'conversation (English)', [V.tierNameEn]);
  });

  test('no page threw', () => {
    assert.deepEqual(pageErrors, []);
  });
});
