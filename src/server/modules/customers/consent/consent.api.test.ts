import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, testStore, TestClient, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../../test/factories.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { newId, newSecret } from '../../../platform/ids.ts';
import { ensureDefaultInbox } from '../../conversations/index.ts';

const DAY = 86_400_000;

describe(`consent and the 30-day contact window (${testStore})`, () => {
  const clock = fixedClock('2026-07-01T04:00:00Z');
  let s: TestServer;
  let accountId: string;
  let owner: TestClient;
  let agent: TestClient;
  let agentId: string;
  let operations: TestClient;
  let otherOwner: TestClient;
  let otherCustomerId: string;

  const daysAgo = (n: number) => new Date(clock.now().getTime() - n * DAY);

  async function customer(opts: { orderDaysAgo?: number; messageDaysAgo?: number; phone?: string | null; acc?: string } = {}) {
    const acc = opts.acc ?? accountId;
    const id = newId('cus');
    const phone = opts.phone === undefined ? `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` : opts.phone;
    await s.db.insertInto('customers').values({ id, account_id: acc, name: '回访顾客', phone }).execute();
    if (opts.orderDaysAgo !== undefined) {
      await s.db.insertInto('orders').values({ id: newId('ord'), account_id: acc, customer_id: id, platform: 'taobao', platform_order_id: newId('ord'), status: 'completed', item_total: '100', discount_total: '0', shipping_fee: '0', paid_total: '100', placed_at: daysAgo(opts.orderDaysAgo) }).execute();
    }
    if (opts.messageDaysAgo !== undefined) {
      const inbox = await ensureDefaultInbox(s.db, acc);
      const conversationId = newId('cnv');
      const at = daysAgo(opts.messageDaysAgo);
      await s.db.insertInto('conversations').values({ id: conversationId, account_id: acc, inbox_id: inbox.id, customer_id: id, channel: 'web', entry: '{}', status: 'resolved', assignee_id: null, last_message_at: at, last_message_preview: '谢谢', waiting_since: null, first_reply_at: null, resolved_at: at, created_at: at }).execute();
      await s.db.insertInto('messages').values({ account_id: acc, conversation_id: conversationId, sender_type: 'customer', sender_id: id, sender_name: '回访顾客', kind: 'text', body: '谢谢', client_id: null, meta: '{}', attachments: '[]', created_at: at }).execute();
    }
    return id;
  }

  const start = (id: string, channel = 'phone', as = agent) => as.post(`/api/customers/${id}/conversations`, { channel });
  const consent = (id: string, changes: unknown[], as: TestClient = agent) => as.request('PUT', `/api/customers/${id}/consents`, { changes });

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
    agentId = a.user.id;
    const o = await makeUser(s.db, accountId, 'operations');
    operations = await loginAs(s.url, o.email, o.password);
    await s.db.insertInto('inboxes').values({ id: newId('inb'), account_id: accountId, name: '电话', channel: 'phone', greeting: null, identity_secret: newSecret(32), settings: '{}' }).execute();
    const b = await makeAccount(s.db);
    otherOwner = await loginAs(s.url, b.email, b.password);
    otherCustomerId = await customer({ acc: b.accountId, orderDaysAgo: 1 });
  });

  after(async () => {
    await s?.close();
  });

  test('an order 29 days ago opens the window: the agent starts a phone conversation and is its assignee', async () => {
    const id = await customer({ orderDaysAgo: 29 });
    const res = await start(id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.created, true);
    assert.equal(res.body.conversation.channel, 'phone');
    assert.equal(res.body.conversation.assignee?.id, agentId);
    const again = await start(id);
    assert.equal(again.body.conversation.id, res.body.conversation.id, 'the open conversation is reused');
    assert.equal(again.body.created, false);
  });

  test('an order 31 days ago: refused with the reason, in Chinese and in English, and nothing is made', async () => {
    const id = await customer({ orderDaysAgo: 31 });
    const res = await start(id);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'contact_window_closed');
    assert.equal(res.body.error.message, '该客户最近30天内没有订单或会话，且未订阅，不能主动联系');
    const en = new TestClient(s.url, 'en');
    en.cookie = agent.cookie;
    en.csrfToken = agent.csrfToken;
    const english = await start(id, 'phone', en);
    assert.match(english.body.error.message, /no order or conversation in the last 30 days/);
    const made = await s.db.selectFrom('conversations').select('id').where('account_id', '=', accountId).where('customer_id', '=', id).execute();
    assert.equal(made.length, 0);
  });

  test('the customer’s own message 10 days ago opens it; one 40 days ago does not', async () => {
    assert.equal((await start(await customer({ messageDaysAgo: 10 }))).status, 200);
    const old = await start(await customer({ messageDaysAgo: 40 }));
    assert.equal(old.status, 409);
    assert.equal(old.body.error.code, 'contact_window_closed');
  });

  test('a subscription on the channel allows it past the window; an opt-out refuses it inside the window', async () => {
    const subscribed = await customer({ orderDaysAgo: 200 });
    assert.equal((await consent(subscribed, [{ channel: 'phone', status: 'opted_in', source: 'customer_request' }])).status, 200);
    assert.equal((await start(subscribed)).status, 200);

    const smsOnly = await customer({ orderDaysAgo: 200 });
    await consent(smsOnly, [{ channel: 'sms', status: 'opted_in', source: 'import' }]);
    assert.equal((await start(smsOnly)).body.error.code, 'contact_window_closed', 'a subscription on another channel does not count');

    const optedOut = await customer({ orderDaysAgo: 2 });
    await consent(optedOut, [{ channel: 'phone', status: 'opted_out', source: 'customer_request' }]);
    const res = await start(optedOut);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'contact_opted_out');
  });

  test('reopening, or writing in, a resolved conversation outside the window is refused; a note is not; a subscription allows it', async () => {
    const conversationOf = async (customerId: string) => (await s.db.selectFrom('conversations').select('id').where('account_id', '=', accountId).where('customer_id', '=', customerId).executeTakeFirstOrThrow()).id;
    const old = await conversationOf(await customer({ messageDaysAgo: 40 }));
    const reopen = await agent.post(`/api/conversations/${old}/reopen`, {});
    assert.equal(reopen.status, 409, JSON.stringify(reopen.body));
    assert.equal(reopen.body.error.code, 'contact_window_closed');
    assert.match(reopen.body.error.message, /30天/);
    const reply = await agent.post(`/api/conversations/${old}/messages`, { clientId: randomUUID(), body: '您好，还在吗？' });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.error.code, 'contact_window_closed');
    assert.equal((await s.db.selectFrom('conversations').select('status').where('id', '=', old).executeTakeFirstOrThrow()).status, 'resolved', 'nothing changed');
    const note = await agent.post(`/api/conversations/${old}/messages`, { clientId: randomUUID(), body: '客户已超过30天未联系', private: true });
    assert.equal(note.status, 201, 'an internal note contacts nobody');

    const recent = await conversationOf(await customer({ messageDaysAgo: 10 }));
    assert.equal((await agent.post(`/api/conversations/${recent}/reopen`, {})).status, 200);

    const subscriber = await customer({ messageDaysAgo: 90 });
    await consent(subscriber, [{ channel: 'web', status: 'opted_in', source: 'customer_request' }]);
    assert.equal((await agent.post(`/api/conversations/${await conversationOf(subscriber)}/reopen`, {})).status, 200);
  });

  test('a channel the customer cannot be reached on is refused', async () => {
    const noPhone = await customer({ orderDaysAgo: 1, phone: null });
    const res = await start(noPhone);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'contact_channel_unavailable');
    assert.equal((await start(noPhone, 'fax')).status, 400);
  });

  test('consent history: every change kept newest first, the latest is current, each on the timeline', async () => {
    const id = await customer({ orderDaysAgo: 5 });
    const orderedAt = daysAgo(5);
    assert.equal((await consent(id, [{ channel: 'email', status: 'opted_in', source: 'widget' }])).status, 200);
    clock.advance(60_000);
    const res = await consent(id, [{ channel: 'email', status: 'opted_out', source: 'customer_request', note: '电话里说不要再发邮件' }, { channel: 'sms', status: 'opted_in', source: 'agent' }]);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.history.map((h: any) => [h.channel, h.status, h.source]), [['sms', 'opted_in', 'agent'], ['email', 'opted_out', 'customer_request'], ['email', 'opted_in', 'widget']]);
    assert.deepEqual(Object.fromEntries(res.body.current.map((c: any) => [c.channel, c.status])), { email: 'opted_out', sms: 'opted_in' });
    assert.equal(res.body.history[1].note, '电话里说不要再发邮件');
    assert.equal(res.body.history[0].actor.id, agentId);
    assert.equal(res.body.window.lastContactAt, orderedAt.toISOString());
    assert.equal(res.body.window.openUntil, new Date(orderedAt.getTime() + 30 * DAY).toISOString());
    const read = await operations.get(`/api/customers/${id}/consents`);
    assert.equal(read.status, 200);
    assert.equal(read.body.history.length, 3);
    const events = await s.db.selectFrom('customer_events').select(['kind', 'data']).where('account_id', '=', accountId).where('customer_id', '=', id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => [e.kind, (e.data as any).channel, (e.data as any).status]), [['consent.changed', 'email', 'opted_in'], ['consent.changed', 'email', 'opted_out'], ['consent.changed', 'sms', 'opted_in']]);
  });

  test('who may change consent, bad input, and another shop’s customer', async () => {
    const id = await customer({ orderDaysAgo: 1 });
    assert.equal((await consent(id, [{ channel: 'email', status: 'opted_in', source: 'agent' }], operations)).status, 403);
    assert.equal((await consent(id, [{ channel: 'wechat', status: 'opted_in', source: 'agent' }])).status, 400);
    assert.equal((await consent(id, [])).status, 400);
    assert.equal((await consent(id, [{ channel: 'email', status: 'maybe', source: 'agent' }])).status, 400);
    assert.equal((await consent(otherCustomerId, [{ channel: 'email', status: 'opted_in', source: 'agent' }], owner)).status, 404);
    assert.equal((await owner.get(`/api/customers/${otherCustomerId}/consents`)).status, 404);
    assert.equal((await start(otherCustomerId, 'phone', owner)).status, 404);
    const foreign = await s.db.selectFrom('customer_consents').select('id').where('customer_id', '=', otherCustomerId).execute();
    assert.equal(foreign.length, 0);
    assert.equal((await otherOwner.get(`/api/customers/${otherCustomerId}/consents`)).status, 200);
  });
});
