// What the browser tests of script and HTML payloads share: the payload shapes, and the check that a
// page shows each payload as the characters typed while none of them ran or became markup.
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Db } from '../../src/server/db/database.ts';

/** The payload shapes, each marked with where it was put (m), short enough for a 30-character label. */
export const img = (m: string) => `<img src=x onerror=alert('${m}')>`;
export const script = (m: string) => `<script>__pwned='${m}'</script>`;
export const svg = (m: string) => `"><svg onload=__pwned='${m}'>`;
export const jsUrl = (m: string) => `javascript:alert('${m}')`;
export const link = (m: string) => `<a href="javascript:__pwned='${m}'">领券</a>`;

/**
 * Runs in the page (and in every open shadow root, where the widget lives): whether a payload ran
 * or became markup, and what is on screen — text, and the values of inputs and text areas.
 */
const INSPECT = `(() => {
  const found = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) found.push(el.tagName + '[' + a.name + ']');
        if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\\s*javascript:/i.test(a.value)) found.push(el.tagName + '[' + a.name + '=' + a.value + ']');
      }
      if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('img[src=x]');
      if (el.tagName === 'SCRIPT' && /__pwned|alert\\(/.test(el.textContent || '')) found.push('script: ' + el.textContent);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const texts = (root) => {
    let t = '';
    for (const node of root.childNodes) {
      if (node.nodeType === 3) t += node.nodeValue;
      else if (node.nodeType === 1) {
        if (node.tagName === 'SCRIPT' || node.tagName === 'STYLE') continue;
        if (node.tagName === 'INPUT' || node.tagName === 'TEXTAREA') t += '\\n' + node.value + '\\n';
        if (node.shadowRoot) t += texts(node.shadowRoot);
        t += texts(node);
      }
    }
    return t;
  };
  return { pwned: window.__pwned ?? null, found, text: texts(document.body) };
})()`;

type Inspection = { pwned: unknown; found: string[]; text: string };

/** Watches pages for dialogs and page errors, and checks them for payloads that ran. */
export class PayloadWatch {
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];

  watch(page: Page, who: string): Page {
    page.on('dialog', (d) => {
      this.dialogs.push(`${who}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => this.pageErrors.push(`${who}: ${e}`));
    return page;
  }

  /** Waits for the page to show every expected text, then checks nothing ran, no payload became markup and no page error. */
  async assertInertPage(page: Page, what: string, expected: string[]): Promise<void> {
    const until = Date.now() + 20_000;
    let last: Inspection;
    for (;;) {
      last = (await page.evaluate(INSPECT)) as Inspection;
      const missing = expected.filter((e) => !last.text.includes(e));
      if (missing.length === 0) break;
      if (Date.now() > until) assert.fail(`${what}: not shown literally: ${JSON.stringify(missing)}\n--- page text ---\n${last.text.slice(0, 3000)}`);
      await page.waitForTimeout(300);
    }
    // Give anything that would run (an image error, a late render) the time to.
    await page.waitForTimeout(400);
    last = (await page.evaluate(INSPECT)) as Inspection;
    assert.equal(last.pwned, null, `${what}: a payload ran`);
    assert.deepEqual(last.found, [], `${what}: a payload became markup`);
    assert.deepEqual(this.dialogs, [], `${what}: no alert, confirm or prompt opened`);
    assert.deepEqual(this.pageErrors, [], `${what}: no page error`);
  }
}

/** Waits for a form field to hold the value (the same text may already be on the page behind it). */
export async function fieldHolds(page: Page, selector: string, value: string): Promise<void> {
  // Polled with evaluate: waitForFunction with a string would need eval, which the CSP refuses.
  const probe = `document.querySelector(${JSON.stringify(selector)})?.value ?? null`;
  const until = Date.now() + 20_000;
  let last: unknown = null;
  while ((last = await page.evaluate(probe)) !== value) {
    if (Date.now() > until) assert.fail(`${selector}: holds ${JSON.stringify(last)}, not ${JSON.stringify(value)}`);
    await page.waitForTimeout(200);
  }
}

/** What is on screen (text, and the values of inputs and text areas), shadow roots included. */
export async function pageText(page: Page): Promise<string> {
  return ((await page.evaluate(INSPECT)) as Inspection).text;
}

/** Waits until the member's workspace has them online (so the widget offers a chat, not a message form). */
export async function waitOnline(db: Db, userId: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const state = await db.selectFrom('agent_states').select('status').where('user_id', '=', userId).executeTakeFirst();
    if (state?.status === 'online') return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail('the workspace did not come online');
}

/** A shop's product page on another path of the server's origin, carrying the widget; its panel opened. */
export async function openShopWidget(
  browser: Browser,
  serverUrl: string,
  inboxId: string,
  watch: PayloadWatch,
  viewport = { width: 1366, height: 768 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', permissions: ['local-network-access'] });
  const page = watch.watch(await context.newPage(), 'shop');
  const shop = `http://localhost:${new URL(serverUrl).port}/xss-shop`;
  await page.route(`${shop}/**`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>店铺</title></head><body><h1>店铺</h1><script src="${serverUrl}/widget.js" data-inbox="${inboxId}" async></script></body></html>` }),
  );
  await page.goto(`${shop}/products/1`);
  await page.getByTestId('sd-launcher').click();
  await page.getByTestId('sd-panel').waitFor({ state: 'visible' });
  return { context, page };
}

/** Types and sends a message in the opened widget. */
export async function sendInWidget(page: Page, text: string): Promise<void> {
  await page.getByTestId('sd-input').fill(text);
  await page.getByTestId('sd-send').click();
}

/** The conversation and customer of a message the shopper sent, once it is stored. */
export async function storedChat(db: Db, accountId: string, body: string): Promise<{ conversation: string; customer: string }> {
  for (let i = 0; i < 80; i++) {
    const row = await db.selectFrom('messages').innerJoin('conversations', 'conversations.id', 'messages.conversation_id').select(['messages.conversation_id', 'conversations.customer_id']).where('messages.account_id', '=', accountId).where('messages.body', '=', body).executeTakeFirst();
    if (row) return { conversation: row.conversation_id, customer: row.customer_id! };
    await new Promise((r) => setTimeout(r, 250));
  }
  return assert.fail('the shopper’s message is stored');
}
