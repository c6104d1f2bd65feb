import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { loginAs, startTestServer, TestClient, type TestServer } from '../harness.ts';
import { firstAccountId } from '../factories.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from './browser.ts';

const SKU = 'FC-CR-002';
const PHONE = { width: 390, height: 844 };
const QUESTION = '请问今天下单明天能到吗？';

/**
 * 排队中 in the shopper's widget: the place routing publishes on the conversation's channel shows
 * under the header, the hello after a reload carries the current place, and an agent's answer ends it.
 */
describe('the widget shows the shopper’s place in the queue, in Chromium', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let agent: TestClient;
  let accountId: string;

  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    accountId = await firstAccountId(s.db);
    agent = await loginAs(s.url); // a signed-in agent puts the inbox online
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  /** Marks conversations queued in one team, in this order (earlier queued_at first). */
  async function queue(teamId: string, ids: string[]) {
    const start = Date.now() - 60_000;
    for (const [i, id] of ids.entries()) {
      await s.db.updateTable('conversations').set({ team_id: teamId, routing_state: 'queued', queued_at: new Date(start + i * 1000) }).where('id', '=', id).execute();
    }
  }
  const publishQueue = (conversationId: string, data: { position: number | null; etaSeconds: number | null }) =>
    s.server.realtime.publish({ accountId, channel: `conversation:${conversationId}`, event: 'queue', data });

  test('phone 390×844: 排队中 with those ahead and the wait, kept across a reload, gone once an agent answers', { timeout: 120_000 }, async () => {
    const inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;
    // Two shoppers already waiting in the team.
    const earlier: string[] = [];
    for (const text of ['第一位顾客', '第二位顾客']) {
      const v = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId });
      const sent = await new TestClient(s.url, 'zh-CN', undefined, v.body.visitorToken).post('/api/widget/v1/messages', { clientId: crypto.randomUUID(), body: text });
      earlier.push(sent.body.message.conversationId);
    }

    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}/demo/products/${SKU}`);
    await page.getByTestId('sd-launcher').click();
    await page.getByTestId('sd-panel').waitFor({ state: 'visible' });
    await page.getByTestId('sd-input').fill(QUESTION);
    await page.getByTestId('sd-input').press('Enter');
    await page.locator('.row.me [data-status="sent"]').first().waitFor({ timeout: 15_000 });
    assert.ok(await page.getByTestId('sd-queue').isHidden(), 'no queue line before routing queues the chat');

    const mine = (await s.db.selectFrom('conversations').select('id').where('account_id', '=', accountId).where('id', 'not in', earlier).orderBy('created_at', 'desc').executeTakeFirstOrThrow()).id;
    const teamId = `team_${crypto.randomUUID().slice(0, 12)}`;
    await s.db.insertInto('teams').values({ id: teamId, account_id: accountId, name: '售前咨询' }).execute();
    await queue(teamId, [...earlier, mine]);

    // Routing publishes the place: third in line, about four minutes.
    publishQueue(mine, { position: 3, etaSeconds: 230 });
    const bar = page.getByTestId('sd-queue');
    await bar.filter({ hasText: '排队中：前面还有 2 位顾客，预计等待约 4 分钟' }).waitFor({ timeout: 15_000 });
    const head = await page.locator('.head').boundingBox();
    const line = await bar.boundingBox();
    assert.ok(head && line && line.y >= head.y + head.height - 1 && line.x >= 0 && line.x + line.width <= PHONE.width, 'the line sits under the header, across the screen');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'widget-queue-phone-zh.png') });

    // A reload: the hello carries the place as it is now (no wait estimate without online agents in the team).
    await page.reload();
    await page.getByTestId('sd-panel').waitFor({ state: 'visible' });
    await bar.filter({ hasText: /^排队中：前面还有 2 位顾客$/ }).waitFor({ timeout: 15_000 });

    // The two ahead are served: next in line.
    await s.db.updateTable('conversations').set({ routing_state: null, queued_at: null }).where('id', 'in', earlier).execute();
    publishQueue(mine, { position: 1, etaSeconds: 40 });
    await bar.filter({ hasText: '排队中：下一位就是你，预计等待约 1 分钟' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'widget-queue-next-phone-zh.png') });

    // An agent takes it and answers: the line goes.
    await agent.post(`/api/conversations/${mine}/take`);
    const answer = '您好，今天下单明天就能送到。';
    await agent.post(`/api/conversations/${mine}/messages`, { clientId: crypto.randomUUID(), body: answer });
    await page.locator('.row.agent', { hasText: answer }).waitFor({ timeout: 15_000 });
    await bar.waitFor({ state: 'hidden' });
    // Routing saying "no longer queued" hides it too, after a new place showed it again.
    publishQueue(mine, { position: 2, etaSeconds: null });
    await bar.filter({ hasText: /^排队中：前面还有 1 位顾客$/ }).waitFor({ timeout: 15_000 });
    publishQueue(mine, { position: null, etaSeconds: null });
    await bar.waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'widget-queue-answered-phone-zh.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
