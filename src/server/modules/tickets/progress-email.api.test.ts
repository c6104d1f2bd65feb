import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * A customer who wrote by email gets the work order's reply by email, with the signed link to
 * their progress page (seed 001's "where is my visa", asked from a mail client).
 */
describe(`a reply to an emailing customer carries their progress link (${testStore})`, () => {
  const PUBLIC_URL = 'https://kefu.huayang.test';
  let s: TestServer;
  let owner: TestClient;

  before(async () => {
    s = await startTestServer({ env: { SHOPDESK_PUBLIC_URL: PUBLIC_URL, SHOPDESK_SECRET_KEY: crypto.randomBytes(32).toString('base64') } });
    owner = await loginAs(s.url);
  });
  after(async () => {
    await s?.close();
  });

  test('the email reply ends with the /progress link, the link opens their work orders, the timeline keeps the reply as written', async () => {
    const inbox = await owner.post('/api/channels/email/inboxes', { name: '邮件客服', address: 'service@huayang.test' });
    assert.equal(inbox.status, 201, JSON.stringify(inbox.body));
    const raw = [
      'From: =?UTF-8?B?' + b64('王芳') + '?= <wang.fang@example.com>',
      'To: service@huayang.test',
      'Subject: =?UTF-8?B?' + b64('签证进度') + '?=',
      'Date: Thu, 01 May 2025 10:00:00 +0800',
      `Message-ID: <v1.${crypto.randomBytes(4).toString('hex')}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      b64('请问我的日本签证办得怎么样了？'),
      '',
    ].join('\r\n');
    const inbound = await fetch(`${s.url}/api/channels/email/${inbox.body.inbox.id}/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822', 'x-shopdesk-inbound-key': inbox.body.settings.inboundKey }, body: raw });
    assert.equal(inbound.status, 200, await inbound.clone().text());
    const conversationId = ((await inbound.json()) as { conversationId: string }).conversationId;
    assert.ok(conversationId);

    const types = (await owner.get('/api/work-order-types')).body.items;
    const visa = types.find((t: { name: string }) => t.name === '签证进度查询');
    const made = await owner.post('/api/work-orders', { typeId: visa.id, title: '王芳的日本签证', conversationId, fields: { passport_no: 'E7654321', country: '日本' } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const replied = await owner.post(`/api/work-orders/${made.body.workOrder.id}/comments`, { body: '您的签证已出签，今天寄出。', public: true });
    assert.equal(replied.status, 201, JSON.stringify(replied.body));
    assert.equal(replied.body.workOrder.events.find((e: { kind: string }) => e.kind === 'reply').body, '您的签证已出签，今天寄出。');

    const messages = (await owner.get(`/api/conversations/${conversationId}/messages`)).body.items;
    const sent = messages.find((m: { body: string }) => m.body.startsWith('您的签证已出签'));
    const link = /查看工单进度：(\S+)$/.exec(sent.body)?.[1];
    assert.ok(link?.startsWith(`${PUBLIC_URL}/progress/`), sent.body);
    // The same page, asked of this server: it lists the work order and the reply, nothing internal.
    const token = link!.slice(`${PUBLIC_URL}/progress/`.length);
    const progress = await new TestClient(s.url).get(`/api/progress/${token}`);
    assert.equal(progress.status, 200);
    assert.deepEqual(progress.body.items.map((i: { title: string }) => i.title), ['王芳的日本签证']);
    assert.deepEqual(progress.body.items[0].replies.map((r: { body: string }) => r.body), ['您的签证已出签，今天寄出。']);
    const page = await fetch(`${s.url}/progress/${token}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /王芳的日本签证/);
    const forged = await fetch(`${s.url}/progress/${token.slice(0, -2)}xx`);
    assert.equal(forged.status, 404);
  });
});
