import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, TestClient, type TestServer } from '../harness.ts';
import { hasChromium, launchBrowser } from './browser.ts';

/** Each payload, if it ran, would set window.__pwned or add an element the page never makes. */
const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '<a href="javascript:window.__pwned=\'link\'">点我领券</a>',
  '"><iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>',
  '{{constructor.constructor("window.__pwned=\'tpl\'")()}}',
];

function rawMail(subject: string, text: string, html: string): string {
  const boundary = 'b_xss_test';
  return [
    'From: "<img src=x onerror=window.__pwned=1>" <attacker@evil.test>',
    'To: service@shop.test',
    `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
    `Message-ID: <${randomUUID()}@evil.test>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(text).toString('base64'),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

async function assertInert(page: Page, what: string) {
  // A string, so the test's own (DOM-less) types do not matter; it runs in the page.
  const state = (await page.evaluate(`({
    pwned: window.__pwned ?? null,
    injected: document.querySelectorAll('[data-testid="message-timeline"] img[src="x"], [data-testid="message-timeline"] svg[onload], [data-testid="message-timeline"] iframe, [data-testid="message-timeline"] script, [data-testid="message-timeline"] a[href^="javascript"]').length,
  })`)) as { pwned: unknown; injected: number };
  assert.equal(state.pwned, null, `${what}: no payload ran`);
  assert.equal(state.injected, 0, `${what}: no markup from a message became an element`);
}

describe('message text is inert in the workspace: script and HTML from the widget and from email', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('payloads sent from the widget and by email show as text and never run', { timeout: 120_000 }, async () => {
    const owner = await loginAs(s.url);
    // From the widget: one shopper sends every payload.
    const web = (await owner.get('/api/inboxes')).body.items.find((i: { channel: string }) => i.channel === 'web');
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id });
    const shopper = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    let widgetConversation = '';
    for (const body of PAYLOADS) {
      const res = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body });
      assert.equal(res.status, 200);
      widgetConversation = res.body.message.conversationId;
    }
    // By email: the payloads in the subject, the sender's name, the text part and an HTML part.
    const created = await owner.post('/api/channels/email/inboxes', { name: '邮件客服', address: 'service@shop.test' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const inboxId = created.body.inbox.id;
    const key = created.body.settings.inboundKey;
    const mail = rawMail(PAYLOADS[0], PAYLOADS.join('\n'), `<p>${PAYLOADS[1]}</p><script>window.__pwned='html-part'</script>`);
    const posted = await fetch(`${s.url}/api/channels/email/${inboxId}/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822', 'x-shopdesk-inbound-key': key }, body: mail });
    assert.equal(posted.status, 200, await posted.clone().text());
    const emailConversation = ((await posted.json()) as { conversationId: string }).conversationId;
    assert.ok(emailConversation);

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${s.url}/login`);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    for (const [what, id] of [['widget', widgetConversation], ['email', emailConversation]] as const) {
      await page.goto(`${s.url}/conversations/${id}`);
      const timeline = page.getByTestId('message-timeline');
      await timeline.waitFor();
      // The markup is on screen as the characters the customer typed.
      await timeline.getByText(PAYLOADS[1], { exact: false }).first().waitFor({ timeout: 15_000 });
      const shown = await timeline.locator('[data-testid="message-body"]').allTextContents();
      assert.ok(shown.some((t) => t.includes('<script>window.__pwned')), `${what}: the script tag shows as text`);
      // The list (all conversations) shows the previews too, inert as well.
      await page.getByTestId('view-all').click();
      await page.locator(`[data-testid="conversation-item-${id}"]`).waitFor();
      await page.waitForTimeout(500);
      await assertInert(page, what);
    }
    assert.deepEqual(dialogs, [], 'no alert, confirm or prompt opened');
    await context.close();
  });
});
