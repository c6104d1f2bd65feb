import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase, testStore, type TestDatabase } from '../../../../test/harness.ts';
import { makeAccount } from '../../../../test/factories.ts';
import { newId } from '../../platform/ids.ts';
import { ensureDefaultInbox } from './index.ts';
import { openConversation } from './conversations.service.ts';
import { appendMessage, appendToOpenConversation, type AppendInput } from './messages.service.ts';

describe(`messages: group commit (${testStore})`, () => {
  let t: TestDatabase;
  let accountId: string;
  let inboxId: string;

  const newCustomer = async () => {
    const id = newId('cus');
    await t.db.insertInto('customers').values({ id, account_id: accountId, nickname: '访客' }).execute();
    return id;
  };
  const newConversation = async () => (await openConversation(t.db, { accountId, inboxId, customerId: await newCustomer(), channel: 'web', now: new Date() })).id;
  const fromCustomer = (conversationId: string, body: string, clientId?: string): AppendInput => ({ accountId, conversationId, senderType: 'customer', senderId: null, senderName: '访客', body, clientId, now: new Date() });

  before(async () => {
    t = await openTestDatabase();
    accountId = (await makeAccount(t.db)).accountId;
    inboxId = (await ensureDefaultInbox(t.db, accountId)).id;
  });
  after(async () => { await t.close(); });

  test('messages sent together are written together, in order, and a retry within them is one message', async () => {
    const conversationId = await newConversation();
    // All submitted in one tick, as frames read from many sockets at once are: one transaction.
    const sends = Array.from({ length: 30 }, (_, i) => appendMessage(t.db, fromCustomer(conversationId, `第${i}条`, `cid-order-${i % 25}`)));
    const results = await Promise.all(sends);
    const firsts = results.slice(0, 25);
    const ids = firsts.map((r) => Number(r.message.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'ids follow the order of sending');
    assert.equal(new Set(ids).size, 25);
    assert.ok(firsts.every((r) => !r.duplicate));
    results.slice(25).forEach((r, k) => {
      assert.equal(r.duplicate, true);
      assert.equal(r.message.id, firsts[k].message.id, 'a repeated client id gets the stored message');
    });
    const rows = await sql<{ id: number; body: string; tx: string }>`select id, body, xmin::text as tx from messages where conversation_id = ${conversationId} order by id`.execute(t.db);
    assert.deepEqual(rows.rows.map((r) => r.body), Array.from({ length: 25 }, (_, i) => `第${i}条`));
    assert.equal(new Set(rows.rows.map((r) => r.tx)).size, 1, 'one commit for the group');
    const conv = await t.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
    assert.equal(Number(conv.last_message_id), ids[24]);
    assert.equal(conv.last_message_preview, '第24条');
    assert.equal(conv.unread_count, 25);
    const events = await t.db.selectFrom('outbox').select(['type', 'payload']).where('account_id', '=', accountId).where('type', '=', 'message.created').orderBy('id').execute();
    const mine = events.filter((e) => (e.payload as { conversationId: string }).conversationId === conversationId);
    assert.deepEqual(mine.map((e) => Number((e.payload as { message: { id: string } }).message.id)), ids, 'one event a message, in order');
    // A retry after the commit finds the stored message too.
    const again = await appendMessage(t.db, fromCustomer(conversationId, '第3条', 'cid-order-3'));
    assert.deepEqual([again.duplicate, again.message.id], [true, firsts[3].message.id]);
  });

  test('messages to one conversation in a burst keep their order across several transactions', async () => {
    const conversationId = await newConversation();
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      sent.push(appendMessage(t.db, fromCustomer(conversationId, `m${i}`, `cid-burst-${i}`)));
      // Some arrive while the first commit is in flight, some in the same tick.
      if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(sent);
    const rows = await t.db.selectFrom('messages').select(['body']).where('conversation_id', '=', conversationId).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.body), Array.from({ length: 60 }, (_, i) => `m${i}`));
  });

  test('one bad message in a group fails alone; the others are stored', async () => {
    const good = await newConversation();
    const results = await Promise.allSettled([
      appendMessage(t.db, fromCustomer(good, '第一句', 'cid-fail-1')),
      appendMessage(t.db, fromCustomer('cnv_nobody', '没有这个会话', 'cid-fail-2')),
      appendMessage(t.db, { ...fromCustomer(good, '带了别人的附件', 'cid-fail-3'), attachmentIds: ['att_nobody'] }),
      // Text the database refuses fails the whole transaction; its messages are then written one by one.
      appendMessage(t.db, fromCustomer(good, 'bad\u0000byte', 'cid-fail-4')),
      appendMessage(t.db, fromCustomer(good, '第二句', 'cid-fail-5')),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    assert.equal((results[1] as PromiseRejectedResult).reason.code, 'not_found');
    assert.equal((results[2] as PromiseRejectedResult).reason.code, 'attachments_invalid');
    const rows = await t.db.selectFrom('messages').select('body').where('conversation_id', '=', good).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.body), ['第一句', '第二句']);
    const conv = await t.db.selectFrom('conversations').select(['unread_count', 'last_message_preview']).where('id', '=', good).executeTakeFirstOrThrow();
    assert.deepEqual([conv.unread_count, conv.last_message_preview], [2, '第二句']);
  });

  test('a new shopper’s first messages, sent at once, open one conversation', async () => {
    const customerId = await newCustomer();
    const open = { inboxId, customerId, channel: 'web' as const };
    const results = await Promise.all(
      ['你好', '在吗', '请问有货吗'].map((body, i) => appendToOpenConversation(t.db, open, { accountId, senderType: 'customer', senderId: customerId, senderName: '访客', body, clientId: `cid-open-${i}`, now: new Date() })),
    );
    assert.equal(new Set(results.map((r) => r.conversationId)).size, 1);
    const convs = await t.db.selectFrom('conversations').select('id').where('account_id', '=', accountId).where('customer_id', '=', customerId).execute();
    assert.equal(convs.length, 1);
    const created = await t.db.selectFrom('outbox').select('payload').where('type', '=', 'conversation.created').execute();
    assert.equal(created.filter((e) => (e.payload as { conversationId: string }).conversationId === convs[0].id).length, 1);
  });

  test('inside the caller’s transaction a message is written there and then, and rolls back with it', async () => {
    const conversationId = await newConversation();
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        const { message } = await appendMessage(trx, fromCustomer(conversationId, '回滚的消息', 'cid-trx-1'));
        assert.ok(Number(message.id) > 0);
        throw new Error('rollback');
      }),
      /rollback/,
    );
    assert.equal((await t.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute()).length, 0);
  });

  test('an agent’s first public reply takes an unassigned conversation and ends the wait; a note does not', async () => {
    const conversationId = await newConversation();
    const owner = await t.db.selectFrom('users').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow();
    await appendMessage(t.db, fromCustomer(conversationId, '有人吗', 'cid-agent-1'));
    const agent = (body: string, kind: 'text' | 'note', clientId: string): AppendInput => ({ accountId, conversationId, senderType: 'agent', senderId: owner.id, senderName: '小美', kind, body, clientId, now: new Date() });
    await Promise.all([appendMessage(t.db, agent('先记一下', 'note', 'cid-agent-2')), appendMessage(t.db, agent('在的', 'text', 'cid-agent-3'))]);
    const conv = await t.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
    assert.equal(conv.assignee_id, owner.id);
    assert.equal(conv.waiting_since, null);
    assert.ok(conv.first_reply_at);
    assert.equal(conv.last_message_preview, '在的');
    const updated = await t.db.selectFrom('outbox').select('payload').where('type', '=', 'conversation.updated').execute();
    assert.ok(updated.some((e) => (e.payload as { conversationId: string }).conversationId === conversationId), 'the assignee moved: the header hears it');
  });
});
