import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeUser } from '../../../../test/factories.ts';

const sign = (secret: string, id: string) => crypto.createHmac('sha256', secret).update(id).digest('hex');

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
    const ok = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id, identity: { customerId: 'c-1', name: '李娜', signature: sign(secret, 'c-1') } });
    assert.equal(ok.status, 200);
    const rotated = await owner.post(`/api/inboxes/${web.id}/rotate-secret`);
    assert.notEqual(rotated.body.identitySecret, secret);
    const old = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: web.id, identity: { customerId: 'c-1', signature: sign(secret, 'c-1') } });
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
});
