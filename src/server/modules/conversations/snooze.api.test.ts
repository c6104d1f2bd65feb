import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId } from '../../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';

describe(`pending (待处理) and snooze (稍后处理) (${testStore})`, () => {
  const clock = fixedClock('2026-11-25T02:00:00Z');
  const HOUR = 3_600_000;
  let s: TestServer;
  let owner: TestClient;
  let accountId: string;

  /** A new conversation and a way for its shopper to write again. */
  async function newConversation() {
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
    const shopper = new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    const say = async (body: string) => {
      const sent = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      return sent.body.message.conversationId as string;
    };
    return { id: await say('在吗？'), say };
  }
  const get = async (id: string) => (await owner.get(`/api/conversations/${id}`)).body.conversation;
  /** What the minute schedule does when the clock has moved: fire the slot, run the job, hand out its events. */
  async function minutePasses() {
    await s.server.scheduler!.tick();
    await s.server.worker!.runDue();
    await s.server.dispatcher!.drain();
  }

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
  });
  after(async () => { await s.close(); });

  test('a snoozed conversation leaves the open list and wakes up when its time comes, with a note in the timeline', async () => {
    const { id } = await newConversation();
    const until = new Date(clock.now().getTime() + HOUR).toISOString();
    const snoozed = await owner.post(`/api/conversations/${id}/snooze`, { until });
    assert.equal(snoozed.status, 200, JSON.stringify(snoozed.body));
    assert.equal(snoozed.body.conversation.status, 'snoozed');
    assert.equal(snoozed.body.conversation.snoozedUntil, until);
    assert.ok(!(await owner.get('/api/conversations')).body.items.some((c: any) => c.id === id));
    const list = await owner.get('/api/conversations?status=snoozed');
    assert.deepEqual(list.body.items.map((c: any) => c.id), [id]);
    assert.equal(list.body.statusCounts.snoozed, 1);

    clock.advance(59 * 60_000);
    await minutePasses();
    assert.equal((await get(id)).status, 'snoozed', 'not yet');

    clock.advance(60_000);
    await minutePasses();
    const woke = await get(id);
    assert.equal(woke.status, 'open');
    assert.equal(woke.snoozedUntil, null);
    const messages = (await owner.get(`/api/conversations/${id}/messages`)).body.items;
    const last = messages[messages.length - 1];
    assert.equal(last.kind, 'event');
    assert.match(last.body, /稍后提醒到期/);
    await minutePasses();
    const again = (await owner.get(`/api/conversations/${id}/messages`)).body.items;
    assert.equal(again.filter((m: any) => m.kind === 'event').length, 1, 'woken once');
  });

  test('the customer writing brings a snoozed or pending conversation back to open', async () => {
    const a = await newConversation();
    await owner.post(`/api/conversations/${a.id}/snooze`, { until: new Date(clock.now().getTime() + 24 * HOUR).toISOString() });
    await a.say('还是没收到货');
    await s.server.dispatcher!.drain();
    const woke = await get(a.id);
    assert.equal(woke.status, 'open');
    assert.equal(woke.snoozedUntil, null);

    const b = await newConversation();
    const pending = await owner.post(`/api/conversations/${b.id}/pending`);
    assert.equal(pending.body.conversation.status, 'pending');
    assert.deepEqual((await owner.get('/api/conversations?status=pending')).body.items.map((c: any) => c.id), [b.id]);
    assert.equal(await b.say('好的，我看一下'), b.id, 'the same thread');
    await s.server.dispatcher!.drain();
    assert.equal((await get(b.id)).status, 'open');
    // An agent's own reply leaves it pending.
    await owner.post(`/api/conversations/${b.id}/pending`);
    await owner.post(`/api/conversations/${b.id}/messages`, { clientId: randomUUID(), body: '有需要随时找我' });
    await s.server.dispatcher!.drain();
    assert.equal((await get(b.id)).status, 'pending');
  });

  test('bad times and moves are refused with a clear error; reopen and resolve end a snooze', async () => {
    const { id } = await newConversation();
    for (const until of [new Date(clock.now().getTime() - 60_000).toISOString(), new Date(clock.now().getTime() + 91 * 24 * HOUR).toISOString()]) {
      const res = await owner.post(`/api/conversations/${id}/snooze`, { until });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'snooze_invalid');
      assert.equal(res.body.error.field, 'until');
    }
    assert.equal((await owner.post(`/api/conversations/${id}/snooze`, { until: 'tomorrow' })).status, 400);
    assert.equal((await owner.post(`/api/conversations/${id}/snooze`, {})).status, 400);
    assert.equal((await owner.post('/api/conversations/cnv_nope/snooze', { until: new Date(clock.now().getTime() + HOUR).toISOString() })).status, 404);

    await owner.post(`/api/conversations/${id}/snooze`, { until: new Date(clock.now().getTime() + HOUR).toISOString() });
    const reopened = await owner.post(`/api/conversations/${id}/reopen`);
    assert.equal(reopened.body.conversation.status, 'open');
    assert.equal(reopened.body.conversation.snoozedUntil, null);
    assert.equal((await owner.post(`/api/conversations/${id}/resolve`)).body.conversation.status, 'resolved');
    const late = await owner.post(`/api/conversations/${id}/snooze`, { until: new Date(clock.now().getTime() + HOUR).toISOString() });
    assert.equal(late.status, 409);
    assert.equal(late.body.error.code, 'status_change_invalid');
    assert.equal((await owner.post(`/api/conversations/${id}/pending`)).status, 409);
    clock.advance(2 * HOUR);
    await minutePasses();
    assert.equal((await get(id)).status, 'resolved', 'a resolved conversation stays resolved');
  });
});
