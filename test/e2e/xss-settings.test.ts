/**
 * Script and HTML payloads in what the shop's own staff type on the settings pages: member names,
 * internal display names and public nicknames, an invitee's name, inbox names and the greeting,
 * quick replies (shortcut, title, text), labels, loyalty tiers (names, privileges) and gifts,
 * customer attribute labels and select options, SLA policies, service calendars (and a holiday's
 * name), work order types with their field labels and options, API token names and the shop's name.
 * Each is checked on the settings page that edits it (with its edit form, and the confirmations that
 * name a member or a token) and where else it shows: the sidebar and home page, the invitation page,
 * the conversation (list, side panel, the reception guide and quick reply picker, the reply box a quick
 * reply is put in, the colleagues to @mention), the customer list and page (tier badge, attributes,
 * points ledger, the gifts to redeem), the work orders list and page and a new work order's type
 * and fields, the teams' agents, the audit log, and the widget (the inbox's name,
 * its greeting and the agent's public nickname). test/e2e/xss-pages.test.ts covers the rest.
 *
 * As there: each payload, if it ran, would open a dialog or set window.__pwned; each page is checked
 * for neither, for no element carrying an event handler attribute or a javascript: URL, and for the
 * payload's characters on screen as typed (in text, or as the value of the field that edits it).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, type TestClient, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser } from '../factories.ts';
import { hasChromium, launchBrowser, signIn } from './browser.ts';
import { fieldHolds, img, jsUrl, link, openShopWidget, pageText, PayloadWatch, script, sendInWidget, storedChat, svg, waitOnline } from './xss-kit.ts';

/** The shapes of test/e2e/xss-pages.test.ts, each marked with where it was put (m). */

/** What is put where; each fits the field's length limit (a tier's Chinese name takes 20). */
const V = {
  account: `${svg('ac')}${img('ac')}`,
  ownerDisplayName: svg('od'),
  ownerNickname: img('on'),
  memberName: `${img('mn')}${script('mn')}`,
  memberDisplayName: svg('md'),
  memberNickname: img('mk'),
  inviteeName: `${svg('iv')}${img('iv')}`,
  inboxName: img('ib'),
  greeting: `${img('gr')} ${script('gr')} ${link('gr')}`,
  emailInboxName: svg('em'),
  // No spaces or slashes in a shortcut.
  qrShortcut: `"><b>qs<script>alert('qs')`,
  qrTitle: `${svg('qt')}${img('qt')}`,
  qrBody: `${img('qb')} ${script('qb')} ${link('qb')} ${jsUrl('qb')}`,
  personalShortcut: `<b>ps<i>`,
  personalTitle: img('pt'),
  personalBody: svg('pb'),
  label: svg('lb'),
  tierNameZh: `<svg/onload=alert()>`,
  tierNameEn: img('te'),
  privileges: `${img('tp')} ${script('tp')} ${jsUrl('tp')}`,
  giftName: `${svg('gf')}${img('gf')}`,
  giftDescription: `${script('gd')} ${img('gd')}`,
  pointsReason: img('pr'),
  attributeLabel: img('at'),
  options: [svg('o1'), jsUrl('o2'), script('o3')],
  calendarName: `${svg('ca')}${img('ca')}`,
  holidayName: img('cd'),
  policyName: `${img('po')}${script('po')}`,
  typeName: svg('ty'),
  typeDescription: `${img('td')} ${link('td')}`,
  fieldLabel: img('fl'),
  fieldOption: `${svg('fo')}${img('fo')}`,
  tokenName: `${img('tk')}${script('tk')}`,
};




describe('payloads typed on the settings pages are inert text wherever they show', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let owner: TestClient;
  let accountId: string;
  let inboxId: string;
  const ids = { me: '', member: '', conversation: '', customer: '', workOrder: '', policy: '', token: '', inviteUrl: '' };
  let agentContext: BrowserContext;
  let agentPage: Page;
  let shopPage: Page;
  const checks = new PayloadWatch();
  const { pageErrors } = checks;
  const watch = (page: Page, who: string) => checks.watch(page, who);


  const assertInertPage = (page: Page, what: string, expected: string[]) => checks.assertInertPage(page, what, expected);


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

    // 账户与成员: the shop's name, the owner's internal name and public nickname, a member, an invitation.
    await ok(owner.patch('/api/account', { name: V.account }), 'account name');
    await ok(owner.patch(`/api/agents/${ids.me}`, { displayName: V.ownerDisplayName, nickname: V.ownerNickname }), 'owner names');
    const member = await makeUser(s.db, accountId, 'agent', { name: V.memberName });
    ids.member = member.user.id;
    await ok(owner.patch(`/api/users/${ids.member}`, { displayName: V.memberDisplayName, nickname: V.memberNickname }), 'member names');
    ids.inviteUrl = (await ok(owner.post('/api/invitations', { email: 'new-agent@shop.test', role: 'agent', name: V.inviteeName }), 'invitation')).inviteUrl;

    // 咨询入口: the widget's inbox renamed with a greeting, and an email inbox.
    await ok(owner.patch(`/api/inboxes/${inboxId}`, { name: V.inboxName, greeting: V.greeting }), 'inbox');
    await ok(owner.post('/api/channels/email/inboxes', { name: V.emailInboxName, address: 'service@shop.test' }), 'email inbox');

    // 快捷回复: a shared one that fills in the shop's name and the agent's nickname, and a personal one.
    await ok(owner.post('/api/quick-replies/shared', { shortcut: V.qrShortcut, title: V.qrTitle, body: `${V.qrBody} {{shop.name}} {{agent.nickname}}`, step: 'greet' }), 'shared quick reply');
    await ok(owner.post('/api/quick-replies', { shortcut: V.personalShortcut, title: V.personalTitle, body: V.personalBody }), 'personal quick reply');

    // 会话标签.
    const label = await ok(owner.post('/api/labels', { name: V.label }), 'label');

    // 会员等级与积分: the base tier renamed, with privileges; a gift.
    const tiers = (await owner.get('/api/loyalty/tiers')).body.items as Array<Record<string, unknown>>;
    const body = tiers.map(({ rank: _rank, ...t }, i) => (i === 0 ? { ...t, nameZh: V.tierNameZh, nameEn: V.tierNameEn, privileges: V.privileges } : t));
    await ok(owner.request('PUT', '/api/loyalty/tiers', { tiers: body }), 'tiers');
    const baseTier = tiers[0].key as string;
    const gift = (await ok(owner.post('/api/loyalty/gifts', { kind: 'gift', name: V.giftName, description: V.giftDescription, pointsCost: 10 }), 'gift')).gift;

    // 客户属性: a select with payload options.
    await ok(owner.post('/api/customer-attributes', { key: 'skin', label: V.attributeLabel, type: 'multi_select', options: V.options }), 'attribute');

    // 工单设置: a service calendar with a named holiday, an SLA policy on it (one row for the base tier), a type.
    const workday = [{ from: '09:00', to: '18:00' }];
    const calendar = (await ok(owner.post('/api/sla-calendars', { name: V.calendarName, week: [workday, workday, workday, workday, workday, [], []], days: [{ date: '2026-10-01', kind: 'holiday', name: V.holidayName }] }), 'calendar')).calendar;
    const policy = (await ok(owner.post('/api/sla-policies', {
      name: V.policyName,
      calendarId: calendar.id,
      targets: [
        { priority: null, tierId: null, firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 1440 },
        { priority: null, tierId: baseTier, firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 720 },
      ],
    }), 'policy')).policy;
    ids.policy = policy.id;
    const type = (await ok(owner.post('/api/work-order-types', {
      name: V.typeName,
      description: V.typeDescription,
      fields: [{ key: 'reason', label: V.fieldLabel, kind: 'select', options: [V.fieldOption, '其他'], required: true }],
      slaPolicyId: policy.id,
    }), 'work order type')).type;

    // API 令牌.
    ids.token = (await ok(owner.post('/api/api-tokens', { name: V.tokenName, role: 'agent' }), 'token')).token.id;

    // The owner's workspace is open (so the widget offers a chat, not a message form).
    agentContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    agentPage = await agentContext.newPage();
    watch(agentPage, 'workspace');
    await signIn(agentPage, s.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await agentPage.goto(`${s.url}/conversations`);
    await waitOnline(s.db, ids.me);

    // A shopper writes from the widget; the owner answers (as their public nickname).
    shopPage = (await openShopWidget(browser, s.url, inboxId, checks)).page;
    await sendInWidget(shopPage, '你好，想问下会员');
    ({ conversation: ids.conversation, customer: ids.customer } = await storedChat(s.db, accountId, '你好，想问下会员'));
    await owner.post(`/api/conversations/${ids.conversation}/take`);
    await ok(owner.post(`/api/conversations/${ids.conversation}/messages`, { clientId: randomUUID(), body: '您好，在的' }), 'reply');
    await ok(owner.post(`/api/conversations/${ids.conversation}/labels`, { labelId: label.label.id }), 'label on the conversation');

    // The customer: attribute values, points adjusted with a reason, a gift redeemed.
    await ok(owner.patch(`/api/customers/${ids.customer}`, { name: '李娜', attributes: { skin: [V.options[0], V.options[2]] } }), 'customer');
    await ok(owner.post(`/api/customers/${ids.customer}/points/adjust`, { delta: 100, reason: V.pointsReason }), 'points');
    await ok(owner.post(`/api/customers/${ids.customer}/points/redeem`, { giftId: gift.id }), 'redeem');

    // A work order of the type, from the chat.
    const wo = await ok(owner.post('/api/work-orders', { typeId: type.id, fields: { reason: V.fieldOption }, title: '退款申请', customerId: ids.customer, conversationId: ids.conversation }), 'work order');
    ids.workOrder = wo.workOrder.id;
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('the shop’s name: account settings, the sidebar and the home page', { timeout: 60_000 }, async () => {
    await agentPage.goto(`${s.url}/settings/account`);
    // The name is in the sidebar too: wait for the form's field to hold it as well.
    await fieldHolds(agentPage, '[data-testid="account-name-input"]', V.account);
    await assertInertPage(agentPage, 'account settings', [V.account]);
    await agentPage.goto(`${s.url}/`);
    await assertInertPage(agentPage, 'home', [V.account]);
  });

  test('the invitation page: the shop’s name and the invitee’s', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    watch(page, 'invitation');
    await page.goto(new URL(new URL(ids.inviteUrl).pathname, s.url).toString());
    await fieldHolds(page, '[data-testid="accept-name"]', V.inviteeName);
    await assertInertPage(page, 'accept invitation', [V.account, V.inviteeName]);
    await context.close();
  });

  test('members: users (and invitations), roles, and the agents of the teams page', { timeout: 60_000 }, async () => {
    await agentPage.goto(`${s.url}/settings/users`);
    await assertInertPage(agentPage, 'users', [V.memberName, V.memberDisplayName, V.memberNickname, V.ownerDisplayName, V.ownerNickname]);
    await agentPage.getByTestId(`user-edit-${ids.member}`).click();
    await fieldHolds(agentPage, '[data-testid="user-edit-name"]', V.memberName);
    await fieldHolds(agentPage, '[data-testid="user-edit-display-name"]', V.memberDisplayName);
    await fieldHolds(agentPage, '[data-testid="user-edit-nickname"]', V.memberNickname);
    await assertInertPage(agentPage, 'edit user', [V.memberName, V.memberDisplayName, V.memberNickname]);
    await agentPage.keyboard.press('Escape');
    await agentPage.getByTestId(`user-deactivate-${ids.member}`).click();
    await agentPage.locator('.ant-popconfirm').filter({ hasText: V.memberName }).waitFor();
    await assertInertPage(agentPage, 'deactivate confirmation', [V.memberName]);
    await agentPage.keyboard.press('Escape');
    await agentPage.getByTestId('invitations-tab').click();
    await assertInertPage(agentPage, 'invitations', [V.inviteeName]);
    await agentPage.goto(`${s.url}/settings/roles`);
    await assertInertPage(agentPage, 'roles', [V.account]);
    await agentPage.goto(`${s.url}/settings/teams`);
    await agentPage.getByTestId('tab-agents').click();
    await assertInertPage(agentPage, 'agents', [V.memberDisplayName, V.memberNickname, V.ownerNickname]);
  });

  test('inboxes: the list and the drawer', { timeout: 60_000 }, async () => {
    await agentPage.goto(`${s.url}/settings/inboxes`);
    await assertInertPage(agentPage, 'inboxes', [V.inboxName, V.emailInboxName]);
    await agentPage.getByTestId(`inbox-${inboxId}`).click();
    await fieldHolds(agentPage, '[data-testid="inbox-name"]', V.inboxName);
    await assertInertPage(agentPage, 'inbox drawer', [V.inboxName, V.greeting]);
  });

  test('quick replies, labels, customer attributes and API tokens', { timeout: 90_000 }, async () => {
    await agentPage.goto(`${s.url}/settings/quick-replies`);
    await assertInertPage(agentPage, 'shared quick replies', [V.qrShortcut, V.qrTitle, V.qrBody]);
    await agentPage.getByTestId('quick-replies-tab-personal').click();
    await assertInertPage(agentPage, 'personal quick replies', [V.personalShortcut, V.personalTitle, V.personalBody]);
    await agentPage.goto(`${s.url}/settings/labels`);
    await assertInertPage(agentPage, 'labels', [V.label]);
    await agentPage.goto(`${s.url}/settings/customer-attributes`);
    await assertInertPage(agentPage, 'customer attributes', [V.attributeLabel, ...V.options]);
    await agentPage.goto(`${s.url}/settings/tokens`);
    await assertInertPage(agentPage, 'tokens', [V.tokenName]);
    await agentPage.getByTestId(`token-revoke-${ids.token}`).click();
    await agentPage.locator('.ant-popconfirm').filter({ hasText: V.tokenName }).waitFor();
    await assertInertPage(agentPage, 'revoke confirmation', [V.tokenName]);
    await agentPage.keyboard.press('Escape');
    await agentPage.goto(`${s.url}/settings/audit`);
    await assertInertPage(agentPage, 'audit log', [V.account, V.memberName]);
  });

  test('loyalty: tiers and gifts', { timeout: 60_000 }, async () => {
    await agentPage.goto(`${s.url}/settings/loyalty`);
    await assertInertPage(agentPage, 'tiers', [V.tierNameZh, V.tierNameEn, V.privileges]);
    await agentPage.goto(`${s.url}/settings/loyalty?tab=gifts`);
    await assertInertPage(agentPage, 'gifts', [V.giftName]);
  });

  test('work order settings: types, SLA policies and service calendars', { timeout: 90_000 }, async () => {
    await agentPage.goto(`${s.url}/settings/work-orders`);
    await assertInertPage(agentPage, 'work order types', [V.typeName, V.fieldLabel, V.policyName]);
    await agentPage.getByTestId(/^wos-type-edit-/).first().click();
    await fieldHolds(agentPage, '[data-testid="wos-type-name"]', V.typeName);
    await assertInertPage(agentPage, 'work order type form', [V.typeName, V.typeDescription, V.fieldLabel, V.fieldOption, V.policyName]);
    await agentPage.keyboard.press('Escape');
    await agentPage.goto(`${s.url}/settings/work-orders?tab=policies`);
    await assertInertPage(agentPage, 'SLA policies', [V.policyName, V.calendarName]);
    await agentPage.locator('[data-testid="wos-policies-table"] .ant-table-row-expand-icon').first().click();
    await assertInertPage(agentPage, 'SLA policy targets', [V.policyName, V.tierNameZh]);
    await agentPage.getByTestId(`wos-policy-edit-${ids.policy}`).click();
    await assertInertPage(agentPage, 'SLA policy form', [V.policyName, V.calendarName, V.tierNameZh]);
    await agentPage.keyboard.press('Escape');
    await agentPage.goto(`${s.url}/settings/work-orders?tab=calendars`);
    await assertInertPage(agentPage, 'service calendars', [V.calendarName]);
    await agentPage.getByTestId(/^wos-calendar-edit-/).first().click();
    await fieldHolds(agentPage, '[data-testid="wos-calendar-name"]', V.calendarName);
    await assertInertPage(agentPage, 'service calendar form', [V.calendarName, V.holidayName]);
    await agentPage.keyboard.press('Escape');
  });

  test('the conversation: inbox, label, tier, names, the quick reply picker and the reply it fills in, colleagues to mention', { timeout: 90_000 }, async () => {
    await agentPage.goto(`${s.url}/conversations/${ids.conversation}`);
    await assertInertPage(agentPage, 'conversation', [V.inboxName, V.label, V.tierNameZh, V.ownerDisplayName, V.ownerNickname, V.qrTitle, V.account]);
    const box = agentPage.getByTestId('reply-box').locator('textarea');
    await box.click();
    await box.pressSequentially('/');
    await agentPage.getByTestId('quick-reply-picker').waitFor({ state: 'visible' });
    await assertInertPage(agentPage, 'quick reply picker', [`/${V.qrShortcut}`, V.qrTitle, V.personalTitle]);
    await agentPage.getByTestId('quick-reply-option-' + V.qrShortcut).click();
    // The reply as it will be sent: the text typed, with the shop's name and the owner's nickname filled in.
    const filled = `${V.qrBody} ${V.account} ${V.ownerNickname}`;
    await fieldHolds(agentPage, '[data-testid="reply-box"] textarea', filled);
    await assertInertPage(agentPage, 'reply box with a quick reply', [filled]);
    await box.fill('');
    await agentPage.getByTestId('note-tab').click();
    await agentPage.getByTestId('mention-open').click();
    await assertInertPage(agentPage, 'mention list', [V.memberDisplayName, V.memberNickname, V.ownerDisplayName]);
    await agentPage.keyboard.press('Escape');
  });

  test('the customer list and page: tier badge, privileges, attributes, points ledger', { timeout: 60_000 }, async () => {
    await agentPage.goto(`${s.url}/customers`);
    await assertInertPage(agentPage, 'customer list', [V.tierNameZh]);
    await agentPage.goto(`${s.url}/customers/${ids.customer}`);
    await assertInertPage(agentPage, 'customer page', [V.tierNameZh, V.privileges, V.attributeLabel, V.options[0], V.options[2], V.pointsReason, V.giftName]);
    // The gifts to redeem points for.
    await agentPage.getByRole('button', { name: '兑换礼品' }).click();
    await agentPage.locator('.ant-modal .ant-select').click();
    await assertInertPage(agentPage, 'redeem a gift', [`${V.giftName} · 10`]);
    await agentPage.keyboard.press('Escape');
  });

  test('the work orders list and page: type, field label and option, SLA policy', { timeout: 60_000 }, async () => {
    await agentPage.goto(`${s.url}/work-orders`);
    await assertInertPage(agentPage, 'work orders list', [V.typeName]);
    await agentPage.goto(`${s.url}/work-orders/${ids.workOrder}`);
    await assertInertPage(agentPage, 'work order page', [V.typeName, V.fieldLabel, V.fieldOption, V.policyName]);
    // A new work order: the types to choose from, then the chosen type's description and fields.
    await agentPage.goto(`${s.url}/work-orders`);
    await agentPage.getByTestId('work-orders-new').click();
    await agentPage.getByTestId('work-order-create-type').click();
    await agentPage.locator('.ant-select-item-option').filter({ hasText: V.typeName }).waitFor();
    await assertInertPage(agentPage, 'work order types to choose', [V.typeName]);
    await agentPage.locator('.ant-select-item-option').filter({ hasText: V.typeName }).click();
    await assertInertPage(agentPage, 'new work order of the type', [V.typeName, V.typeDescription, V.fieldLabel]);
    await agentPage.getByTestId('work-order-create-modal').locator('.ant-form-item').filter({ hasText: V.fieldLabel }).locator('.ant-select').click();
    await assertInertPage(agentPage, 'a field’s options', [V.fieldOption]);
    await agentPage.keyboard.press('Escape');
  });

  test('the widget: the inbox’s name, its greeting and the agent’s public nickname', { timeout: 60_000 }, async () => {
    await assertInertPage(shopPage, 'widget', [V.inboxName, V.greeting, V.ownerNickname, '您好，在的']);
    const text = (await pageText(shopPage));
    assert.ok(!text.includes(V.ownerDisplayName), 'the shopper never sees the internal name');
  });

  test('no page threw', () => {
    assert.deepEqual(pageErrors, []);
  });
});
