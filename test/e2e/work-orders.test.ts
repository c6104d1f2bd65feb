import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loginAs, startTestServer, type TestClient, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser } from '../factories.ts';
import type { Clock } from '../../src/server/platform/clock.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR, signIn } from './browser.ts';

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeout = 30_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const openDropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
async function pick(page: Page, text: string) {
  await openDropdown(page).locator('.ant-select-item-option').filter({ hasText: text }).filter({ visible: true }).first().click();
}

/**
 * The server's clock runs as a real one from a chosen instant and can be moved forward: the SLA job,
 * sessions and every due time follow it. It starts on Friday 2026-02-13 at 16:30 Beijing time — the
 * Saturday after is a make-up working day (春节调休), then the Spring Festival holiday runs to the
 * 23rd.
 */
function movableClock(start: string): Clock & { moveTo(iso: string): void } {
  let offset = Date.parse(start) - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    moveTo: (iso) => {
      offset = Date.parse(iso) - Date.now();
    },
  };
}

/**
 * Done when (issue: work orders): an agent turns a chat into a 签证进度查询 work order for the
 * operations team; an operations user answers it; the customer sees the answer in the widget; a
 * second work order left unanswered goes through its reminder and escalation with the clock paused
 * over the Spring Festival holiday (time moved by an injected clock). Reports show both.
 */
describe('work orders: a chat handed to operations, answered in the widget; an unanswered one reminded and escalated over a holiday', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  const clock = movableClock(process.env.WO_START ?? '2026-02-13T08:30:00Z');
  let s: TestServer;
  let browser: Browser;
  let accountId: string;
  let inboxId: string;
  let owner: TestClient;
  const people: Record<string, { id: string; email: string; password: string }> = {};
  let teamId: string;

  before(async () => {
    s = await startTestServer({ clock });
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    accountId = await firstAccountId(s.db);
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;
    owner = await loginAs(s.url);
    for (const [key, role, name] of [['agent', 'agent', '售后小王'], ['ops', 'operations', '运营小李'], ['lead', 'operations', '运营组长老周'], ['supervisor', 'supervisor', '主管刘姐']] as const) {
      const made = await makeUser(s.db, accountId, role, { name });
      people[key] = { id: made.user.id, email: made.email, password: made.password };
    }
    // The operations team, led by 老周; the visa-progress type goes to it, on a policy whose first
    // response is 12 working hours, reminded at half the time, escalated to the lead at the due time
    // and to the supervisor an hour after.
    teamId = (await owner.post('/api/teams', { name: '签证运营组' })).body.team.id;
    assert.equal((await owner.request('PUT', `/api/teams/${teamId}/members`, { members: [{ userId: people.ops.id }, { userId: people.lead.id, isLead: true }] })).status, 200);
    const types = (await owner.get('/api/work-order-types')).body.items;
    const visa = types.find((t: { name: string }) => t.name === '签证进度查询');
    assert.ok(visa, 'a new shop has the 签证进度查询 type');
    const calendar = (await owner.get('/api/sla-calendars')).body.items[0];
    const policy = await owner.post('/api/sla-policies', {
      name: '签证查询 SLA',
      calendarId: calendar.id,
      targets: [{ priority: null, tierId: null, firstResponseMinutes: 720, nextResponseMinutes: null, resolutionMinutes: null }],
      reminderShare: 0.5,
      escalation: [{ level: 1, afterMinutes: 0, notify: 'team_lead' }, { level: 2, afterMinutes: 60, notify: 'supervisor' }],
    });
    assert.equal(policy.status, 201, JSON.stringify(policy.body));
    const patched = await owner.request('PATCH', `/api/work-order-types/${visa.id}`, { defaultTeamId: teamId, slaPolicyId: policy.body.policy.id });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  /** The travel shop's page, on its own origin, with ShopDesk's one script tag. */
  async function shopperPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    const SHOP = `http://localhost:${new URL(s.url).port}/visa-shop`;
    await page.route(`${SHOP}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>日本单次旅游签证</title></head>
<body><h1>日本单次旅游签证</h1>
<script src="${s.url}/widget.js" data-inbox="${inboxId}" async></script></body></html>`,
      }),
    );
    await page.goto(`${SHOP}/products/jp-visa`);
    return page;
  }

  const workOrder = (title: string) => s.db.selectFrom('work_orders').selectAll().where('account_id', '=', accountId).where('title', '=', title).executeTakeFirst();
  const sla = async (id: string) => (await s.db.selectFrom('work_order_events').select(['kind', 'meta']).where('work_order_id', '=', id).where('kind', 'in', ['reminder', 'breach', 'escalation']).orderBy('id').execute()).map((e) => `${e.kind}${(e.meta as { level?: number }).level ? `:${(e.meta as { level?: number }).level}` : ''}`);
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `work-orders-${name}.png`) });

  test('done when: a chat becomes a 签证进度查询 work order, operations answers it into the widget; an unanswered one is reminded and escalated over the Spring Festival; the reports show both', { timeout: 420_000 }, async () => {
    const errors: string[] = [];
    // The after-sale agent is at work (the workspace open: online), so the widget offers a chat.
    const agentContext = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const agentPage = await agentContext.newPage();
    agentPage.on('pageerror', (e) => errors.push(`agent: ${e}`));
    agentPage.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) errors.push(`agent CSP: ${m.text()}`);
    });
    await signIn(agentPage, s.url, people.agent.email, people.agent.password);
    await agentPage.goto(`${s.url}/conversations`);
    await eventually('the agent is online', async () => (await s.db.selectFrom('agent_states').select('status').where('user_id', '=', people.agent.id).executeTakeFirst())?.status === 'online');

    // The shopper asks where their visa is.
    const shopperContext = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true, permissions: ['local-network-access'] });
    const shop = await shopperPage(shopperContext);
    shop.on('pageerror', (e) => errors.push(`shop: ${e}`));
    await shop.getByTestId('sd-launcher').click();
    await shop.getByTestId('sd-panel').waitFor({ state: 'visible' });
    const question = '你好，我的日本签证办到哪一步了？护照号 E12345678';
    await shop.getByTestId('sd-input').fill(question);
    await shop.getByTestId('sd-input').press('Enter');
    const asked = await eventually('the question is stored', async () => s.db.selectFrom('messages').select('conversation_id').where('account_id', '=', accountId).where('body', '=', question).executeTakeFirst());

    // The after-sale agent turns the chat into a work order for the operations team (转工单).
    await agentPage.goto(`${s.url}/conversations/${asked.conversation_id}`);
    await agentPage.getByTestId('conversation-to-work-order').click();
    const modal = agentPage.getByRole('dialog');
    await modal.getByTestId('work-order-create-modal').waitFor();
    await agentPage.getByTestId('work-order-create-type').click();
    await pick(agentPage, '签证进度查询');
    await modal.getByLabel('护照号').fill('E12345678');
    await modal.getByLabel('送签国家').click();
    await pick(agentPage, '日本');
    // The title comes from the customer's last message; the team from the type.
    assert.match(await agentPage.getByTestId('work-order-create-title').inputValue(), /日本签证办到哪一步/);
    await agentPage.getByTestId('work-order-create-title').fill('日本签证进度查询（E12345678）');
    await modal.getByText('签证运营组').first().waitFor();
    await shot(agentPage, '1-create-from-chat');
    await agentPage.getByTestId('work-order-create-submit').click();
    await modal.waitFor({ state: 'hidden' });
    const first = await eventually('the work order is stored', () => workOrder('日本签证进度查询（E12345678）'));
    assert.equal(first.team_id, teamId);
    assert.equal(first.conversation_id, asked.conversation_id);
    assert.equal(first.status, 'new');
    // 12 working hours from Friday 16:30: 1.5 on Friday, 9 on the make-up Saturday, the holiday
    // stops the clock, 1.5 on Tuesday the 24th: due at 10:30 Beijing time (the clock runs on while
    // the test does: the minutes it took come on top).
    const due = first.first_response_due_at!.getTime() - Date.parse('2026-02-24T02:30:00Z');
    assert.ok(due >= 0 && due < 5 * 60_000, `due ${first.first_response_due_at?.toISOString()}`);
    // The conversation shows its work order and status.
    await agentPage.getByTestId('conversation-work-orders').getByText(`#${first.number}`).waitFor();
    await shot(agentPage, '2-chat-shows-work-order');

    // The operations user hears of it in the bell, opens it and answers the customer.
    const opsContext = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const opsPage = await opsContext.newPage();
    opsPage.on('pageerror', (e) => errors.push(`ops: ${e}`));
    opsPage.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) errors.push(`ops CSP: ${m.text()}`);
    });
    await signIn(opsPage, s.url, people.ops.email, people.ops.password);
    await opsPage.getByTestId('notifications-bell').click();
    await opsPage.getByTestId('notifications-item').filter({ hasText: `#${first.number}` }).first().click();
    await opsPage.waitForURL(`**/work-orders/${first.id}`);
    await opsPage.getByTestId('work-order-title').getByText('日本签证进度查询').waitFor();
    await opsPage.getByTestId('work-order-composer-public').getByText('回复顾客').click();
    const answer = '您好，您的日本签证已于 2 月 13 日送馆，预计 2 月 26 日出签，出签后第一时间快递给您。';
    await opsPage.getByTestId('work-order-composer-input').fill(answer);
    await opsPage.getByTestId('work-order-composer-send').click();
    await opsPage.locator('[data-testid="work-order-event"][data-kind="reply"][data-public="true"]').getByText('预计 2 月 26 日出签').waitFor();
    await shot(opsPage, '3-operations-answer');
    const answered = await workOrder(first.title);
    assert.ok(answered?.first_responded_at, 'the answer is the first response');

    // The customer sees the answer in the chat and under 我的工单.
    await shop.getByTestId('sd-panel').getByText('预计 2 月 26 日出签').waitFor({ timeout: 20_000 });
    await shop.getByTestId('widget-work-orders-open').click();
    const item = shop.getByTestId('widget-work-order-item').filter({ hasText: '日本签证进度查询' });
    await item.getByText('预计 2 月 26 日出签').waitFor();
    await shot(shop, '4-widget-progress');

    // A second work order, made from the list, that nobody answers.
    await agentPage.goto(`${s.url}/work-orders`);
    await agentPage.getByTestId('work-orders-new').click();
    const create = agentPage.getByRole('dialog');
    await agentPage.getByTestId('work-order-create-type').click();
    await pick(agentPage, '签证进度查询');
    await agentPage.getByTestId('work-order-create-title').fill('韩国签证材料审核（M87654321）');
    await create.getByLabel('护照号').fill('M87654321');
    await create.getByLabel('送签国家').click();
    await pick(agentPage, '韩国');
    await agentPage.getByTestId('work-order-create-submit').click();
    await create.waitFor({ state: 'hidden' });
    const second = await eventually('the second work order is stored', () => workOrder('韩国签证材料审核（M87654321）'));
    assert.equal(second.team_id, teamId);

    // Saturday the 14th is a make-up working day: at half the time (13:30 Beijing) the team is reminded.
    clock.moveTo('2026-02-14T04:30:00Z');
    await new Promise((r) => setTimeout(r, 7000));
    assert.deepEqual(await sla(second.id), [], 'no reminder before its time');
    clock.moveTo('2026-02-14T05:45:00Z');
    await eventually('the reminder', async () => (await sla(second.id)).includes('reminder'));

    // Deep in the holiday nothing falls due: the clock stands at 90 working minutes left (and the
    // minutes the test took on Friday).
    clock.moveTo('2026-02-19T04:00:00Z');
    await new Promise((r) => setTimeout(r, 7000));
    assert.deepEqual(await sla(second.id), ['reminder']);
    await opsPage.goto(`${s.url}/work-orders`);
    const row = opsPage.getByTestId('work-order-row').filter({ hasText: '韩国签证材料审核' });
    await row.getByTestId('work-order-countdown').filter({ hasText: /1小时3\d分/ }).waitFor();
    // Under a fifth of the 12 hours is left: orange, and it does not tick on a holiday.
    assert.equal(await row.getByTestId('work-order-countdown').getAttribute('data-state'), 'low');
    const shown = await row.getByTestId('work-order-countdown').textContent();
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(await row.getByTestId('work-order-countdown').textContent(), shown);
    await shot(opsPage, '5-list-over-holiday');

    // Tuesday the 24th at 10:30 the first response is overdue: breached, level 1 tells the team lead;
    // an hour later level 2 tells the supervisor.
    clock.moveTo('2026-02-24T02:40:00Z');
    await eventually('the breach and level 1', async () => (await sla(second.id)).join(',') === 'reminder,breach,escalation:1');
    const leadNotes = await s.db.selectFrom('notifications').select('kind').where('user_id', '=', people.lead.id).where('work_order_id', '=', second.id).execute();
    assert.ok(leadNotes.some((n) => n.kind === 'escalation'));
    clock.moveTo('2026-02-24T03:45:00Z');
    await eventually('level 2', async () => (await sla(second.id)).join(',') === 'reminder,breach,escalation:1,escalation:2');
    const supervisorNotes = await s.db.selectFrom('notifications').select('kind').where('user_id', '=', people.supervisor.id).where('work_order_id', '=', second.id).execute();
    assert.ok(supervisorNotes.some((n) => n.kind === 'escalation'));
    // The answered one owes nothing.
    assert.deepEqual(await sla(first.id), []);

    await opsPage.goto(`${s.url}/work-orders/${second.id}`);
    const timeline = opsPage.getByTestId('work-order-timeline');
    await timeline.locator('[data-testid="work-order-event"][data-kind="reminder"]').waitFor();
    await timeline.locator('[data-testid="work-order-event"][data-kind="breach"]').waitFor();
    assert.equal(await timeline.locator('[data-testid="work-order-event"][data-kind="escalation"]').count(), 2);
    await opsPage.getByTestId('work-order-escalation').first().waitFor();
    await shot(opsPage, '6-escalated');

    // The supervisor's reports show both: one met, one breached — 50 % for the team and the type.
    const supervisorContext = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    // The supervisor's computer lives in the same February as the server (the report's months are hers).
    await supervisorContext.clock.install({ time: clock.now() });
    const report = await supervisorContext.newPage();
    report.on('pageerror', (e) => errors.push(`reports: ${e}`));
    report.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) errors.push(`reports CSP: ${m.text()}`);
    });
    await signIn(report, s.url, people.supervisor.email, people.supervisor.password);
    await report.goto(`${s.url}/work-orders/reports`);
    await report.getByTestId('wor-chart-team').locator('canvas').first().waitFor();
    await shot(report, '7-reports');
    const byTeam = report.getByTestId('wor-table-team').locator('tr').filter({ hasText: '签证运营组' });
    await byTeam.getByText('50.0%').waitFor();
    await report.getByTestId('wor-tables').getByRole('tab', { name: '按类型' }).click();
    const byType = report.getByTestId('wor-table-type').locator('tr').filter({ hasText: '签证进度查询' });
    await byType.getByText('50.0%').waitFor();

    assert.deepEqual(errors, []);
    for (const c of [shopperContext, agentContext, opsContext, supervisorContext]) await c.close();
  });
});
