import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { ensureDefaultInbox, reindexSearch, signCustomerId } from './index.ts';

describe(`search across conversations, Chinese segmented (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let accountId: string;
  const ids = { refund: '', cream: '', note: '', other: '', named: '' };

  /** A shopper of an account's web inbox says something; returns the conversation id and message id. */
  async function shopperSays(account: string, body: string, identity?: { customerId: string; name: string }) {
    const inbox = await s.db.selectFrom('inboxes').select(['id', 'identity_secret']).where('account_id', '=', account).where('channel', '=', 'web').executeTakeFirstOrThrow();
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const sig = identity ? { identity: { ...identity, expiresAt, signature: signCustomerId(inbox.identity_secret, identity.customerId, expiresAt) } } : {};
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id, ...sig });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    const sent = await new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    return { conversationId: sent.body.message.conversationId as string, messageId: sent.body.message.id as string };
  }

  const search = async (q: string, client = owner, extra = '') => {
    const res = await client.get(`/api/conversations/search?q=${encodeURIComponent(q)}${extra}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const hitIds = (body: any) => body.messages.map((m: any) => m.message.id);

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await shopperSays(accountId, '我想退货，退货运费谁出？');
    ids.refund = a.messageId;
    const b = await shopperSays(accountId, '请问这款面霜适合敏感肌吗');
    ids.cream = b.messageId;
    const note = await owner.post(`/api/conversations/${a.conversationId}/messages`, { clientId: randomUUID(), body: '顾客要求退款到支付宝，已转财务', private: true });
    assert.equal(note.status, 201);
    ids.note = note.body.message.id;
    const named = await shopperSays(accountId, '你好', { customerId: 'shop-zw-1', name: '张伟' });
    ids.named = named.conversationId;

    const other = await makeAccount(s.db);
    await ensureDefaultInbox(s.db, other.accountId);
    ids.other = (await shopperSays(other.accountId, '我也想退货，运费怎么算')).messageId;
    await s.server.dispatcher!.drain();
  });
  after(async () => { await s.close(); });

  test('a word inside a longer one is found: 退货 and 退货运费 both find the message', async () => {
    for (const q of ['退货', '退货运费', '运费', '退']) {
      const body = await search(q);
      assert.ok(hitIds(body).includes(ids.refund), `${q} finds it: ${JSON.stringify(body.messages)}`);
    }
    const hit = (await search('退货')).messages.find((m: any) => m.message.id === ids.refund);
    assert.equal(hit.conversation.customer.name.startsWith('访客'), true);
    assert.equal(hit.conversation.status, 'open');
    assert.equal(hit.conversation.channel, 'web');
    assert.equal(hit.message.senderType, 'customer');
    for (const h of hit.highlights) assert.equal(hit.snippet.slice(h.start, h.end), '退货');
    assert.equal(hit.highlights.length, 2);
  });

  test('the words of a query are found apart and in any order, where a LIKE on the whole text finds nothing', async () => {
    for (const q of ['敏感肌面霜', '面霜 敏感']) {
      const body = await search(q);
      assert.ok(!'请问这款面霜适合敏感肌吗'.includes(q), 'the query is not a substring of the message');
      assert.deepEqual(hitIds(body), [ids.cream], q);
    }
    assert.deepEqual(hitIds(await search('面霜 运费')), [], 'every word must match');
    assert.deepEqual(hitIds(await search('运费险')), []);
  });

  test('internal notes are searchable by agents; another account’s messages never show', async () => {
    const { email, password } = await makeUser(s.db, accountId, 'agent');
    const agent = await loginAs(s.url, email, password);
    const body = await search('退款', agent);
    assert.deepEqual(hitIds(body), [ids.note]);
    assert.equal(body.messages[0].message.kind, 'note');
    const all = await search('退货');
    assert.ok(!hitIds(all).includes(ids.other), 'the other shop’s 退货 is not found');
    assert.ok(!JSON.stringify(all).includes('我也想退货'));
  });

  test('customers are found by name; an empty or punctuation-only query finds nothing and is no error', async () => {
    const body = await search('张伟');
    assert.deepEqual(body.conversations.map((c: any) => c.id), [ids.named]);
    assert.equal(body.conversations[0].customer.name, '张伟');
    for (const q of ['', '，。！', "'; drop table messages; --", '<script>alert(1)</script>']) {
      const res = await owner.get(`/api/conversations/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, `${q}: ${JSON.stringify(res.body)}`);
    }
    const bad = await owner.get('/api/conversations/search?q=x&before=abc');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'validation_failed');
    const long = await owner.get(`/api/conversations/search?q=${'退'.repeat(101)}`);
    assert.equal(long.status, 400);
  });

  test('results are newest first and paged', async () => {
    const sent: string[] = [];
    for (const n of [1, 2, 3]) sent.push((await shopperSays(accountId, `第${n}个包裹的物流到哪了`)).messageId);
    await s.server.dispatcher!.drain();
    const first = await search('物流', owner, '&limit=2');
    assert.deepEqual(hitIds(first), [sent[2], sent[1]]);
    assert.ok(first.nextCursor);
    const second = await search('物流', owner, `&limit=2&before=${first.nextCursor}`);
    assert.deepEqual(hitIds(second), [sent[0]]);
    assert.equal(second.nextCursor, null);
  });

  test('messages stored without search words are indexed by the backfill', async () => {
    await s.db.updateTable('messages').set({ search: null } as never).where('account_id', '=', accountId).execute();
    assert.deepEqual(hitIds(await search('面霜')), []);
    const { indexed, done } = await reindexSearch(s.db);
    assert.ok(indexed >= 4);
    assert.equal(done, true);
    assert.deepEqual(hitIds(await search('面霜')), [ids.cream]);
    assert.equal((await reindexSearch(s.db)).indexed, 0, 'nothing left to do');
  });
});
