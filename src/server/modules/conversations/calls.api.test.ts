import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';

const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.alloc(4096, 0x55)]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe(`calls: the phone channel's call log (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let owner: TestClient;

  const upload = async (client: TestClient, conversationId: string, bytes: Buffer, type: string, name: string) => {
    const res = await fetch(`${s.url}/api/conversations/${conversationId}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': type, cookie: client.cookie, 'x-csrf-token': client.csrfToken },
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
  });
  after(async () => {
    await s.close();
  });

  test('a call from a new number makes the customer and a phone conversation; the same number finds them again', async () => {
    const first = await owner.post('/api/conversations/phone', { number: '138 0013 8000', name: '王女士' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.created, true);
    const c = first.body.conversation;
    assert.equal(c.channel, 'phone');
    assert.equal(c.customer.name, '王女士');
    assert.equal(c.inbox.name, '电话');
    const again = await owner.post('/api/conversations/phone', { number: '+86 138-0013-8000' });
    assert.deepEqual([again.body.created, again.body.conversation.id], [false, c.id]);
    const identity = await s.db.selectFrom('customer_identities').select(['customer_id', 'value']).where('account_id', '=', accountId).where('kind', '=', 'phone').where('value', '=', '13800138000').execute();
    assert.deepEqual(identity, [{ customer_id: c.customer.id, value: '13800138000' }]);
    // Without a name the caller goes by the last four digits.
    const anonymous = await owner.post('/api/conversations/phone', { number: '021-5555 0123' });
    assert.equal(anonymous.body.conversation.customer.name, '尾号0123');
    // A customer whose profile already has the number is found by it.
    await s.db.insertInto('customers').values({ id: 'cus_known_phone_1', account_id: accountId, name: '老顾客', phone: '13911112222', first_seen_at: new Date(), last_seen_at: new Date() }).execute();
    const known = await owner.post('/api/conversations/phone', { number: '139 1111 2222' });
    assert.equal(known.body.conversation.customer.id, 'cus_known_phone_1');
    const bad = await owner.post('/api/conversations/phone', { number: '打错了' });
    assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [400, 'phone_invalid', 'number']);
  });

  test('a call is logged with its recording; a retry stores it once; the recording plays', async () => {
    const { body } = await owner.post('/api/conversations/phone', { number: '13700001111' });
    const id = body.conversation.id;
    const rec = await upload(owner, id, MP3, 'audio/mpeg', '来电录音 2024-05-01.mp3');
    assert.equal(rec.status, 201, JSON.stringify(rec.body));
    const clientId = randomUUID();
    const call = { clientId, direction: 'inbound', durationSec: 125, summary: '顾客询问退货进度，已告知三天内退款', recordingId: rec.body.attachment.id };
    const logged = await owner.post(`/api/conversations/${id}/calls`, call);
    assert.equal(logged.status, 201, JSON.stringify(logged.body));
    const m = logged.body.message;
    assert.equal(m.kind, 'call');
    assert.equal(m.body, call.summary);
    assert.deepEqual(m.meta, { direction: 'inbound', number: '13700001111', durationSec: 125 });
    assert.deepEqual(m.attachments, [rec.body.attachment]);
    const retry = await owner.post(`/api/conversations/${id}/calls`, call);
    assert.equal(retry.body.message.id, m.id);
    const items = (await owner.get(`/api/conversations/${id}/messages`)).body.items;
    assert.equal(items.filter((x: any) => x.kind === 'call').length, 1);
    const list = await owner.get('/api/conversations?channel=phone');
    assert.equal(list.body.items.find((c: any) => c.id === id).lastMessagePreview, `[来电 2分5秒] ${call.summary}`);

    const file = await fetch(`${s.url}/api/attachments/${rec.body.attachment.id}`, { headers: { cookie: owner.cookie, range: 'bytes=0-' } });
    assert.equal(file.status, 206);
    assert.equal(file.headers.get('content-type'), 'audio/mpeg');
    assert.match(file.headers.get('content-disposition') ?? '', /^inline; /);
    assert.ok(Buffer.from(await file.arrayBuffer()).equals(MP3));

    // An outbound call without a recording, the number taken from the customer.
    const out = await owner.post(`/api/conversations/${id}/calls`, { clientId: randomUUID(), direction: 'outbound', durationSec: 40 });
    assert.equal(out.status, 201, JSON.stringify(out.body));
    assert.deepEqual(out.body.message.meta, { direction: 'outbound', number: '13700001111', durationSec: 40 });
    assert.deepEqual(out.body.message.attachments, []);
  });

  test('a recording must be audio of this conversation; a chat without a phone needs the number', async () => {
    const { body } = await owner.post('/api/conversations/phone', { number: '13600002222' });
    const id = body.conversation.id;
    const image = await upload(owner, id, PNG, 'image/png', 'x.png');
    const notAudio = await owner.post(`/api/conversations/${id}/calls`, { clientId: randomUUID(), direction: 'inbound', durationSec: 5, recordingId: image.body.attachment.id });
    assert.deepEqual([notAudio.status, notAudio.body.error.code, notAudio.body.error.field], [400, 'recording_not_audio', 'recordingId']);
    const other = (await owner.post('/api/conversations/phone', { number: '13600003333' })).body.conversation.id;
    const elsewhere = await upload(owner, other, MP3, 'audio/mpeg', 'y.mp3');
    const wrong = await owner.post(`/api/conversations/${id}/calls`, { clientId: randomUUID(), direction: 'inbound', durationSec: 5, recordingId: elsewhere.body.attachment.id });
    assert.deepEqual([wrong.status, wrong.body.error.code], [400, 'attachments_invalid']);

    // A web chat: the shopper left no number, so the agent gives it; the shopper never sees the call.
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
    const shopper = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    const chat = (await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: '方便电话联系吗' })).body.message.conversationId;
    const noNumber = await owner.post(`/api/conversations/${chat}/calls`, { clientId: randomUUID(), direction: 'outbound', durationSec: 60 });
    assert.deepEqual([noNumber.status, noNumber.body.error.code], [400, 'phone_invalid']);
    const rec = await upload(owner, chat, MP3, 'audio/mpeg', 'z.mp3');
    const logged = await owner.post(`/api/conversations/${chat}/calls`, { clientId: randomUUID(), direction: 'outbound', number: '135 0000 4444', durationSec: 60, summary: '内部：顾客情绪激动', recordingId: rec.body.attachment.id });
    assert.equal(logged.status, 201, JSON.stringify(logged.body));
    const seen = await shopper.get('/api/widget/v1/messages');
    assert.deepEqual(seen.body.items.map((x: any) => x.kind), ['text']);
    const res = await fetch(`${s.url}/api/widget/v1/attachments/${rec.body.attachment.id}`, { headers: { 'x-visitor-token': session.body.visitorToken } });
    assert.equal(res.status, 404, 'the recording of a logged call is the team’s');
  });

  test('who may log calls, and another account’s conversation is not found', async () => {
    const { body } = await owner.post('/api/conversations/phone', { number: '13500005555' });
    const qa = await makeUser(s.db, accountId, 'qa_inspector');
    const qaClient = await loginAs(s.url, qa.email, qa.password);
    assert.equal((await qaClient.post(`/api/conversations/${body.conversation.id}/calls`, { clientId: randomUUID(), direction: 'inbound', durationSec: 1 })).status, 403);
    const b = await makeAccount(s.db);
    const ownerB = await loginAs(s.url, b.email, b.password);
    const foreign = await ownerB.post(`/api/conversations/${body.conversation.id}/calls`, { clientId: randomUUID(), direction: 'inbound', durationSec: 1 });
    assert.equal(foreign.status, 404);
    // B's own call for the same number is B's own customer.
    const mine = await ownerB.post('/api/conversations/phone', { number: '13500005555' });
    assert.equal(mine.body.created, true);
    assert.notEqual(mine.body.conversation.customer.id, body.conversation.customer.id);
  });
});
