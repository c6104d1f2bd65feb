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

  test('transfer to a team: the agent lets go, the decision is recorded and routing is asked to place it', async () => {
    const conversationId = await newConversation('想改签证的出行日期');
    const a = await agent('吴婷');
    await a.client.post(`/api/conversations/${conversationId}/take`);
    const teamId = `team_${randomUUID().slice(0, 12)}`;
    await s.db.insertInto('teams').values({ id: teamId, account_id: accountId, name: '日韩签证' }).execute();
    const clientId = randomUUID();
    const res = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId, teamId, note: '顾客要改日本签证的日期' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.conversation.teamId, teamId);
    assert.equal(res.body.conversation.teamName, '日韩签证');
    assert.equal(res.body.message.kind, 'note');
    assert.match(res.body.message.body, /吴婷 将会话转给团队 日韩签证：顾客要改日本签证的日期/);

    const decision = await s.db.selectFrom('routing_decisions').selectAll().where('conversation_id', '=', conversationId).where('kind', '=', 'transferred').executeTakeFirstOrThrow();
    assert.equal(decision.account_id, accountId);
    assert.equal(decision.team_id, teamId);
    assert.equal(decision.agent_id, null);
    assert.deepEqual(decision.reason, { by: a.id, note: '顾客要改日本签证的日期' });
    const events = await s.db.selectFrom('outbox').select(['type', 'payload']).where('account_id', '=', accountId).where('type', '=', 'routing.requeue').execute();
    assert.deepEqual(events.filter((e) => (e.payload as any).conversationId === conversationId).map((e) => e.payload), [{ conversationId, teamId }]);

    // The team's nobody is online, so routing leaves it unassigned (or queued) in that team.
    const row = await s.db.selectFrom('conversations').select(['assignee_id', 'team_id', 'auto_assigned', 'preferred_agents']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    assert.deepEqual([row.assignee_id, row.team_id, row.auto_assigned, row.preferred_agents], [null, teamId, false, null]);

    // A retry adds nothing; the same team again while it waits there is refused.
    const retry = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId, teamId, note: '顾客要改日本签证的日期' });
    assert.equal(retry.status, 200);
    assert.equal((await s.db.selectFrom('routing_decisions').select('id').where('conversation_id', '=', conversationId).where('kind', '=', 'transferred').execute()).length, 1);
    const again = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), teamId });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'transfer_same_team');
  });

  test('transfer needs exactly one of a colleague or a team, of this account', async () => {
    const conversationId = await newConversation('发货了吗');
    const a = await agent('郑爽');
    const b = await agent('冯伦');
    await a.client.post(`/api/conversations/${conversationId}/take`);
    const teamId = `team_${randomUUID().slice(0, 12)}`;
    await s.db.insertInto('teams').values({ id: teamId, account_id: accountId, name: `物流组${teamId.slice(-4)}` }).execute();
    const both = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), assigneeId: b.id, teamId });
    assert.equal(both.status, 400);
    assert.equal(both.body.error.code, 'transfer_target_required');
    assert.match(both.body.error.message, /二选一/);
    const neither = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), note: '给谁都行' });
    assert.equal(neither.status, 400);
    assert.equal(neither.body.error.code, 'transfer_target_required');

    const other = await makeAccount(s.db);
    const foreignTeam = `team_${randomUUID().slice(0, 12)}`;
    await s.db.insertInto('teams').values({ id: foreignTeam, account_id: other.accountId, name: '外店团队' }).execute();
    const foreign = await a.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), teamId: foreignTeam });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'not_found');
    assert.match(foreign.body.error.message, /团队/);
    // Nothing moved: still 郑爽's, no note, no decision.
    const row = await s.db.selectFrom('conversations').select(['assignee_id', 'team_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    assert.deepEqual([row.assignee_id, row.team_id], [a.id, null]);
    assert.equal((await s.db.selectFrom('routing_decisions').select('id').where('conversation_id', '=', conversationId).where('kind', '=', 'transferred').execute()).length, 0);

    // Another agent may not send 郑爽's conversation to a team either; a team lead may.
    const notYours = await b.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), teamId });
    assert.equal(notYours.status, 403);
    assert.equal(notYours.body.error.code, 'transfer_not_yours');
    const lead = await agent('组长小何', 'team_lead');
    const moved = await lead.client.post(`/api/conversations/${conversationId}/transfer`, { clientId: randomUUID(), teamId });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.conversation.assignee, null);
  });
});
