import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId } from '../../../../test/factories.ts';
import { openWidgetSocket } from '../../../../test/nodes.ts';

describe(`read state both ways (${testStore})`, () => {
  let s: TestServer;
  let inboxId: string;

  const session = async () => {
    const res = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { visitorToken: string };
  };
  const widget = (token: string) => new TestClient(s.url, 'zh-CN', undefined, token);

  before(async () => {
    s = await startTestServer();
    const accountId = await firstAccountId(s.db);
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await s.close();
  });

  test('the shopper reading a reply shows 已读 to the agents; the agents reading shows 已读 in the widget', async () => {
    const v = await session();
    const shopper = widget(v.visitorToken);
    const sent = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: '这件T恤有XL吗？' });
    const conversationId = sent.body.message.conversationId;
    const owner = await loginAs(s.url);
    const reply = await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '有的，XL还有库存' });
    assert.equal((await owner.get(`/api/conversations/${conversationId}`)).body.conversation.customerLastReadId, '0');

    // The widget socket hears the agents' reading as it happens.
    const sock = await openWidgetSocket(s.url, v.visitorToken, '0');
    const ready = await sock.waitFor((f) => f.type === 'ready');
    assert.equal(ready.agentReadUpTo, '0');
    await owner.post(`/api/conversations/${conversationId}/read`, { upTo: sent.body.message.id });
    const read = await sock.waitFor((f) => f.type === 'read');
    assert.equal(read.agentReadUpTo, sent.body.message.id);

    // The shopper reads the reply over the socket; the workspace sees it on the conversation.
    sock.ws.send(JSON.stringify({ type: 'read', upTo: reply.body.message.id }));
    let seen = '0';
    for (let i = 0; i < 50 && seen !== reply.body.message.id; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = (await owner.get(`/api/conversations/${conversationId}`)).body.conversation.customerLastReadId;
    }
    assert.equal(seen, reply.body.message.id);
    sock.close();

    // Reading never goes backwards, and the REST form answers how far the agents have read.
    const back = await shopper.post('/api/widget/v1/read', { upTo: '1' });
    assert.equal(back.status, 200);
    assert.equal(back.body.agentReadUpTo, sent.body.message.id);
    assert.equal((await owner.get(`/api/conversations/${conversationId}`)).body.conversation.customerLastReadId, reply.body.message.id);
  });

  test('a message id from someone else’s conversation marks nothing', async () => {
    const a = await session();
    const b = await session();
    const sentA = await widget(a.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body: '我是A' });
    const sentB = await widget(b.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body: '我是B' });
    const owner = await loginAs(s.url);
    const replyA = await owner.post(`/api/conversations/${sentA.body.message.conversationId}/messages`, { clientId: randomUUID(), body: '回复A' });
    const res = await widget(b.visitorToken).post('/api/widget/v1/read', { upTo: replyA.body.message.id });
    assert.equal(res.status, 200);
    assert.equal((await owner.get(`/api/conversations/${sentB.body.message.conversationId}`)).body.conversation.customerLastReadId, '0');
    assert.equal((await owner.get(`/api/conversations/${sentA.body.message.conversationId}`)).body.conversation.customerLastReadId, '0');
    const bad = await widget(b.visitorToken).post('/api/widget/v1/read', { upTo: 'abc' });
    assert.equal(bad.status, 400);
    const anon = await new TestClient(s.url).post('/api/widget/v1/read', { upTo: '1' });
    assert.equal(anon.status, 401);
  });
});
