import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { ensureDefaultInbox } from './index.ts';

/** A real 1×1 PNG, and the first bytes of other formats (the server only reads the signature). */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), Buffer.alloc(64, 7)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.alloc(2048, 0x55)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256, 0)]);
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');

type Upload = { status: number; body: any; headers: Headers };

describe(`attachments: upload, send and download on both sides (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let inboxId: string;
  let owner: TestClient;

  const visitor = async (inbox = inboxId) => {
    const res = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return new TestClient(s.url, 'zh-CN', undefined, res.body.visitorToken);
  };

  /** Sends raw bytes the way the widget and the workspace do: the body is the file, ?name= its name. */
  const upload = async (client: TestClient, path: string, bytes: Buffer | string, type: string | null, name?: string, locale = 'zh-CN'): Promise<Upload> => {
    const headers: Record<string, string> = { 'accept-language': locale };
    if (type) headers['content-type'] = type;
    if (client.visitorToken) headers['x-visitor-token'] = client.visitorToken;
    if (client.cookie) headers.cookie = client.cookie;
    if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
    if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
    const url = `${s.url}${path}${name === undefined ? '' : `?name=${encodeURIComponent(name)}`}`;
    const res = await fetch(url, { method: 'POST', headers, body: bytes });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };

  const download = async (client: TestClient, path: string, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { 'accept-language': 'zh-CN', ...headers };
    if (client.visitorToken) h['x-visitor-token'] = client.visitorToken;
    if (client.cookie) h.cookie = client.cookie;
    if (client.bearer) h.authorization = `Bearer ${client.bearer}`;
    const res = await fetch(`${s.url}${path}`, { headers: h });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  /** A shopper with an open conversation (one message sent). */
  const chatting = async () => {
    const shopper = await visitor();
    const sent = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: '你好，我想退货' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    return { shopper, conversationId: sent.body.message.conversationId as string };
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

  test('the shopper sends a photo with a Chinese name; a retry stores it once; both sides can open it', async () => {
    const shopper = await visitor();
    const up = await upload(shopper, '/api/widget/v1/attachments', PNG, 'image/png', '收到的商品破损照片.png');
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.deepEqual({ ...up.body.attachment, id: undefined }, { id: undefined, name: '收到的商品破损照片.png', contentType: 'image/png', size: PNG.length });
    const attachmentId = up.body.attachment.id;
    assert.match(attachmentId, /^att_/);

    const clientId = randomUUID();
    const sent = await shopper.post('/api/widget/v1/messages', { clientId, attachmentIds: [attachmentId] });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.message.body, '');
    assert.deepEqual(sent.body.message.attachments.map((a: any) => a.id), [attachmentId]);
    const retry = await shopper.post('/api/widget/v1/messages', { clientId, attachmentIds: [attachmentId] });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.duplicate, true);
    assert.equal(retry.body.message.id, sent.body.message.id);
    // Sent once, it cannot be sent again with another message.
    const again = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), attachmentIds: [attachmentId] });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'attachments_invalid');

    const conversationId = sent.body.message.conversationId;
    const list = await owner.get('/api/conversations?view=all');
    assert.equal(list.body.items.find((c: any) => c.id === conversationId)?.lastMessagePreview, '[图片]');
    const timeline = await owner.get(`/api/conversations/${conversationId}/messages`);
    assert.deepEqual(timeline.body.items.at(-1).attachments, [{ id: attachmentId, name: '收到的商品破损照片.png', contentType: 'image/png', size: PNG.length }]);

    for (const [who, client, path] of [['agent', owner, `/api/attachments/${attachmentId}`], ['shopper', shopper, `/api/widget/v1/attachments/${attachmentId}`]] as const) {
      const file = await download(client, path);
      assert.equal(file.status, 200, who);
      assert.ok(file.bytes.equals(PNG), `${who}: the same bytes come back`);
      assert.equal(file.headers.get('content-type'), 'image/png');
      assert.equal(file.headers.get('content-disposition'), `inline; filename="_________.png"; filename*=UTF-8''${encodeURIComponent('收到的商品破损照片.png')}`);
      assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
      assert.match(file.headers.get('content-security-policy') ?? '', /default-src 'none'.*sandbox/);
    }
  });

  test('the agent sends a document and a file on a note: the shopper opens only the first', async () => {
    const { shopper, conversationId } = await chatting();
    const pdf = await upload(owner, `/api/conversations/${conversationId}/attachments`, PDF, 'application/pdf', '退货说明.pdf');
    assert.equal(pdf.status, 201, JSON.stringify(pdf.body));
    const reply = await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '请按说明寄回', attachmentIds: [pdf.body.attachment.id] });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const noteFile = await upload(owner, `/api/conversations/${conversationId}/attachments`, JPEG, 'image/jpeg', '内部截图.jpg');
    const note = await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), private: true, attachmentIds: [noteFile.body.attachment.id] });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    assert.equal(note.body.message.kind, 'note');
    const unsent = await upload(owner, `/api/conversations/${conversationId}/attachments`, PNG, 'image/png', '还没发.png');

    const mine = await download(shopper, `/api/widget/v1/attachments/${pdf.body.attachment.id}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.headers.get('content-type'), 'application/pdf');
    assert.match(mine.headers.get('content-disposition') ?? '', /^attachment; .*filename\*=UTF-8''%E9%80%80%E8%B4%A7%E8%AF%B4%E6%98%8E\.pdf$/);
    for (const id of [noteFile.body.attachment.id, unsent.body.attachment.id]) {
      const hidden = await download(shopper, `/api/widget/v1/attachments/${id}`);
      assert.equal(hidden.status, 404, `a file on a note or not sent yet is not the shopper's: ${id}`);
    }
    // Another shopper holding the id gets nothing; nor does a forged token.
    const stranger = await visitor();
    assert.equal((await download(stranger, `/api/widget/v1/attachments/${pdf.body.attachment.id}`)).status, 404);
    const forged = await download(new TestClient(s.url, 'zh-CN', undefined, 'svt_forged'), `/api/widget/v1/attachments/${pdf.body.attachment.id}`);
    assert.equal(forged.status, 401);
    const seen = await shopper.get('/api/widget/v1/messages');
    assert.deepEqual(seen.body.items.map((m: any) => m.attachments.map((a: any) => a.name)), [[], ['退货说明.pdf']]);
  });

  test('limits: size, types checked by their bytes, spoofed types, empty files, in the caller’s language', async () => {
    const { conversationId } = await chatting();
    const agentPath = `/api/conversations/${conversationId}/attachments`;
    const shopper = await visitor();
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(owner, agentPath, big, 'image/png', 'big.png');
    assert.equal(tooBig.status, 413, JSON.stringify(tooBig.body));
    assert.equal(tooBig.body.error.code, 'attachment_too_large');
    assert.equal(tooBig.body.error.message, '文件太大：图片最大 10 MB');
    const tooBigEn = await upload(shopper, '/api/widget/v1/attachments', big, 'image/png', 'big.png', 'en');
    assert.equal(tooBigEn.status, 413);
    assert.equal(tooBigEn.body.error.message, 'The file is too large: files may be at most 10 MB');
    // A recording may be longer: 11 MB of audio is fine for the team.
    const recording = await upload(owner, agentPath, Buffer.concat([MP3, Buffer.alloc(11 * 1024 * 1024, 0x55)]), 'audio/mpeg', '通话录音.mp3');
    assert.equal(recording.status, 201, JSON.stringify(recording.body));

    const cases: Array<[string, Buffer, string | null, string, number, string]> = [
      ['an executable', EXE, 'application/octet-stream', 'setup.exe', 415, 'attachment_type_refused'],
      ['a web page', HTML, 'text/html', 'page.html', 415, 'attachment_type_refused'],
      ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml', 'x.svg', 415, 'attachment_type_refused'],
      ['a web page claiming to be a PNG', HTML, 'image/png', 'photo.png', 415, 'attachment_type_mismatch'],
      ['a PNG claiming to be a PDF', PNG, 'application/pdf', 'doc.pdf', 415, 'attachment_type_mismatch'],
      ['an executable claiming to be a JPEG', EXE, 'image/jpeg', 'photo.jpg', 415, 'attachment_type_mismatch'],
      ['an empty file', Buffer.alloc(0), 'image/png', 'empty.png', 400, 'attachment_empty'],
    ];
    for (const [what, bytes, type, name, status, code] of cases) {
      for (const [client, path] of [[owner, agentPath], [shopper, '/api/widget/v1/attachments']] as const) {
        const res = await upload(client, path, bytes, type, name);
        assert.equal(res.status, status, `${what} (${path}): ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, code, what);
        assert.match(res.body.error.message, /[\u4e00-\u9fff]/, `${what}: a Chinese message`);
      }
    }
    const json = await owner.post(agentPath, { not: 'a file' });
    assert.equal(json.status, 415);
    const en = await upload(owner, agentPath, HTML, 'image/png', 'photo.png', 'en');
    assert.equal(en.body.error.message, 'The file’s content does not match its declared type (image/png); it may be damaged or renamed');

    // A browser that does not know the type sends octet-stream: the bytes and the name decide.
    const unknown = await upload(owner, agentPath, PNG, 'application/octet-stream', '截图');
    assert.equal(unknown.body.attachment.contentType, 'image/png');
    const text = await upload(owner, agentPath, Buffer.from('订单号,金额\nA1,99.00\n'), 'application/vnd.ms-excel', '对账单.csv');
    assert.equal(text.body.attachment.contentType, 'text/csv', 'Windows calls a .csv an Excel file');
    const pathy = await upload(owner, agentPath, PNG, 'image/png', '..\\..\\etc/passwd.png');
    assert.equal(pathy.body.attachment.name, 'passwd.png', 'a path in the name is cut off');
  });

  test('attachmentIds must be files of this conversation, not sent yet; a message needs text or a file', async () => {
    const a = await chatting();
    const b = await chatting();
    const ofB = await upload(owner, `/api/conversations/${b.conversationId}/attachments`, PNG, 'image/png', 'b.png');
    const wrong = await owner.post(`/api/conversations/${a.conversationId}/messages`, { clientId: randomUUID(), body: '看图', attachmentIds: [ofB.body.attachment.id] });
    assert.equal(wrong.status, 400);
    assert.deepEqual([wrong.body.error.code, wrong.body.error.field], ['attachments_invalid', 'attachmentIds']);
    const made = await owner.post(`/api/conversations/${a.conversationId}/messages`, { clientId: randomUUID(), body: '看图', attachmentIds: ['att_made_up'] });
    assert.equal(made.body.error.code, 'attachments_invalid');
    const empty = await owner.post(`/api/conversations/${a.conversationId}/messages`, { clientId: randomUUID(), body: '   ' });
    assert.deepEqual([empty.status, empty.body.error.code], [400, 'message_empty']);
    const emptyShopper = await a.shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: '' });
    assert.deepEqual([emptyShopper.status, emptyShopper.body.error.code], [400, 'message_empty']);
    assert.equal((await owner.post('/api/conversations/cnv_nope/messages', { clientId: randomUUID() })).status, 404);
    // The shopper cannot send a file of the team's (or of another conversation) as their own.
    const agentsFile = await upload(owner, `/api/conversations/${a.conversationId}/attachments`, PNG, 'image/png', 'agent.png');
    const stolen = await b.shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), attachmentIds: [agentsFile.body.attachment.id] });
    assert.equal(stolen.body.error.code, 'attachments_invalid');
    // Over the socket too: a file-only message is acknowledged with its file.
    const own = await upload(a.shopper, '/api/widget/v1/attachments', JPEG, 'image/jpeg', '实拍.jpg');
    assert.equal(own.status, 201);
    const viaHttp = await a.shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: '实拍图', attachmentIds: [own.body.attachment.id] });
    assert.equal(viaHttp.body.message.conversationId, a.conversationId, 'uploaded into the open conversation');
  });

  test('ranges for audio players; another account sees none of it', async () => {
    const { conversationId } = await chatting();
    const rec = await upload(owner, `/api/conversations/${conversationId}/attachments`, MP3, 'audio/mpeg', 'call.mp3');
    const id = rec.body.attachment.id;
    const part = await download(owner, `/api/attachments/${id}`, { range: 'bytes=0-2' });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-2/${MP3.length}`);
    assert.equal(part.bytes.toString(), 'ID3');
    const tail = await download(owner, `/api/attachments/${id}`, { range: 'bytes=-10' });
    assert.ok(tail.bytes.equals(MP3.subarray(-10)));
    const outside = await download(owner, `/api/attachments/${id}`, { range: `bytes=${MP3.length}-` });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-range'), `bytes */${MP3.length}`);
    assert.equal((await download(owner, `/api/attachments/${id}`)).headers.get('accept-ranges'), 'bytes');

    const other = await makeAccount(s.db);
    const ownerB = await loginAs(s.url, other.email, other.password);
    assert.equal((await download(ownerB, `/api/attachments/${id}`)).status, 404);
    const intoA = await upload(ownerB, `/api/conversations/${conversationId}/attachments`, PNG, 'image/png', 'x.png');
    assert.equal(intoA.status, 404);
    await ensureDefaultInbox(s.db, other.accountId);
    const inboxB = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', other.accountId).executeTakeFirstOrThrow();
    const shopperB = await visitor(inboxB.id);
    assert.equal((await download(shopperB, `/api/widget/v1/attachments/${id}`)).status, 404);
    // Reading is for those who may read conversations: operations staff may not.
    const ops = await makeUser(s.db, accountId, 'operations');
    assert.equal((await download(await loginAs(s.url, ops.email, ops.password), `/api/attachments/${id}`)).status, 403);
  });
});
