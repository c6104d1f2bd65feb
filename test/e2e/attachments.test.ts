import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, type TestServer } from '../harness.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from './browser.ts';

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A real PNG of a coloured tile with a stripe (a "photo of the damaged parcel"), so the thumbnail shows something. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const stripe = Math.abs(x - y) < 12;
      row.set(stripe ? [230, 80, 60] : [210 - (y % 40), 180, 120 + (x % 60)], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** Two seconds of a quiet 440 Hz tone as 8 kHz mono WAV: a call recording the browser can play. */
function wav(seconds = 2, rate = 8000): Buffer {
  const samples = seconds * rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 3000), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

async function eventually(what: string, check: () => Promise<boolean>, timeout = 15_000) {
  const until = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The image has arrived and decoded (a broken or blocked image has no natural width). */
const loaded = (page: Page, selector: string) => page.locator(selector).first().evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0);
/** The decoded size of an image in the page: a thumbnail's longest side is at most 320 px. */
const naturalSize = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((img) => {
    const i = img as unknown as { complete: boolean; naturalWidth: number; naturalHeight: number };
    return i.complete ? [i.naturalWidth, i.naturalHeight] : [0, 0];
  });

describe('files and calls in the browser: a photo from the widget, a document and a logged call from the workspace', { skip: hasChromium ? false : 'Debian chromium is not installed' }, () => {
  let s: TestServer;
  let browser: Browser;
  let sku = '';
  before(async () => {
    s = await startTestServer();
    browser = await launchBrowser();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const home = await (await fetch(`${s.url}/demo`)).text();
    sku = [...home.matchAll(/data-sku="([^"]+)"/g)][0]?.[1] ?? '';
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  /** Waits until the thumbnail of the file named `name` is made (a background job after the upload). */
  const thumbnailMade = (name: string) =>
    eventually(`the thumbnail of ${name}`, async () => {
      const row = await s.db
        .selectFrom('attachment_thumbnails as t')
        .innerJoin('attachments as a', (j) => j.onRef('a.account_id', '=', 't.account_id').onRef('a.id', '=', 't.attachment_id'))
        .select('t.attachment_id')
        .where('a.file_name', '=', name)
        .executeTakeFirst();
      return Boolean(row);
    });

  test('the shopper sends a photo, the agent sees it, answers with a PDF and logs a call with its recording', { timeout: 180_000 }, async () => {
    assert.ok(sku, 'the demo shop lists a product');
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

    // The shopper, on a phone, sends a photo and nothing else.
    const shopContext = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const shop = await shopContext.newPage();
    const shopErrors: string[] = [];
    shop.on('pageerror', (e) => shopErrors.push(String(e)));
    await shop.goto(`${s.url}/demo/products/${sku}`);
    await shop.getByTestId('sd-launcher').click();
    await shop.getByTestId('sd-panel').waitFor({ state: 'visible' });
    await shop.getByTestId('sd-presence').filter({ hasText: '在线' }).waitFor({ timeout: 15_000 });
    await shop.getByTestId('sd-attach').waitFor();
    await shop.getByTestId('sd-file-input').setInputFiles({ name: '包裹破损.png', mimeType: 'image/png', buffer: png(800, 600) });
    const photoRow = shop.locator('.row.me', { has: shop.locator('img[data-testid="sd-image"]') });
    // "Sent" only once the server has stored it.
    await photoRow.locator('[data-status="sent"]').waitFor({ timeout: 15_000 });
    await eventually('the shopper sees the photo', () => loaded(shop, '.row.me img[data-testid="sd-image"]'));

    // The agent sees the conversation (the list says [图片]) and the thumbnail, and opens the photo full size.
    await thumbnailMade('包裹破损.png');
    const item = agent.locator('[data-testid^="conversation-item-"]', { hasText: '[图片]' });
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    const timeline = agent.getByTestId('message-timeline');
    await timeline.locator('[data-testid="attachment-image"]').first().waitFor();
    const agentThumb = '[data-testid="message-timeline"] img[data-testid="attachment-image"], [data-testid="message-timeline"] [data-testid="attachment-image"] img';
    await eventually('the agent sees the thumbnail', () => loaded(agent, agentThumb));
    assert.deepEqual(await naturalSize(agent, agentThumb), [320, 240], 'the timeline loads the thumbnail, not the photo');
    await agent.screenshot({ path: path.join(SCREENSHOT_DIR, 'attachments-agent-thumbnail.png') });
    await agent.locator(agentThumb).first().click();
    await eventually('the preview shows the photo full size', async () => (await naturalSize(agent, '.ant-image-preview-img'))[0] === 800);
    await agent.keyboard.press('Escape');
    await agent.locator('.ant-image-preview-img').waitFor({ state: 'hidden' });

    // The agent answers with a PDF picked through the paper clip, and a line of text.
    await agent.getByTestId('reply-attach-input').setInputFiles({ name: '退货流程说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await agent.getByTestId('reply-attachment').and(agent.locator('[data-state="done"]')).waitFor({ timeout: 15_000 });
    await agent.getByTestId('reply-input').fill('您好，照片收到了，请按这份说明办理退货');
    await agent.getByTestId('reply-send').click();
    await timeline.locator('[data-testid="attachment-file"]', { hasText: '退货流程说明.pdf' }).waitFor();
    const fileLink = shop.locator('.row.agent [data-testid="sd-file"]', { hasText: '退货流程说明.pdf' });
    await fileLink.waitFor({ timeout: 15_000 });
    assert.match((await fileLink.textContent()) ?? '', /\d+ B/);
    await shop.screenshot({ path: path.join(SCREENSHOT_DIR, 'attachments-shopper.png') });

    // The agent sends a tall product photo: the shopper sees its thumbnail and opens it full size over the chat.
    await agent.getByTestId('reply-attach-input').setInputFiles({ name: '商品实拍.png', mimeType: 'image/png', buffer: png(600, 900) });
    await agent.getByTestId('reply-attachment').and(agent.locator('[data-state="done"]')).waitFor({ timeout: 15_000 });
    await thumbnailMade('商品实拍.png');
    await agent.getByTestId('reply-send').click();
    const shopThumb = '.row.agent img[data-testid="sd-image"]';
    await shop.locator(shopThumb).waitFor({ timeout: 15_000 });
    await eventually('the shopper sees the thumbnail', () => loaded(shop, shopThumb));
    assert.deepEqual(await naturalSize(shop, shopThumb), [213, 320]);
    await shop.locator(shopThumb).click();
    await shop.getByTestId('sd-viewer').waitFor({ state: 'visible' });
    await eventually('the viewer shows the photo full size', async () => (await naturalSize(shop, '[data-testid="sd-viewer-image"]'))[0] === 600);
    await shop.screenshot({ path: path.join(SCREENSHOT_DIR, 'attachments-shopper-viewer.png') });
    await shop.keyboard.press('Escape');
    await shop.getByTestId('sd-viewer').waitFor({ state: 'hidden' });
    assert.ok(await shop.getByTestId('sd-panel').isVisible(), 'Escape closes the photo, not the chat');

    // The agent logs the call that followed, with its recording.
    await agent.getByTestId('log-call-open').click();
    await agent.getByTestId('log-call-form').waitFor();
    await agent.getByTestId('log-call-number').fill('138 0013 8000');
    await agent.getByTestId('log-call-minutes').fill('3');
    await agent.getByTestId('log-call-seconds').fill('25');
    await agent.getByTestId('log-call-summary').fill('顾客来电确认退货地址，已告知三天内退款');
    await agent.getByTestId('log-call-recording-input').setInputFiles({ name: '来电录音.wav', mimeType: 'audio/wav', buffer: wav() });
    await agent.getByTestId('log-call-recording').waitFor();
    await agent.waitForTimeout(300);
    await agent.screenshot({ path: path.join(SCREENSHOT_DIR, 'attachments-log-call-modal.png') });
    await agent.getByTestId('log-call-submit').click();
    const card = timeline.getByTestId('call-card');
    await card.waitFor({ timeout: 15_000 });
    assert.match((await card.textContent()) ?? '', /来电.*13800138000.*3:25/);
    const audio = card.locator('audio[data-testid="call-recording"]');
    await audio.waitFor();
    await eventually('the recording loads in the player', () => audio.evaluate((el) => {
      const player = el as unknown as { readyState: number; duration: number };
      return player.readyState >= 1 && player.duration > 1.5;
    }));
    await agent.waitForTimeout(300);
    await agent.screenshot({ path: path.join(SCREENSHOT_DIR, 'attachments-agent-call.png') });
    // The shopper never sees the call log.
    await shop.waitForTimeout(1000);
    assert.equal(await shop.locator('.row', { hasText: '确认退货地址' }).count(), 0);

    // A call from a number with no conversation yet: the customer is made, the call logged, the conversation opened.
    await agent.getByTestId('new-call-open').click();
    await agent.getByTestId('log-call-number').fill('139 0000 1234');
    await agent.getByTestId('log-call-name').fill('陈先生');
    await agent.getByTestId('log-call-summary').fill('咨询发票开具');
    await agent.getByTestId('log-call-submit').click();
    await agent.getByTestId('conversation-title').filter({ hasText: '陈先生' }).waitFor({ timeout: 15_000 });
    await timeline.getByTestId('call-card').filter({ hasText: '咨询发票开具' }).waitFor();

    assert.deepEqual(shopErrors, []);
    assert.deepEqual(agentErrors, []);
    await shopContext.close();
    await agentContext.close();
  });
});
