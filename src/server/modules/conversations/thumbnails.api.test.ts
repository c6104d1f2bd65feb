import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { sql } from 'kysely';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { ensureDefaultInbox } from './index.ts';
import { THUMBNAIL_JOB } from './thumbnails.service.ts';

/** A real image of the given size, as a photo from a phone would be (a gradient, so it does not compress to nothing). */
async function image(width: number, height: number, format: 'png' | 'jpeg' | 'gif'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.set([i % 256, (i >> 8) % 256, 128], i * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
// A JPEG signature and nothing a decoder can use: accepted as an upload, but no thumbnail can be made.
const BROKEN_JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), Buffer.alloc(64, 7)]);

describe(`attachments: image thumbnails (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let inboxId: string;
  let owner: TestClient;

  const visitor = async (inbox = inboxId) => {
    const res = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return new TestClient(s.url, 'zh-CN', undefined, res.body.visitorToken);
  };

  const upload = async (client: TestClient, path: string, bytes: Buffer, type: string, name: string) => {
    const headers: Record<string, string> = { 'content-type': type, 'accept-language': 'zh-CN' };
    if (client.visitorToken) headers['x-visitor-token'] = client.visitorToken;
    if (client.cookie) headers.cookie = client.cookie;
    if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
    const res = await fetch(`${s.url}${path}?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body: bytes });
    const body: any = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    return body.attachment.id as string;
  };

  const download = async (client: TestClient, path: string) => {
    const h: Record<string, string> = { 'accept-language': 'zh-CN' };
    if (client.visitorToken) h['x-visitor-token'] = client.visitorToken;
    if (client.cookie) h.cookie = client.cookie;
    const res = await fetch(`${s.url}${path}`, { headers: h });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  /** The thumbnail jobs of an attachment, once every one of them has finished. */
  const settledJobs = async (attachmentId: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const jobs = await s.db
        .selectFrom('jobs')
        .select(['state', 'result'])
        .where('name', '=', THUMBNAIL_JOB)
        .where(sql<string>`payload->>'attachmentId'`, '=', attachmentId)
        .execute();
      if (jobs.every((j) => j.state === 'done' || j.state === 'failed')) return jobs;
      if (Date.now() > deadline) throw new Error(`the thumbnail job of ${attachmentId} did not finish`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** A shopper with an open conversation and one photo sent in it, and the photo's id. */
  const shopperWithPhoto = async (photo: Buffer) => {
    const shopper = await visitor();
    const id = await upload(shopper, '/api/widget/v1/attachments', photo, 'image/png', '破损照片.png');
    const sent = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: '收到就是这样的', attachmentIds: [id] });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    return { shopper, id, conversationId: sent.body.message.conversationId as string };
  };

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow()).id;
    owner = await loginAs(s.url);
  });
  after(async () => {
    await s.close();
  });

  test('a PNG gets a WebP thumbnail of at most 320 px, in proportion, on both sides; without ?size the original comes back', async () => {
    const photo = await image(1200, 800, 'png');
    const { shopper, id } = await shopperWithPhoto(photo);
    const [job] = await settledJobs(id);
    assert.equal(job.state, 'done');

    for (const [who, client, path] of [['agent', owner, `/api/attachments/${id}`], ['shopper', shopper, `/api/widget/v1/attachments/${id}`]] as const) {
      const thumb = await download(client, `${path}?size=thumb`);
      assert.equal(thumb.status, 200, who);
      assert.equal(thumb.headers.get('content-type'), 'image/webp', who);
      assert.equal(thumb.headers.get('x-content-type-options'), 'nosniff');
      assert.match(thumb.headers.get('content-security-policy') ?? '', /sandbox/);
      assert.match(thumb.headers.get('content-disposition') ?? '', /^inline; .*filename\*=UTF-8''%E7%A0%B4%E6%8D%9F%E7%85%A7%E7%89%87\.webp$/);
      assert.ok(thumb.bytes.length < photo.length, `${who}: the thumbnail is smaller than the photo`);
      const decoded = await sharp(thumb.bytes).raw().toBuffer({ resolveWithObject: true });
      assert.equal(decoded.info.format, 'raw');
      assert.deepEqual([decoded.info.width, decoded.info.height], [320, 213], `${who}: the longest side is 320 px and the shape is kept`);

      const full = await download(client, path);
      assert.ok(full.bytes.equals(photo), `${who}: the original is untouched`);
      assert.equal(full.headers.get('content-type'), 'image/png');
    }
    const row = await s.db.selectFrom('attachment_thumbnails').select(['width', 'height', 'content_type']).where('account_id', '=', accountId).where('attachment_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { width: 320, height: 213, content_type: 'image/webp' });
  });

  test('a tall JPEG and a GIF from the agent fit the box; a small image is not enlarged', async () => {
    const { conversationId } = await shopperWithPhoto(await image(400, 300, 'png'));
    const cases: Array<[Buffer, string, string, [number, number]]> = [
      [await image(600, 1000, 'jpeg'), 'image/jpeg', '实拍.jpg', [192, 320]],
      [await image(500, 500, 'gif'), 'image/gif', '动图.gif', [320, 320]],
      [await image(100, 60, 'png'), 'image/png', '小图.png', [100, 60]],
    ];
    for (const [bytes, type, name, size] of cases) {
      const id = await upload(owner, `/api/conversations/${conversationId}/attachments`, bytes, type, name);
      await settledJobs(id);
      const thumb = await download(owner, `/api/attachments/${id}?size=thumb`);
      assert.equal(thumb.headers.get('content-type'), 'image/webp', name);
      const meta = await sharp(thumb.bytes).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['webp', ...size], name);
    }
  });

  test('a document gets no thumbnail: ?size=thumb sends the file itself; an image that cannot be decoded falls back to itself, not kept by the browser', async () => {
    const { conversationId } = await shopperWithPhoto(await image(400, 300, 'png'));
    const pdf = await upload(owner, `/api/conversations/${conversationId}/attachments`, PDF, 'application/pdf', '退货说明.pdf');
    assert.deepEqual(await settledJobs(pdf), [], 'no thumbnail job for a document');
    const asThumb = await download(owner, `/api/attachments/${pdf}?size=thumb`);
    assert.equal(asThumb.status, 200);
    assert.equal(asThumb.headers.get('content-type'), 'application/pdf');
    assert.ok(asThumb.bytes.equals(PDF));
    assert.equal(asThumb.headers.get('cache-control'), 'private, max-age=86400');

    const broken = await upload(owner, `/api/conversations/${conversationId}/attachments`, BROKEN_JPEG, 'image/jpeg', '坏图.jpg');
    const [job] = await settledJobs(broken);
    assert.deepEqual([job.state, job.result], ['done', { skipped: 'not decodable' }]);
    const fallback = await download(owner, `/api/attachments/${broken}?size=thumb`);
    assert.equal(fallback.status, 200);
    assert.equal(fallback.headers.get('content-type'), 'image/jpeg');
    assert.ok(fallback.bytes.equals(BROKEN_JPEG));
    assert.equal(fallback.headers.get('cache-control'), 'private, no-store', 'a thumbnail may still come: the stand-in is not cached');
    const none = await s.db.selectFrom('attachment_thumbnails').select('attachment_id').where('attachment_id', 'in', [pdf, broken]).execute();
    assert.deepEqual(none, []);

    const bad = await owner.get(`/api/attachments/${pdf}?size=huge`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_failed');
  });

  test('a thumbnail is opened under the same checks as its file', async () => {
    const { shopper, id, conversationId } = await shopperWithPhoto(await image(800, 600, 'png'));
    await settledJobs(id);
    const thumbPath = `/api/widget/v1/attachments/${id}?size=thumb`;

    // Another shopper, a forged token, no token: nothing.
    assert.equal((await download(await visitor(), thumbPath)).status, 404);
    assert.equal((await download(new TestClient(s.url, 'zh-CN', undefined, 'svt_forged'), thumbPath)).status, 401);
    assert.equal((await download(new TestClient(s.url), thumbPath)).status, 401);

    // The team's image on an internal note, or one not sent yet: not the shopper's, thumbnail or not.
    const noteImage = await upload(owner, `/api/conversations/${conversationId}/attachments`, await image(640, 480, 'png'), 'image/png', '内部截图.png');
    const note = await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), private: true, attachmentIds: [noteImage] });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    const unsent = await upload(owner, `/api/conversations/${conversationId}/attachments`, await image(640, 480, 'png'), 'image/png', '还没发.png');
    await settledJobs(noteImage);
    await settledJobs(unsent);
    assert.equal((await download(shopper, thumbPath)).headers.get('content-type'), 'image/webp', 'the shopper opens the thumbnail of their own photo');
    for (const hidden of [noteImage, unsent]) assert.equal((await download(shopper, `/api/widget/v1/attachments/${hidden}?size=thumb`)).status, 404);
    // The team sees both.
    for (const ok of [noteImage, unsent]) assert.equal((await download(owner, `/api/attachments/${ok}?size=thumb`)).headers.get('content-type'), 'image/webp');

    // Another account, and staff who may not read conversations.
    const other = await makeAccount(s.db);
    assert.equal((await download(await loginAs(s.url, other.email, other.password), `/api/attachments/${id}?size=thumb`)).status, 404);
    await ensureDefaultInbox(s.db, other.accountId);
    const inboxB = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', other.accountId).executeTakeFirstOrThrow();
    assert.equal((await download(await visitor(inboxB.id), thumbPath)).status, 404);
    const ops = await makeUser(s.db, accountId, 'operations');
    assert.equal((await download(await loginAs(s.url, ops.email, ops.password), `/api/attachments/${id}?size=thumb`)).status, 403);
    assert.equal((await download(new TestClient(s.url), `/api/attachments/${id}?size=thumb`)).status, 401);
  });
});
