import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeUser } from '../../../../test/factories.ts';

/** A shop's signed identity, as its server would make it: the signature covers the id and the expiry (an hour ahead). */
const signed = (secret: string, customerId: string) => {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  return { customerId, expiresAt, signature: crypto.createHmac('sha256', secret).update(`${customerId}.${expiresAt}`).digest('hex') };
};

describe(`inboxes (${testStore})`, () => {
  let s: TestServer;
  before(async () => { s = await startTestServer(); });
  after(async () => { await s.close(); });

  test('an admin gets the embed snippet and the identity secret, and can rotate it', async () => {
    const owner = await loginAs(s.url);
    const list = await owner.get('/api/inboxes');
    const web = list.body.items.find((i: any) => i.channel === 'web');
    assert.ok(web);
    const embed = await owner.get(`/api/inboxes/${web.id}/embed`);
    assert.equal(embed.body.snippet, `<script src="${s.url}/widget.js" data-inbox="${web.id}" async></script>`);
    const secret = embed.body.identitySecret;
    const ok = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id, identity: { ...signed(secret, 'c-1'), name: '李娜' } });
    assert.equal(ok.status, 200);
    const rotated = await owner.post(`/api/inboxes/${web.id}/rotate-secret`);
    assert.notEqual(rotated.body.identitySecret, secret);
    const old = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id, identity: signed(secret, 'c-1') });
    assert.equal(old.body.error.code, 'identity_invalid');
    const audit = await owner.get('/api/audit-log?action=inbox.secret_rotated');
    assert.equal(audit.body.items.length, 1);
  });

  test('taking an inbox offline sends shoppers to the leave-a-message form; agents may not change it', async () => {
    const accountId = await firstAccountId(s.db);
    const owner = await loginAs(s.url);
    const web = (await owner.get('/api/inboxes')).body.items[0];
    const updated = await owner.patch(`/api/inboxes/${web.id}`, { greeting: '欢迎光临花漾美妆！', offline: true, color: '#c2185b' });
    assert.equal(updated.body.inbox.offline, true);
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id });
    assert.equal(session.body.inbox.online, false);
    assert.equal(session.body.inbox.greeting, '欢迎光临花漾美妆！');
    assert.equal(session.body.inbox.color, '#c2185b');
    await owner.patch(`/api/inboxes/${web.id}`, { offline: false });
    const back = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id });
    assert.equal(back.body.inbox.online, true, 'the owner is signed in, so someone can answer');
    const { email, password } = await makeUser(s.db, accountId, 'agent');
    const agent = await loginAs(s.url, email, password);
    assert.equal((await agent.get('/api/inboxes')).status, 200);
    assert.equal((await agent.get(`/api/inboxes/${web.id}/embed`)).status, 403);
    assert.equal((await agent.patch(`/api/inboxes/${web.id}`, { offline: true })).status, 403);
  });

  test('an inbox takes so many messages and new visitors a minute, from all shoppers together', async () => {
    const owner = await loginAs(s.url);
    const web = (await owner.get('/api/inboxes')).body.items[0];
    assert.deepEqual(web.limits, { messagesPerMinute: 3000, newVisitorsPerMinute: 600 });
    const bad = await owner.patch(`/api/inboxes/${web.id}`, { limits: { messagesPerMinute: 0 } });
    assert.equal(bad.status, 400);
    const set = await owner.patch(`/api/inboxes/${web.id}`, { limits: { messagesPerMinute: 10 } });
    assert.deepEqual(set.body.inbox.limits, { messagesPerMinute: 10, newVisitorsPerMinute: 600 });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) tokens.push((await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id })).body.visitorToken);
    const statuses: number[] = [];
    let limited: any;
    for (let i = 0; i < 12; i++) {
      const res = await new TestClient(s.url, 'zh-CN', undefined, tokens[i % 3]).post('/api/widget/v1/messages', { clientId: crypto.randomUUID(), body: `第${i}条` });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200), 'three shoppers share the ten a minute');
    assert.equal(statuses[10], 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.match(limited.body.error.message, /秒后再试/);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);

    await owner.patch(`/api/inboxes/${web.id}`, { limits: { newVisitorsPerMinute: 10 } });
    let refused: any;
    for (let i = 0; i < 12 && !refused; i++) {
      const res = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id });
      if (res.status === 429) refused = res;
    }
    assert.ok(refused, 'new visitors beyond the limit are refused');
    // A returning visitor is no new visitor: they still get in.
    assert.equal((await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id, visitorToken: tokens[0] })).status, 200);
    await owner.patch(`/api/inboxes/${web.id}`, { limits: { messagesPerMinute: 3000, newVisitorsPerMinute: 600 } });
  });

  test('outside business hours the widget offers the leave-a-message form, whoever is signed in', async () => {
    const owner = await loginAs(s.url);
    const web = (await owner.get('/api/inboxes')).body.items[0];
    assert.equal(web.businessHours.enabled, false);
    assert.equal(web.businessHours.timezone, 'Asia/Shanghai');
    const closedAllWeek = { enabled: true, timezone: 'Asia/Shanghai', week: Array.from({ length: 7 }, () => []) };
    const closed = await owner.patch(`/api/inboxes/${web.id}`, { businessHours: closedAllWeek });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal((await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id })).body.inbox.online, false);
    // Two periods cover the whole day, the second running to midnight.
    const allDay = { enabled: true, timezone: 'Asia/Shanghai', week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '12:00' }, { from: '12:00', to: '00:00' }]) };
    await owner.patch(`/api/inboxes/${web.id}`, { businessHours: allDay });
    assert.equal((await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id })).body.inbox.online, true);
    for (const bad of [{ ...allDay, timezone: 'Mars/Olympus' }, { ...allDay, week: allDay.week.slice(0, 6) }, { ...allDay, week: allDay.week.map(() => [{ from: '25:00', to: '26:00' }]) }]) {
      const res = await owner.patch(`/api/inboxes/${web.id}`, { businessHours: bad });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'validation_failed');
    }
    await owner.patch(`/api/inboxes/${web.id}`, { businessHours: { ...allDay, enabled: false } });
  });
});
