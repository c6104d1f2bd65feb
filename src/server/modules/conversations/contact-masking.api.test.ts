import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { loginAs, openTestDatabase, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { openSocket, openWidgetSocket, type SocketClient } from '../../../../test/nodes.ts';
import { loadMigrations, migrate } from '../../db/migrator.ts';
import { newId } from '../../platform/ids.ts';
import { ensureDefaultInbox } from './index.ts';

const SHOP = 'service@huayang.test';

/** A plain mail as a relay hands it over; a sender without a display name is known by the address alone. */
function rawMail(opts: { from: string; subject: string; body: string; cc?: string; replyTo?: string }): string {
  return [
    `From: <${opts.from}>`,
    `To: ${SHOP}`,
    ...(opts.cc ? [`Cc: ${opts.cc}`] : []),
    ...(opts.replyTo ? [`Reply-To: ${opts.replyTo}`] : []),
    `Subject: =?UTF-8?B?${Buffer.from(opts.subject).toString('base64')}?=`,
    `Message-ID: <${randomUUID()}@mail.example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(opts.body).toString('base64'),
    '',
  ].join('\r\n');
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`customers' contacts in messages, masked for roles without customers.contact.read (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let owner: TestClient;
  let admin: TestClient;
  let agent: TestClient;
  let lead: { client: TestClient; userId: string };
  let emailInbox: { id: string; inboundKey: string };
  let webInboxId: string;
  const mail = { conversationId: '', messageId: '' };
  const left = { conversationId: '', messageId: '', visitorToken: '' };
  const LEFT_TEXT = '晚上八点后请联系我，想问面霜的保质期。';

  const receive = async (raw: string) => {
    const res = await fetch(`${s.url}/api/channels/email/${emailInbox.id}/inbound`, { method: 'POST', headers: { 'content-type': 'message/rfc822', 'x-shopdesk-inbound-key': emailInbox.inboundKey }, body: raw });
    const body = (await res.json()) as any;
    assert.equal(res.status, 200, JSON.stringify(body));
    return { conversationId: body.conversationId as string, messageId: body.messageId as string };
  };
  const shopper = async () => {
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: webInboxId });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    return new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
  };
  const leaveMessage = async (client: TestClient, name: string, contact: string, body: string) => {
    const res = await client.post('/api/widget/v1/leave-message', { clientId: randomUUID(), name, contact, body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.message;
  };
  const messageOf = async (client: TestClient, conversationId: string, id: string) => {
    const res = await client.get(`/api/conversations/${conversationId}/messages`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items.find((m: any) => m.id === id);
  };
  const search = async (client: TestClient, q: string) => {
    const res = await client.get(`/api/conversations/search?q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const signIn = async (role: 'admin' | 'agent' | 'team_lead') => {
    const u = await makeUser(s.db, accountId, role);
    return { client: await loginAs(s.url, u.email, u.password), userId: u.user.id };
  };
  const createdFrame = (sock: SocketClient, messageId: string) => sock.waitFor((f) => f.type === 'event' && f.event === 'message.created' && f.data.message.id === messageId);

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    admin = (await signIn('admin')).client;
    agent = (await signIn('agent')).client;
    lead = await signIn('team_lead');
    const created = await owner.post('/api/channels/email/inboxes', { name: '邮件客服', address: SHOP });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    emailInbox = { id: created.body.inbox.id, inboundKey: created.body.settings.inboundKey };
    webInboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow()).id;

    Object.assign(mail, await receive(rawMail({ from: 'li.na@example.com', cc: 'wang.fang@example.com', replyTo: 'li.na.work@example.com', subject: '发票抬头', body: '请帮我开发票，抬头写公司名。' })));
    const client = await shopper();
    left.visitorToken = client.visitorToken!;
    const message = await leaveMessage(client, '王女士', '138 0013 8000', LEFT_TEXT);
    Object.assign(left, { conversationId: message.conversationId, messageId: message.id });
    await s.server.dispatcher!.drain();
  });
  after(async () => {
    await s?.close();
  });

  test('an email’s addresses: masked for an agent in the messages API, whole for the owner and an admin', async () => {
    const masked = await messageOf(agent, mail.conversationId, mail.messageId);
    assert.equal(masked.meta.from, 'l***@example.com');
    assert.deepEqual(masked.meta.to, ['s***@huayang.test']);
    assert.deepEqual(masked.meta.cc, ['w***@example.com']);
    assert.equal(masked.meta.replyTo, 'l***@example.com');
    assert.equal(masked.sender.name, 'l***@example.com', 'a sender known by the address alone');
    assert.equal(masked.meta.subject, '发票抬头');
    assert.equal(masked.body, '请帮我开发票，抬头写公司名。', 'the customer’s words are not touched');
    assert.doesNotMatch(JSON.stringify(masked), /li\.na|wang\.fang/);

    for (const client of [owner, admin]) {
      const full = await messageOf(client, mail.conversationId, mail.messageId);
      assert.equal(full.meta.from, 'li.na@example.com');
      assert.deepEqual(full.meta.to, [SHOP]);
      assert.deepEqual(full.meta.cc, ['wang.fang@example.com']);
      assert.equal(full.meta.replyTo, 'li.na.work@example.com');
      assert.equal(full.sender.name, 'li.na@example.com');
    }
  });

  test('留言: the text is the shopper’s words; the name and contact are kept apart, the contact masked for an agent', async () => {
    const masked = await messageOf(agent, left.conversationId, left.messageId);
    assert.equal(masked.body, LEFT_TEXT);
    assert.deepEqual(masked.meta.leaveMessage, { name: '王女士', phone: '138****8000' });
    assert.doesNotMatch(JSON.stringify(masked), /0013|13800138000/);
    const full = await messageOf(owner, left.conversationId, left.messageId);
    assert.equal(full.body, LEFT_TEXT);
    assert.deepEqual(full.meta.leaveMessage, { name: '王女士', phone: '138 0013 8000' });

    // The conversation list says it is a left message, with nothing of the contact, for every role.
    const listed = (await agent.get(`/api/conversations/${left.conversationId}`)).body.conversation;
    assert.equal(listed.lastMessagePreview, `【留言】${LEFT_TEXT}`);

    // An email address left in the form is masked like one.
    const byMail = await leaveMessage(await shopper(), '李先生', 'li.xs@example.com', '请把发票寄到邮箱');
    assert.deepEqual((await messageOf(agent, byMail.conversationId, byMail.id)).meta.leaveMessage, { name: '李先生', email: 'l***@example.com' });
    assert.deepEqual((await messageOf(owner, byMail.conversationId, byMail.id)).meta.leaveMessage, { name: '李先生', email: 'li.xs@example.com' });
  });

  test('search: an agent finds the messages with their senders masked and no contact in the text; the owner sees the sender whole', async () => {
    const forAgent = (await search(agent, '发票抬头')).messages.find((m: any) => m.message.id === mail.messageId);
    assert.ok(forAgent, 'the email is found');
    assert.equal(forAgent.message.senderName, 'l***@example.com');
    const forOwner = (await search(owner, '发票抬头')).messages.find((m: any) => m.message.id === mail.messageId);
    assert.equal(forOwner.message.senderName, 'li.na@example.com');

    for (const client of [agent, owner]) {
      const hit = (await search(client, '保质期')).messages.find((m: any) => m.message.id === left.messageId);
      assert.ok(hit, 'the left message is found by its words');
      assert.equal(hit.message.senderName, '王女士');
      assert.doesNotMatch(hit.snippet, /0013|138/);
    }
    // The contact is not among the words a message is found by.
    assert.deepEqual((await search(agent, '13800138000')).messages.map((m: any) => m.message.id), []);
  });

  test('workspace sockets: each member hears a new message with the contacts as their role may see them', async () => {
    const agentSock = await openSocket(s.url, agent.cookie);
    const ownerSock = await openSocket(s.url, owner.cookie);
    const leadSock = await openSocket(s.url, lead.client.cookie);
    try {
      await Promise.all([agentSock, ownerSock, leadSock].map((sock) => sock.waitFor((f) => f.type === 'ready')));
      const second = await receive(rawMail({ from: 'li.na@example.com', cc: 'wang.fang@example.com', subject: 'Re: 发票抬头', body: '公司名是花漾贸易。' }));
      const leftAgain = await leaveMessage(await shopper(), '赵小姐', '13912345678', '明天再联系我');

      const [a, o, l] = await Promise.all([agentSock, ownerSock, leadSock].map((sock) => createdFrame(sock, second.messageId)));
      assert.equal(a.data.message.meta.from, 'l***@example.com');
      assert.deepEqual(a.data.message.meta.cc, ['w***@example.com']);
      assert.equal(a.data.message.sender.name, 'l***@example.com');
      assert.doesNotMatch(JSON.stringify(a), /li\.na|wang\.fang/);
      for (const full of [o, l]) {
        assert.equal(full.data.message.meta.from, 'li.na@example.com');
        assert.deepEqual(full.data.message.meta.cc, ['wang.fang@example.com']);
      }
      const [la, lo] = await Promise.all([agentSock, ownerSock].map((sock) => createdFrame(sock, leftAgain.id)));
      assert.deepEqual(la.data.message.meta.leaveMessage, { name: '赵小姐', phone: '139****5678' });
      assert.equal(la.data.preview, '【留言】明天再联系我');
      assert.doesNotMatch(JSON.stringify(la), /13912345678/);
      assert.deepEqual(lo.data.message.meta.leaveMessage, { name: '赵小姐', phone: '13912345678' });

      // The lead becomes an agent: their open socket hears the next message masked.
      const changed = await owner.patch(`/api/users/${lead.userId}`, { role: 'agent' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      await leadSock.waitFor((f) => f.type === 'event' && f.event === 'user.updated' && f.channel === `user:${lead.userId}`);
      const third = await receive(rawMail({ from: 'li.na@example.com', subject: 'Re: 发票抬头', body: '谢谢。' }));
      assert.equal((await createdFrame(leadSock, third.messageId)).data.message.meta.from, 'l***@example.com');
      assert.equal((await createdFrame(ownerSock, third.messageId)).data.message.meta.from, 'li.na@example.com');
    } finally {
      for (const sock of [agentSock, ownerSock, leadSock]) sock.close();
    }
  });

  test('a reply that could not be sent: the customer’s address masked for an agent in the event and in the list line', async () => {
    // This inbox has no SMTP server: the reply fails at once, naming the customer's address.
    const reply = await agent.post(`/api/conversations/${mail.conversationId}/messages`, { clientId: randomUUID(), body: '好的，已为您开具。' });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const event = await until('the failure event', async () => (await agent.get(`/api/conversations/${mail.conversationId}/messages`)).body.items.find((m: any) => m.kind === 'event' && m.meta.messageId === reply.body.message.id));
    assert.equal(event.meta.to, 'l***@example.com');
    assert.match(event.body, /^邮件未能发送给 l\*\*\*@example\.com：/);
    assert.doesNotMatch(JSON.stringify(event), /li\.na/);
    const full = (await owner.get(`/api/conversations/${mail.conversationId}/messages`)).body.items.find((m: any) => m.id === event.id);
    assert.equal(full.meta.to, 'li.na@example.com');
    assert.match(full.body, /^邮件未能发送给 li\.na@example\.com：/);
    const listed = (await owner.get(`/api/conversations/${mail.conversationId}`)).body.conversation;
    assert.match(listed.lastMessagePreview, /^邮件未能发送给 l\*\*\*@example\.com：/);
  });

  test('the widget shows the shopper their own left message, with the name and contact they gave', async () => {
    const own = `【留言】${LEFT_TEXT}\n——王女士（138 0013 8000）`;
    const shopperClient = new TestClient(s.url, 'zh-CN', undefined, left.visitorToken);
    const history = await shopperClient.get('/api/widget/v1/messages');
    assert.equal(history.status, 200, JSON.stringify(history.body));
    assert.equal(history.body.items.find((m: any) => m.id === left.messageId).body, own);

    const sock = await openWidgetSocket(s.url, left.visitorToken, '0');
    try {
      const replayed = await sock.waitFor((f) => f.type === 'message' && f.message.id === left.messageId);
      assert.equal(replayed.message.body, own);
      const again = await leaveMessage(shopperClient, '王女士', 'wang@example.com', '或者发邮件给我');
      assert.equal(again.body, '【留言】或者发邮件给我\n——王女士（wang@example.com）');
      const live = await sock.waitFor((f) => f.type === 'message' && f.message.id === again.id);
      assert.equal(live.message.body, again.body);
    } finally {
      sock.close();
    }
  });
});

describe(`left messages stored before the contact was kept apart (${testStore})`, () => {
  test('the migration moves the name and contact out of the text and gives the list its line again', async () => {
    const tdb = await openTestDatabase({ migrate: false });
    try {
      const version = loadMigrations().find((m) => m.name === 'contacts_out_of_message_text')!.version;
      await migrate(tdb.db, loadMigrations().filter((m) => m.version < version));
      const { db } = tdb;
      const { accountId } = await makeAccount(db);
      const inboxId = (await ensureDefaultInbox(db, accountId)).id;
      const customerId = newId('cus');
      await db.insertInto('customers').values({ id: customerId, account_id: accountId, name: '王女士' }).execute();
      const conversationId = newId('cnv');
      await db.insertInto('conversations').values({ id: conversationId, account_id: accountId, inbox_id: inboxId, customer_id: customerId, channel: 'web' }).execute();
      const insert = async (body: string, senderType: 'customer' | 'agent' = 'customer') => {
        const row = await db.insertInto('messages').values({ account_id: accountId, conversation_id: conversationId, sender_type: senderType, sender_id: null, sender_name: '王女士', kind: 'text', body }).returning('id').executeTakeFirstOrThrow();
        await sql`update messages set search = to_tsvector('simple', ${body}) where id = ${row.id}`.execute(db);
        return Number(row.id);
      };
      const byPhone = await insert('【留言】第一行\n——第二行也是我写的\n请尽快回复\n——王女士（138 0013 8000）');
      const byMail = await insert('【留言】发票的事\n——李先生（VIP）（li.xs@example.com）');
      const notLeft = await insert('【留言】这只是顾客打的字');
      const byAgent = await insert('【留言】客服写的\n——客服（13800138000）', 'agent');
      await db.updateTable('conversations').set({ last_message_id: byMail, last_message_preview: '【留言】发票的事\n——李先生（VIP）（li.xs@example.com）' }).where('id', '=', conversationId).execute();

      await migrate(db);

      const rows = await db.selectFrom('messages').select(['id', 'body', 'meta', 'search']).where('conversation_id', '=', conversationId).orderBy('id').execute();
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      assert.equal(byId.get(byPhone)!.body, '第一行\n——第二行也是我写的\n请尽快回复');
      assert.deepEqual(byId.get(byPhone)!.meta, { leaveMessage: { name: '王女士', phone: '138 0013 8000' } });
      assert.equal(byId.get(byPhone)!.search, null, 'its search words are made again');
      assert.equal(byId.get(byMail)!.body, '发票的事');
      assert.deepEqual(byId.get(byMail)!.meta, { leaveMessage: { name: '李先生（VIP）', email: 'li.xs@example.com' } });
      for (const id of [notLeft, byAgent]) {
        assert.deepEqual(byId.get(id)!.meta, {}, 'only a shopper’s left message as the form wrote it is moved');
        assert.notEqual(byId.get(id)!.search, null);
      }
      const conversation = await db.selectFrom('conversations').select('last_message_preview').where('id', '=', conversationId).executeTakeFirstOrThrow();
      assert.equal(conversation.last_message_preview, '【留言】发票的事');
    } finally {
      await tdb.close();
    }
  });
});
