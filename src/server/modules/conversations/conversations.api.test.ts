import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { openSocket, openWidgetSocket } from '../../../../test/nodes.ts';
import { signCustomerId } from './index.ts';

describe(`conversations: widget and workspace (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let inbox: { id: string; identity_secret: string };
  // Real time, which the identity test moves ahead to replay a signature after its expiry.
  let ahead = 0;
  const clock = { now: () => new Date(Date.now() + ahead) };
  const unix = () => Math.floor(clock.now().getTime() / 1000);
  /** What the shop's server puts on its page: the customer id, an expiry and the signature over both. */
  const signed = (customerId: string, expiresAt = unix() + 3600) => ({ customerId, expiresAt, signature: signCustomerId(inbox.identity_secret, customerId, expiresAt) });
  const refusedIdentity = (identity: Record<string, unknown>, locale = 'zh-CN') => new TestClient(s.url, locale).post('/api/widget/v1/sessions', { inboxId: inbox.id, identity });

  const widget = (token?: string) => new TestClient(s.url, 'zh-CN', undefined, token);
  const session = async (body: Record<string, unknown> = {}) => {
    const res = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id, ...body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    inbox = await s.db.selectFrom('inboxes').select(['id', 'identity_secret']).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  });
  after(async () => { await s.close(); });

  test('a visitor keeps one identity across visits; an unknown inbox is refused', async () => {
    const first = await session({ entry: { productId: 'SKU-1', pageUrl: 'https://shop.test/p/1' } });
    assert.match(first.visitorToken, /^svt_/);
    assert.equal(first.inbox.greeting.length > 0, true);
    const again = await session({ visitorToken: first.visitorToken });
    assert.equal(again.visitor.id, first.visitor.id);
    const bad = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: 'inb_nope' });
    assert.equal(bad.status, 404);
    assert.equal(bad.body.error.code, 'inbox_not_found');
  });

  test('a signed shop identity links the chat to that customer; a forged one is refused', async () => {
    const forged = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id, identity: { ...signed('shop-42'), name: '张伟', signature: 'a'.repeat(64) } });
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error.code, 'identity_invalid');
    const identity = signed('shop-42');
    const a = await session({ identity: { ...identity, name: '张伟' } });
    assert.equal(a.visitor.name, '张伟');
    const b = await session({ identity });
    const customers = await s.db.selectFrom('customer_identities').select('customer_id').where('account_id', '=', accountId).where('value', '=', 'shop-42').execute();
    assert.equal(customers.length, 1);
    assert.notEqual(a.visitor.id, b.visitor.id);
  });

  test('a signed identity expires: replayed after its expiry, with its expiry changed, signed the old way or for too long, it is refused and says why', async () => {
    const visitorsOf = async (customerId: string) => (await s.db.selectFrom('visitors').innerJoin('customer_identities', 'customer_identities.customer_id', 'visitors.customer_id').select('visitors.id').where('customer_identities.account_id', '=', accountId).where('customer_identities.value', '=', customerId).execute()).length;
    const captured = signed('shop-77', unix() + 10 * 60);
    const fresh = await session({ identity: { ...captured, name: '王芳' } });
    assert.equal(fresh.visitor.name, '王芳');
    assert.equal(await visitorsOf('shop-77'), 1);

    // The page's signature copied and replayed eleven minutes later: expired, and nothing is made of it.
    ahead = 11 * 60_000;
    try {
      const replayed = await refusedIdentity(captured);
      assert.equal(replayed.status, 403, JSON.stringify(replayed.body));
      assert.equal(replayed.body.error.code, 'identity_expired');
      assert.equal(replayed.body.error.field, 'identity.expiresAt');
      assert.match(replayed.body.error.message, /已过期/);
      assert.equal(await visitorsOf('shop-77'), 1, 'the replay made no visitor');
      // The browser the identity signed in keeps its customer by its visitor token alone.
      const resumed = await session({ visitorToken: fresh.visitorToken });
      assert.equal(resumed.visitor.id, fresh.visitor.id);
      assert.equal(resumed.visitor.name, '王芳');
    } finally {
      ahead = 0;
    }

    // The captured signature with its expiry pushed a day later: the signature covers the expiry, so it no longer matches.
    const tampered = await refusedIdentity({ ...captured, expiresAt: captured.expiresAt + 86_400 });
    assert.equal(tampered.status, 403);
    assert.equal(tampered.body.error.code, 'identity_invalid');
    assert.equal(tampered.body.error.field, 'identity.signature');

    // Signed the old way, over the customer id alone: refused, and told how to sign now (in the caller's language).
    const oldSignature = createHmac('sha256', inbox.identity_secret).update('shop-77').digest('hex');
    const legacy = await refusedIdentity({ customerId: 'shop-77', signature: oldSignature }, 'en');
    assert.equal(legacy.status, 400);
    assert.equal(legacy.body.error.code, 'identity_expiry_missing');
    assert.equal(legacy.body.error.field, 'identity.expiresAt');
    assert.match(legacy.body.error.message, /expiresAt.*"<customerId>\.<expiresAt>"/);
    // The same old signature with an expiry put beside it: the signature does not cover the expiry.
    assert.equal((await refusedIdentity({ customerId: 'shop-77', expiresAt: unix() + 3600, signature: oldSignature })).body.error.code, 'identity_invalid');

    // A well-signed identity that lives longer than seven days is the long-lived credential being removed.
    const tooLong = await refusedIdentity(signed('shop-77', unix() + 8 * 86_400));
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.error.code, 'identity_expiry_too_far');
    assert.match(tooLong.body.error.message, /7 天/);
    assert.equal(await visitorsOf('shop-77'), 1, 'no refused identity made a visitor');
  });

  test('a retried send stores one message; the agent answers; notes stay internal', async () => {
    const v = await session({ entry: { productName: '玻尿酸保湿面霜', pageUrl: 'https://shop.test/p/2' } });
    const shopper = widget(v.visitorToken);
    const clientId = randomUUID();
    const sent = await shopper.post('/api/widget/v1/messages', { clientId, body: '你好，这款面霜适合敏感肌吗？' });
    assert.equal(sent.status, 200);
    assert.equal(sent.body.duplicate, false);
    const retry = await shopper.post('/api/widget/v1/messages', { clientId, body: '你好，这款面霜适合敏感肌吗？' });
    assert.equal(retry.body.duplicate, true);
    assert.equal(retry.body.message.id, sent.body.message.id);
    const conversationId = sent.body.message.conversationId;

    const owner = await loginAs(s.url);
    const list = await owner.get('/api/conversations?view=unassigned');
    const summary = list.body.items.find((c: any) => c.id === conversationId);
    assert.ok(summary, 'the new conversation is in the unassigned view');
    assert.equal(summary.unreadCount, 1);
    assert.equal(summary.entry.productName, '玻尿酸保湿面霜');
    assert.equal(summary.lastMessagePreview, '你好，这款面霜适合敏感肌吗？');

    const { user: agent, email, password } = await makeUser(s.db, accountId, 'agent', { specialisation: 'pre_sale' });
    await s.db.updateTable('users').set({ nickname: '小美' }).where('id', '=', agent.id).execute();
    const agentClient = await loginAs(s.url, email, password);
    assert.equal((await agentClient.post(`/api/conversations/${conversationId}/take`)).body.conversation.assignee.id, agent.id);
    const replyId = randomUUID();
    const reply = await agentClient.post(`/api/conversations/${conversationId}/messages`, { clientId: replyId, body: '您好，适合的，这款无香精无酒精。' });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.message.sender.name, '小美');
    await agentClient.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '顾客问过两次敏感肌，注意跟进', private: true });

    const seen = await shopper.get(`/api/widget/v1/messages?after=${sent.body.message.id}`);
    assert.deepEqual(seen.body.items.map((m: any) => m.body), ['您好，适合的，这款无香精无酒精。']);
    const all = await agentClient.get(`/api/conversations/${conversationId}/messages`);
    assert.deepEqual(all.body.items.map((m: any) => m.kind), ['text', 'text', 'note']);

    const mine = await agentClient.get('/api/conversations?view=mine');
    assert.ok(mine.body.items.some((c: any) => c.id === conversationId));
    assert.equal(mine.body.counts.mine >= 1, true);
    assert.equal((await agentClient.post(`/api/conversations/${conversationId}/read`, { upTo: sent.body.message.id })).status, 204);
    const after = await agentClient.get(`/api/conversations/${conversationId}`);
    assert.equal(after.body.conversation.unreadCount, 0);
  });

  test('agents take conversations themselves; only leads and dispatchers assign others', async () => {
    const v = await session();
    const sent = await widget(v.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body: '在吗' });
    const id = sent.body.message.conversationId;
    const a = await makeUser(s.db, accountId, 'agent');
    const b = await makeUser(s.db, accountId, 'agent');
    const agentA = await loginAs(s.url, a.email, a.password);
    const other = await agentA.post(`/api/conversations/${id}/assign`, { assigneeId: b.user.id });
    assert.equal(other.status, 403);
    const d = await makeUser(s.db, accountId, 'dispatcher');
    const dispatcher = await loginAs(s.url, d.email, d.password);
    assert.equal((await dispatcher.post(`/api/conversations/${id}/assign`, { assigneeId: b.user.id })).body.conversation.assignee.id, b.user.id);
    assert.equal((await dispatcher.post(`/api/conversations/${id}/messages`, { clientId: randomUUID(), body: 'x' })).status, 403);
    const ops = await makeUser(s.db, accountId, 'operations');
    assert.equal((await (await loginAs(s.url, ops.email, ops.password)).get('/api/conversations')).status, 403);
    assert.equal((await agentA.post(`/api/conversations/${id}/resolve`)).body.conversation.status, 'resolved');
    // The shopper writes again: a new thread opens, the resolved one stays resolved.
    const again = await widget(v.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body: '还有个问题' });
    assert.notEqual(again.body.message.conversationId, id);
  });

  test('the widget socket acknowledges only stored messages, streams replies, and resumes after a drop', async () => {
    const v = await session();
    const early = randomUUID();
    const sock = await openWidgetSocket(s.url, v.visitorToken, undefined, [{ type: 'message.send', clientId: early, body: '连上就发的第一句' }]);
    const ack = await sock.waitFor((f) => f.type === 'ack' && f.clientId === early);
    const conversationId = ack.message.conversationId;
    const owner = await loginAs(s.url);
    const agentSock = await openSocket(s.url, owner.cookie);
    await agentSock.waitFor((f) => f.type === 'ready');
    await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '您好，我是客服' });
    await sock.waitFor((f) => f.type === 'message' && f.message.body === '您好，我是客服');
    const lastSeen = ack.message.id;
    sock.close();

    // While the shopper is offline the agent says two things; a reconnect with after= gets both, once.
    await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '第一条' });
    await owner.post(`/api/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '第二条' });
    const back = await openWidgetSocket(s.url, v.visitorToken, lastSeen);
    await back.waitFor((f) => f.type === 'ready');
    const replayed = back.events.filter((f) => f.type === 'message').map((f) => f.message.body);
    assert.deepEqual(replayed, ['您好，我是客服', '第一条', '第二条']);
    // A resend of the early message (its ack was lost) does not double it.
    back.ws.send(JSON.stringify({ type: 'message.send', clientId: early, body: '连上就发的第一句' }));
    const reAck = await back.waitFor((f) => f.type === 'ack' && f.clientId === early);
    assert.equal(reAck.message.id, ack.message.id);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(agentSock.events.filter((f) => f.type === 'event' && f.data?.message?.body === '连上就发的第一句').length, 0, 'a duplicate announces nothing');
    const all = await owner.get(`/api/conversations/${conversationId}/messages`);
    assert.equal(all.body.items.filter((m: any) => m.body === '连上就发的第一句').length, 1);
    back.close();
    agentSock.close();
  });

  test('typing shows both ways: the shopper sees the agent’s nickname, the workspace sees the shopper', async () => {
    const v = await session();
    const shopper = await openWidgetSocket(s.url, v.visitorToken, '0', [{ type: 'message.send', clientId: randomUUID(), body: '请问有货吗' }]);
    const ack = await shopper.waitFor((f) => f.type === 'ack');
    const { user, email, password } = await makeUser(s.db, accountId, 'agent');
    await s.db.updateTable('users').set({ nickname: '小樱' }).where('id', '=', user.id).execute();
    const agent = await loginAs(s.url, email, password);
    const agentSock = await openSocket(s.url, agent.cookie);
    await agentSock.waitFor((f) => f.type === 'ready');
    agentSock.ws.send(JSON.stringify({ type: 'typing', conversationId: ack.message.conversationId, on: true }));
    const typing = await shopper.waitFor((f) => f.type === 'typing');
    assert.deepEqual({ on: typing.on, name: typing.name }, { on: true, name: '小樱' });
    shopper.ws.send(JSON.stringify({ type: 'typing', on: true }));
    const seen = await agentSock.waitFor((f) => f.type === 'event' && f.event === 'conversation.typing');
    assert.equal(seen.data.conversationId, ack.message.conversationId);
    // Another account's conversation id gets nothing through.
    agentSock.ws.send(JSON.stringify({ type: 'typing', conversationId: 'cnv_someone_elses', on: true }));
    assert.equal((await agentSock.waitFor((f) => f.type === 'error')).code, 'not_found');
    shopper.close();
    agentSock.close();
  });

  test('answering an unassigned conversation takes it; a note does not', async () => {
    const v = await session();
    const sent = await widget(v.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body: '有人吗' });
    const id = sent.body.message.conversationId;
    const { user, email, password } = await makeUser(s.db, accountId, 'agent');
    const agent = await loginAs(s.url, email, password);
    await agent.post(`/api/conversations/${id}/messages`, { clientId: randomUUID(), body: '先记一下', private: true });
    assert.equal((await agent.get(`/api/conversations/${id}`)).body.conversation.assignee, null);
    await agent.post(`/api/conversations/${id}/messages`, { clientId: randomUUID(), body: '在的，您请说' });
    assert.equal((await agent.get(`/api/conversations/${id}`)).body.conversation.assignee.id, user.id);
    const other = await makeUser(s.db, accountId, 'agent');
    const second = await loginAs(s.url, other.email, other.password);
    await second.post(`/api/conversations/${id}/messages`, { clientId: randomUUID(), body: '我来补充一句' });
    assert.equal((await agent.get(`/api/conversations/${id}`)).body.conversation.assignee.id, user.id, 'an assigned conversation keeps its agent');
  });

  test('a flood from one visitor is slowed down', async () => {
    const v = await session();
    const shopper = widget(v.visitorToken);
    let limited = 0;
    for (let i = 0; i < 24; i++) {
      const r = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: `消息${i}` });
      if (r.status === 429) limited++;
    }
    assert.ok(limited >= 3, `limited ${limited}`);
  });

  test('a bad visitor token and a plain GET on the socket get clear errors', async () => {
    const r = await widget('svt_forged').get('/api/widget/v1/messages');
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'visitor_unknown');
    const plain = await fetch(`${s.url}/api/widget/v1/socket`);
    assert.equal(plain.status, 426);
  });

  test('我的团队: the conversations of my teams and every team under them, never another account’s', async () => {
    const team = async (account: string, name: string, parentId: string | null = null) => {
      const id = `team_${randomUUID().slice(0, 12)}`;
      await s.db.insertInto('teams').values({ id, account_id: account, parent_id: parentId, name }).execute();
      return id;
    };
    const member = (account: string, teamId: string, userId: string) => s.db.insertInto('team_members').values({ account_id: account, team_id: teamId, user_id: userId }).execute();
    const conversationIn = async (teamId: string | null, text: string) => {
      const v = await session();
      const sent = await widget(v.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body: text });
      const id = sent.body.message.conversationId as string;
      await s.db.updateTable('conversations').set({ team_id: teamId, priority: teamId ? 2 : 1 }).where('id', '=', id).execute();
      return id;
    };
    // 签证 → 日韩签证 → 日本签证; 欧洲签证 beside it; 售后 elsewhere.
    const visa = await team(accountId, '签证');
    const jpkr = await team(accountId, '日韩签证', visa);
    const japan = await team(accountId, '日本签证', jpkr);
    const europe = await team(accountId, '欧洲签证', visa);
    const aftersale = await team(accountId, '售后');
    const lead = await makeUser(s.db, accountId, 'agent', { name: '签证组长' });
    const juniorUser = await makeUser(s.db, accountId, 'agent', { name: '日韩客服' });
    await member(accountId, visa, lead.user.id);
    await member(accountId, jpkr, juniorUser.user.id);
    const inVisa = await conversationIn(visa, '签证需要什么材料？');
    const inJapan = await conversationIn(japan, '日本签证多久出签？');
    const inEurope = await conversationIn(europe, '申根签证能加急吗？');
    const inAftersale = await conversationIn(aftersale, '退款什么时候到？');
    const nowhere = await conversationIn(null, '随便问问');
    await s.db.updateTable('conversations').set({ routing_state: 'queued', queued_at: new Date() }).where('id', '=', inJapan).execute();

    // Another shop with its own team and member: it never counts here, nor ours there.
    const other = await makeAccount(s.db);
    const otherTeam = await team(other.accountId, '签证');
    await member(other.accountId, otherTeam, other.owner.id);

    const leadClient = await loginAs(s.url, lead.email, lead.password);
    const res = await leadClient.get('/api/conversations?view=team');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const ids = res.body.items.map((c: any) => c.id);
    assert.deepEqual(new Set(ids), new Set([inVisa, inJapan, inEurope]));
    assert.ok(!ids.includes(inAftersale) && !ids.includes(nowhere));
    assert.deepEqual(new Set(res.body.teamIds), new Set([visa, jpkr, japan, europe]));
    assert.equal(res.body.counts.team, 3);
    const japanRow = res.body.items.find((c: any) => c.id === inJapan);
    assert.equal(japanRow.teamId, japan);
    assert.equal(japanRow.teamName, '日本签证');
    assert.equal(japanRow.routingState, 'queued');
    assert.equal(japanRow.priority, 2);
    const plain = (await leadClient.get(`/api/conversations/${nowhere}`)).body.conversation;
    assert.deepEqual([plain.teamId, plain.teamName, plain.routingState, plain.priority], [null, null, null, 1]);

    // A member of the middle team sees it and what is under it, not the teams above or beside.
    const junior = await loginAs(s.url, juniorUser.email, juniorUser.password);
    const mine = await junior.get('/api/conversations?view=team');
    assert.deepEqual(mine.body.items.map((c: any) => c.id), [inJapan]);
    assert.equal(mine.body.counts.team, 1);
    assert.equal(mine.body.statusCounts.open, 1);

    // The owner belongs to no team: an empty view, not an error.
    const owner = await loginAs(s.url);
    const none = await owner.get('/api/conversations?view=team');
    assert.equal(none.status, 200);
    assert.deepEqual([none.body.items.length, none.body.counts.team, none.body.teamIds.length], [0, 0, 0]);
    const theirs = await loginAs(s.url, other.email, other.password);
    const there = await theirs.get('/api/conversations?view=team');
    assert.deepEqual([there.body.items.length, there.body.counts.team, there.body.teamIds], [0, 0, [otherTeam]]);
  });

  test('the widget hears its place in the queue: on connect, and as routing publishes it', async () => {
    const v = await session();
    const sent = await widget(v.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body: '有人在吗？' });
    const conversationId = sent.body.message.conversationId as string;
    const teamId = `team_${randomUUID().slice(0, 12)}`;
    await s.db.insertInto('teams').values({ id: teamId, account_id: accountId, name: `排队组${teamId.slice(-4)}` }).execute();
    await s.db.updateTable('conversations').set({ team_id: teamId, routing_state: 'queued', queued_at: new Date() }).where('id', '=', conversationId).execute();
    const sock = await openWidgetSocket(s.url, v.visitorToken);
    const ready = await sock.waitFor((f) => f.type === 'ready');
    assert.equal(ready.conversationId, conversationId);
    assert.equal(ready.queue.position, 1);
    s.server.realtime.publish({ accountId, channel: `conversation:${conversationId}`, event: 'queue', data: { position: null, etaSeconds: null } });
    const left = await sock.waitFor((f) => f.type === 'queue' && f.position === null);
    assert.deepEqual(left, { type: 'queue', position: null, etaSeconds: null });
    sock.close();
    // Nothing queued: the hello says so.
    const fresh = await session();
    const quiet = await openWidgetSocket(s.url, fresh.visitorToken);
    assert.equal((await quiet.waitFor((f) => f.type === 'ready')).queue, null);
    quiet.close();
  });
});
