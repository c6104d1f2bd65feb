import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { ADMIN_EMAIL, loginAs, silentLog, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../../../../test/smtp-receiver.ts';
import { openSocket } from '../../../../test/nodes.ts';
import type { Db } from '../../db/database.ts';
import { systemClock } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { enqueueJob } from '../../platform/jobs.ts';
import { notify, type NotifyInput } from './notifications.service.ts';

const PUBLIC_URL = 'https://desk.huayang.test';

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A work order as the work order service would leave it (its type first). */
async function makeWorkOrder(db: Db, accountId: string, number: number, title: string): Promise<string> {
  const typeId = newId('wot');
  await db.insertInto('work_order_types').values({ id: typeId, account_id: accountId, name: `签证进度${number}` }).execute();
  const id = newId('wo');
  await db.insertInto('work_orders').values({ id, account_id: accountId, number, type_id: typeId, title, priority: 'normal' }).execute();
  return id;
}

describe(`notifications (${testStore})`, () => {
  let s: TestServer;
  let smtp: SmtpReceiver;
  const refuse = new Set<string>();
  const shop = 'service@huayang.test';
  let accountId: string;
  let ownerId: string;
  let workOrderId: string;
  let agent: { id: string; email: string; client: TestClient };
  let colleague: { id: string; email: string; client: TestClient };

  const byOwner = (db: Db = s.db): Ctx => ({ accountId, actor: { type: 'user', id: ownerId, name: '店主', role: 'owner' }, db, clock: systemClock, log: silentLog, locale: 'zh-CN' });
  const send = (input: NotifyInput) => s.db.transaction().execute((trx) => notify(byOwner(trx), input));
  const rowsOf = (userId: string) => s.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id').execute();

  before(async () => {
    s = await startTestServer({ env: { SHOPDESK_SECRET_KEY: crypto.randomBytes(32).toString('base64'), SHOPDESK_PUBLIC_URL: PUBLIC_URL } });
    smtp = await startSmtpReceiver({ logins: { [shop]: 'smtp-pass-1' }, refuse });
    accountId = await firstAccountId(s.db);
    ownerId = (await s.db.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow()).id;
    workOrderId = await makeWorkOrder(s.db, accountId, 1024, '客户询问签证办理进度');
    for (const [who, name] of [['agent', '小美'], ['colleague', '阿强']] as const) {
      const made = await makeUser(s.db, accountId, who === 'agent' ? 'agent' : 'operations', { name });
      const member = { id: made.user.id, email: made.email, client: await loginAs(s.url, made.email, made.password) };
      if (who === 'agent') agent = member;
      else colleague = member;
    }
  });
  after(async () => {
    await s?.close();
    await smtp?.close();
  });

  test('notify() rows reach their member over HTTP, newest first, a page at a time; the actor is never told', async () => {
    const empty = await agent.client.get('/api/notifications');
    assert.equal(empty.status, 200, JSON.stringify(empty.body));
    assert.deepEqual(empty.body, { items: [], unread: 0, nextCursor: null });

    const agentSock = await openSocket(s.url, agent.client.cookie);
    const colleagueSock = await openSocket(s.url, colleague.client.cookie);
    await agentSock.waitFor((f) => f.type === 'ready');
    await colleagueSock.waitFor((f) => f.type === 'ready');
    await send({ userIds: [agent.id, ownerId], kind: 'assigned', workOrderId, title: '工单 #1024 已指派给你', body: '客户询问签证办理进度' });
    const live = await agentSock.waitFor((f) => f.type === 'event' && f.event === 'notification.created');
    assert.equal(live.channel, `user:${agent.id}`);
    assert.deepEqual({ ...live.data, id: undefined, createdAt: undefined }, { id: undefined, kind: 'assigned', workOrderId, title: '工单 #1024 已指派给你', body: '客户询问签证办理进度', read: false, createdAt: undefined });
    await send({ userIds: [agent.id, colleague.id], kind: 'mention', workOrderId, title: '店主在工单 #1024 中提到了你', body: '@小美 请跟进使馆回执' });
    await send({ userIds: [agent.id], kind: 'breach', workOrderId: null, title: '工单 #1024 已超过首次响应时限' });
    await colleagueSock.waitFor((f) => f.type === 'event' && f.event === 'notification.created' && f.data.kind === 'mention');
    await agentSock.waitFor((f) => f.type === 'event' && f.event === 'notification.created' && f.data.kind === 'breach');
    assert.ok(!colleagueSock.events.some((f: any) => f.event === 'notification.created' && f.data.kind !== 'mention'), "a colleague's socket hears only their own");
    agentSock.close();
    colleagueSock.close();
    assert.equal((await rowsOf(ownerId)).length, 0, 'the actor is not notified of their own doing');

    const all = await agent.client.get('/api/notifications');
    assert.equal(all.status, 200);
    assert.equal(all.body.unread, 3);
    assert.deepEqual(all.body.items.map((n: any) => n.kind), ['breach', 'mention', 'assigned']);
    const assigned = all.body.items[2];
    assert.equal(assigned.title, '工单 #1024 已指派给你');
    assert.equal(assigned.body, '客户询问签证办理进度');
    assert.equal(assigned.workOrderId, workOrderId);
    assert.equal(assigned.read, false);
    assert.ok(!Number.isNaN(Date.parse(assigned.createdAt)));
    assert.equal(all.body.items[0].workOrderId, null);
    assert.equal(all.body.items[0].body, null);

    const first = await agent.client.get('/api/notifications?limit=2');
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await agent.client.get(`/api/notifications?limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((n: any) => n.kind), ['assigned']);
    assert.equal(second.body.nextCursor, null);

    const theirs = await colleague.client.get('/api/notifications');
    assert.deepEqual(theirs.body.items.map((n: any) => n.title), ['店主在工单 #1024 中提到了你']);
    assert.equal(theirs.body.unread, 1);
  });

  test('marking read: by id (only my own rows), then all; the unread filter and count follow', async () => {
    const list = (await agent.client.get('/api/notifications')).body;
    const theirs = (await colleague.client.get('/api/notifications')).body.items[0];

    const one = await agent.client.post('/api/notifications/read', { ids: [list.items[1].id, theirs.id] });
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.deepEqual(one.body, { updated: 1, unread: 2 }, "a colleague's id changes nothing");
    assert.equal((await colleague.client.get('/api/notifications')).body.unread, 1);

    const unread = await agent.client.get('/api/notifications?unread=true');
    assert.deepEqual(unread.body.items.map((n: any) => n.kind), ['breach', 'assigned']);
    const after = await agent.client.get('/api/notifications');
    assert.equal(after.body.items.find((n: any) => n.id === list.items[1].id).read, true);

    const again = await agent.client.post('/api/notifications/read', { ids: [list.items[1].id] });
    assert.deepEqual(again.body, { updated: 0, unread: 2 });

    const everything = await agent.client.post('/api/notifications/read', { all: true });
    assert.deepEqual(everything.body, { updated: 2, unread: 0 });
    assert.equal((await agent.client.get('/api/notifications?unread=true')).body.items.length, 0);
    assert.equal((await colleague.client.get('/api/notifications')).body.unread, 1, "all: true is all of mine, not my colleagues'");
  });

  test('bad input is a 400 that says what is wrong; no sign-in is 401; an API token has no notifications (an empty list)', async () => {
    const nothing = await agent.client.post('/api/notifications/read', {});
    assert.equal(nothing.status, 400);
    assert.equal(nothing.body.error.code, 'notifications_read_nothing');
    assert.match(nothing.body.error.message, /all: true/);
    const emptyIds = await agent.client.post('/api/notifications/read', { ids: [] });
    assert.equal(emptyIds.body.error.code, 'notifications_read_nothing');
    const badId = await agent.client.post('/api/notifications/read', { ids: ['1', 'abc'] });
    assert.deepEqual([badId.status, badId.body.error.code, badId.body.error.field], [400, 'notifications_id_invalid', 'ids.1']);
    assert.equal(badId.body.error.message, '通知编号无效：abc');
    const extra = await agent.client.post('/api/notifications/read', { all: true, userId: ownerId });
    assert.equal(extra.status, 400);
    const badCursor = await agent.client.get('/api/notifications?cursor=abc');
    assert.deepEqual([badCursor.status, badCursor.body.error.code, badCursor.body.error.field], [400, 'validation_failed', 'cursor']);
    assert.equal(badCursor.body.error.message, '输入有误：cursor: 分页游标无效，请从第一页重新加载');
    assert.equal((await agent.client.get('/api/notifications?limit=0')).status, 400);
    assert.equal((await agent.client.get('/api/notifications?limit=101')).status, 400);

    assert.equal((await new TestClient(s.url).get('/api/notifications')).status, 401);
    const owner = await loginAs(s.url);
    const token = await owner.post('/api/api-tokens', { name: '工单集成', role: 'admin' });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    const bot = new TestClient(s.url, 'zh-CN', token.body.secret);
    const byToken = await bot.get('/api/notifications');
    assert.equal(byToken.status, 200, JSON.stringify(byToken.body));
    assert.deepEqual(byToken.body, { items: [], unread: 0, nextCursor: null });
    const readByToken = await bot.post('/api/notifications/read', { all: true });
    assert.deepEqual([readByToken.status, readByToken.body], [200, { updated: 0, unread: 0 }]);
    assert.equal((await bot.post('/api/notifications/read', {})).status, 400, 'a token’s bad input is still a 400');
    assert.equal((await colleague.client.get('/api/notifications')).body.unread, 1, "the token's all: true changed no member's rows");
  });

  test('another shop never sees or reads these notifications', async () => {
    const other = await makeAccount(s.db, '另一家店');
    const stranger = await loginAs(s.url, other.email, other.password);
    const mine = (await agent.client.get('/api/notifications')).body.items;
    await send({ userIds: [agent.id], kind: 'reply', workOrderId, title: '客户回复了工单 #1024' });
    const list = await stranger.get('/api/notifications');
    assert.deepEqual(list.body, { items: [], unread: 0, nextCursor: null });
    const read = await stranger.post('/api/notifications/read', { ids: mine.map((n: any) => n.id) });
    assert.deepEqual(read.body, { updated: 0, unread: 0 });
    const res = await stranger.post('/api/notifications/read', { all: true });
    assert.deepEqual(res.body, { updated: 0, unread: 0 });
    assert.equal((await agent.client.get('/api/notifications')).body.unread, 1, 'the agent’s new one is still unread');
  });

  test('without an email inbox that can send, the email is skipped (no error)', async () => {
    const rows = await until('emails skipped', async () => {
      const r = await rowsOf(agent.id);
      return r.length === 4 && r.every((n) => n.email_state === 'skipped') && r;
    });
    assert.equal(rows.length, 4);
    assert.equal(smtp.received.length, 0);
  });

  test('by email through the first inbox with SMTP: subject, text and the link to the work order; sent once, however often the job runs', async () => {
    const owner = await loginAs(s.url);
    const noSmtp = await owner.post('/api/channels/email/inboxes', { name: '只收信', address: 'inbound-only@huayang.test' });
    assert.equal(noSmtp.status, 201, JSON.stringify(noSmtp.body));
    const inbox = await owner.post('/api/channels/email/inboxes', { name: '邮件客服', address: shop, displayName: '花漾美妆客服', smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: shop, password: 'smtp-pass-1' } });
    assert.equal(inbox.status, 201, JSON.stringify(inbox.body));

    await send({ userIds: [agent.id], kind: 'escalation', workOrderId, title: '工单 #1024 已升级到主管', body: '超过解决时限 2 小时，请尽快处理' });
    const mail = await until('the notification email', async () => smtp.received.find((m) => m.to.includes(agent.email)));
    assert.equal(mail.user, shop, 'signed in with the inbox’s SMTP login');
    assert.equal(mail.mail.subject, '【店服】工单 #1024 已升级到主管');
    assert.equal(mail.mail.from?.value[0].address, shop);
    assert.equal(mail.mail.from?.value[0].name, '花漾美妆客服');
    const text = mail.mail.text ?? '';
    assert.match(text, /超过解决时限 2 小时，请尽快处理/);
    assert.ok(text.includes(`${PUBLIC_URL}/work-orders/${workOrderId}`), text);
    const row = await until('marked sent', async () => (await rowsOf(agent.id)).find((n) => n.kind === 'escalation' && n.email_state === 'sent'));

    // The job again (a retry after the mark, a duplicate enqueue): nothing more leaves.
    await enqueueJob(s.db, { name: 'notifications.send-email', accountId, payload: { notificationId: String(row.id) } });
    await until('the repeated job done', async () => (await s.db.selectFrom('jobs').select('id').where('name', '=', 'notifications.send-email').where('state', 'in', ['queued', 'running']).execute()).length === 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.received.filter((m) => m.to.includes(agent.email)).length, 1);
  });

  test('a mail server that refuses the member’s address marks the email failed, the notification stays', async () => {
    refuse.add(colleague.email);
    await send({ userIds: [colleague.id], kind: 'reminder', workOrderId, title: '工单 #1024 即将超时' });
    const row = await until('marked failed', async () => (await rowsOf(colleague.id)).find((n) => n.kind === 'reminder' && n.email_state === 'failed'));
    assert.equal(row.read_at, null);
    assert.equal(smtp.received.filter((m) => m.to.includes(colleague.email)).length, 0);
    const list = await colleague.client.get('/api/notifications?unread=true');
    assert.ok(list.body.items.some((n: any) => n.title === '工单 #1024 即将超时'));
  });
});
