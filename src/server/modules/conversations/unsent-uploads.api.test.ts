import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { pruneHousekeeping } from '../../platform/housekeeping.ts';

const DAY = 86_400_000;

describe(`attachments: uploads never sent are deleted after a day (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;

  const upload = async (client: TestClient, path: string, bytes: Buffer, type: string, name: string) => {
    const headers: Record<string, string> = { 'content-type': type };
    if (client.visitorToken) headers['x-visitor-token'] = client.visitorToken;
    if (client.cookie) headers.cookie = client.cookie;
    if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
    const res = await fetch(`${s.url}${path}?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body: bytes });
    const body: any = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    return body.attachment.id as string;
  };

  const downloadStatus = async (client: TestClient, path: string) => {
    const h: Record<string, string> = {};
    if (client.visitorToken) h['x-visitor-token'] = client.visitorToken;
    if (client.cookie) h.cookie = client.cookie;
    const res = await fetch(`${s.url}${path}`, { headers: h });
    await res.arrayBuffer();
    return res.status;
  };

  const stored = async (ids: string[]) =>
    (await s.db.selectFrom('attachments').select('id').where('id', 'in', ids).execute()).map((r) => r.id).sort();

  const thumbnailOf = async (id: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const row = await s.db.selectFrom('attachment_thumbnails').select('attachment_id').where('attachment_id', '=', id).executeTakeFirst();
      if (row) return row;
      if (Date.now() > deadline) throw new Error(`no thumbnail was made for ${id}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  before(async () => {
    s = await startTestServer();
    owner = await loginAs(s.url);
  });
  after(async () => {
    await s.close();
  });

  test('an unsent upload older than a day goes with its bytes and thumbnail; a sent one and a fresh one stay; a second run is a no-op', async () => {
    const inboxId = (await s.db.selectFrom('inboxes').select('id').executeTakeFirstOrThrow()).id;
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId });
    const shopper = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c0392b' } }).png().toBuffer();

    // Yesterday: the shopper picked a photo and never sent it; the agent uploaded a file and sent it.
    const abandoned = await upload(shopper, '/api/widget/v1/attachments', photo, 'image/png', '没发出去.png');
    const first = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: '在吗' });
    const conversationId = first.body.message.conversationId as string;
    const sent = await upload(owner, `/api/conversations/${conversationId}/attachments`, Buffer.from('订单号,金额\nA1,99.00\n'), 'text/csv', '对账单.csv');
    const reply = await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '这是对账单', attachmentIds: [sent] });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    await thumbnailOf(abandoned);
    const yesterday = new Date(Date.now() - DAY - 60_000);
    await s.db.updateTable('attachments').set({ created_at: yesterday }).where('id', 'in', [abandoned, sent]).execute();
    // Today: the agent is still writing the message this file goes with.
    const fresh = await upload(owner, `/api/conversations/${conversationId}/attachments`, photo, 'image/png', '刚传的.png');
    assert.equal(await downloadStatus(owner, `/api/attachments/${abandoned}`), 200);

    const counts = await pruneHousekeeping(s.db, new Date());
    assert.equal(counts.unsentUploads, 1);
    assert.deepEqual(await stored([abandoned, sent, fresh]), [fresh, sent].sort());
    const thumbnails = await s.db.selectFrom('attachment_thumbnails').select('attachment_id').where('attachment_id', '=', abandoned).execute();
    assert.deepEqual(thumbnails, [], 'the thumbnail went with its file');
    assert.equal(await downloadStatus(owner, `/api/attachments/${abandoned}`), 404);
    assert.equal(await downloadStatus(owner, `/api/attachments/${abandoned}?size=thumb`), 404);
    assert.equal(await downloadStatus(owner, `/api/attachments/${sent}`), 200);
    assert.equal(await downloadStatus(shopper, `/api/widget/v1/attachments/${sent}`), 200, 'the shopper still opens what was sent to them');

    // Run again (a retried job, a second node): nothing more goes and nothing fails.
    assert.equal((await pruneHousekeeping(s.db, new Date())).unsentUploads, 0);
    assert.deepEqual(await stored([sent, fresh]), [fresh, sent].sort());
    // The fresh upload can still be sent.
    const later = await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), attachmentIds: [fresh] });
    assert.equal(later.status, 201, JSON.stringify(later.body));
  });
});
