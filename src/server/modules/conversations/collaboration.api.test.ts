import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { openSocket } from '../../../../test/nodes.ts';

describe(`colleagues, transfers and @mentions (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let inboxId: string;

  const newConversation = async (text = '我想退货') => {
    const v = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId });
    const sent = await new TestClient(s.url, 'zh-CN', undefined, v.body.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body: text });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    return sent.body.message.conversationId as string;
  };
  const agent = async (name: string, role: 'agent' | 'team_lead' | 'qa_inspector' = 'agent') => {
    const made = await makeUser(s.db, accountId, role, { name });
    return { id: made.user.id, client: await loginAs(s.url, made.email, made.password) };
  };

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await s.close();
  });

  test('an agent sees their colleagues, and no one from another account', async () => {
    const me = await agent('王芳');
    const other = await makeAccount(s.db);
    await makeUser(s.db, other.accountId, 'agent', { name: '外店客服' });
    const res = await me.client.get('/api/colleagues');
    assert.equal(res.status, 200);
    const names = res.body.items.map((c: any) => c.name);
    assert.ok(names.includes('王芳'));
    assert.ok(!names.includes('外店客服'));
    assert.equal(res.body.items.find((c: any) => c.name === '王芳').online, true);
  });

  test('transfer with a note: the colleague gets the conversation and is told; the shopper never sees the note', async () => {
    const conversationId = await newConversation('我想换个尺码');
    const a = await agent('李雷');
    const b = await agent('韩梅梅');
    await a.client.post(`/api/conversations/${conversationId}/take`);
    const bSock = await openSocket(s.url, b.client.cookie);
    await bSock.waitFor((f) => f.type === 'ready');
    const clientId = randomUUID();
    const res = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId, assigneeId: b.id, note: '顾客要换L码，已确认有货' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.conversation.assignee.id, b.id);
    assert.equal(res.body.message.kind, 'note');
    assert.match(res.body.message.body, /李雷 将会话转接给 韩梅梅：顾客要换L码/);
    const ping = await bSock.waitFor((f) => f.type === 'event' && f.event === 'mention.created');
    assert.equal(ping.data.conversationId, conversationId);
    assert.equal(ping.data.transfer, true);
    bSock.close();
    const mentions = await b.client.get('/api/mentions');
    assert.equal(mentions.body.unread, 1);
    assert.equal(mentions.body.items[0].conversationId, conversationId);

    // Now it is 韩梅梅's: 李雷 can no longer move it, a team lead can (dispatchers use 分配).
    const again = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), assigneeId: a.id });
    assert.equal(again.status, 403);
    assert.equal(again.body.error.code, 'transfer_not_yours');
    const lead = await agent('组长小周', 'team_lead');
    const moved = await lead.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), assigneeId: a.id, note: '韩梅梅下班了' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    // A QA inspector may read but not move conversations.
    const qa = await agent('质检小吴', 'qa_inspector');
    assert.equal((await qa.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), assigneeId: b.id })).status, 403);

    const visitorView = await s.db.selectFrom('messages').select(['kind', 'body']).where('conversation_id', '=', conversationId).where('kind', '=', 'note').execute();
    assert.equal(visitorView.length, 2, 'the two transfer notes are stored as internal notes');
  });

  test('transfer refuses a stranger, the same assignee, and a retry adds the note once', async () => {
    const conversationId = await newConversation();
    const a = await agent('赵强');
    const b = await agent('钱敏');
    await a.client.post(`/api/conversations/${conversationId}/take`);
    const other = await makeAccount(s.db);
    const stranger = await makeUser(s.db, other.accountId, 'agent');
    const bad = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), assigneeId: stranger.user.id });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'member_invalid');
    const same = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), assigneeId: a.id });
    assert.equal(same.body.error.code, 'transfer_same');
    const clientId = randomUUID();
    const first = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId, assigneeId: b.id, note: '请跟进' });
    assert.equal(first.status, 200);
    const notes = await s.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('kind', '=', 'note').execute();
    assert.equal(notes.length, 1);
  });

  test('@mentions in a note reach the colleague; mentions outside notes and of strangers are refused', async () => {
    const conversationId = await newConversation('发票怎么开？');
    const a = await agent('孙丽');
    const b = await agent('周杰');
    const note = await a.client.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '@周杰 这位顾客要开专票，你熟悉流程', private: true, mentions: [b.id] });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    let list: any;
    for (let i = 0; i < 50; i++) {
      list = (await b.client.get('/api/mentions')).body;
      // The note's mention is written by an after-commit handler: wait until it is listed.
      if (list.items.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(list.unread, 1);
    assert.equal(list.items[0].by, '孙丽');
    assert.match(list.items[0].excerpt, /专票/);
    const read = await b.client.post('/api/mentions/read', { conversationId });
    assert.equal(read.body.updated, 1);
    assert.equal((await b.client.get('/api/mentions')).body.unread, 0);
    assert.equal((await b.client.get('/api/mentions?unread=false')).body.items.length, 1);
    // a's own mentions list is untouched by b's
    assert.equal((await a.client.get('/api/mentions')).body.unread, 0);

    const publicMention = await a.client.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '@周杰', mentions: [b.id] });
    assert.equal(publicMention.status, 400);
    assert.equal(publicMention.body.error.code, 'mentions_need_note');
    const strangerMention = await a.client.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '@谁', private: true, mentions: ['usr_nobody'] });
    assert.equal(strangerMention.status, 400);
    assert.equal(strangerMention.body.error.code, 'member_invalid');
  });
});
