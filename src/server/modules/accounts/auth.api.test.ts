import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeUser } from '../../../../test/factories.ts';

describe(`sign-in, sessions and users (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
  });
  after(async () => { await s.close(); });

  test('the first start made an owner who can sign in; the cookie is HttpOnly and SameSite', async () => {
    const c = new TestClient(s.url);
    const res = await c.post('/api/auth/login', { email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
    assert.equal(res.status, 200);
    assert.equal(res.body.user.role, 'owner');
    assert.equal(res.body.account.name, '测试店铺');
    assert.ok(res.body.permissions.includes('users.manage'));
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    const me = await c.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, ADMIN_EMAIL);
  });

  test('each sign-in gets a new session token', async () => {
    const a = await loginAs(s.url);
    const b = await loginAs(s.url);
    assert.notEqual(a.cookie, b.cookie);
    assert.notEqual(a.csrfToken, b.csrfToken);
  });

  test('a wrong password is refused in the user’s language and audited', async () => {
    const { email } = await makeUser(s.db, accountId, 'agent');
    const zh = await new TestClient(s.url, 'zh-CN').post('/api/auth/login', { email, password: 'wrong-password' });
    assert.equal(zh.status, 401);
    assert.equal(zh.body.error.code, 'invalid_credentials');
    assert.equal(zh.body.error.message, '邮箱或密码不正确');
    const en = await new TestClient(s.url, 'en').post('/api/auth/login', { email, password: 'wrong-password' });
    assert.equal(en.body.error.message, 'Wrong email or password');
    const owner = await loginAs(s.url);
    const audit = await owner.get('/api/audit-log?action=auth.login_failed');
    assert.ok(audit.body.items.some((i: any) => i.actor?.name && i.ip));
  });

  test('repeated failures lock the email with a growing wait, even for the right password', async () => {
    const { email, password } = await makeUser(s.db, accountId, 'agent');
    const c = new TestClient(s.url);
    for (let i = 0; i < 5; i++) assert.equal((await c.post('/api/auth/login', { email, password: 'nope-nope' })).status, 401);
    const locked = await c.post('/api/auth/login', { email, password });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error.code, 'too_many_attempts');
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    // Unknown emails are throttled the same way, so the answer does not tell which emails exist.
    const ghost = new TestClient(s.url);
    for (let i = 0; i < 5; i++) await ghost.post('/api/auth/login', { email: 'ghost@nowhere.test', password: 'x-x-x-x-x' });
    assert.equal((await ghost.post('/api/auth/login', { email: 'ghost@nowhere.test', password: 'x-x-x-x-x' })).status, 429);
  });

  test('a state-changing request without the CSRF token is refused', async () => {
    const c = await loginAs(s.url);
    const token = c.csrfToken;
    c.csrfToken = '';
    const res = await c.patch('/api/auth/profile', { nickname: '小店' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'csrf_failed');
    c.csrfToken = token;
    assert.equal((await c.patch('/api/auth/profile', { nickname: '小店' })).status, 200);
  });

  test('logout ends the session', async () => {
    const c = await loginAs(s.url);
    assert.equal((await c.post('/api/auth/logout')).status, 204);
    const me = await new TestClient(s.url).request('GET', '/api/auth/me', undefined, { cookie: c.cookie });
    assert.equal(me.status, 401);
  });

  test('changing the password signs out the other sessions and needs the current password', async () => {
    const { email, password } = await makeUser(s.db, accountId, 'agent');
    const a = await loginAs(s.url, email, password);
    const b = await loginAs(s.url, email, password);
    const wrong = await a.post('/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'new-password-2' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.field, 'currentPassword');
    const short = await a.post('/api/auth/password', { currentPassword: password, newPassword: 'short' });
    assert.equal(short.body.error.code, 'weak_password');
    assert.equal((await a.post('/api/auth/password', { currentPassword: password, newPassword: 'new-password-2' })).status, 204);
    assert.equal((await a.get('/api/auth/me')).status, 200);
    assert.equal((await b.get('/api/auth/me')).status, 401);
    await loginAs(s.url, email, 'new-password-2');
  });

  test('invite → accept → the new agent signs in with the role and specialisation given', async () => {
    const owner = await loginAs(s.url);
    const inv = await owner.post('/api/invitations', { email: 'new.agent@shop.test', role: 'agent', specialisation: 'after_sale', name: '小王' });
    assert.equal(inv.status, 201);
    const token = inv.body.inviteUrl.split('/invite/')[1];
    const dup = await owner.post('/api/invitations', { email: 'NEW.AGENT@shop.test', role: 'agent' });
    assert.equal(dup.body.error.code, 'invitation_pending');
    const preview = await new TestClient(s.url).get(`/api/invitations/by-token/${token}`);
    assert.equal(preview.body.accountName, '测试店铺');
    const guest = new TestClient(s.url);
    const accepted = await guest.post('/api/invitations/accept', { token, name: '王小二', password: 'agent-password-1' });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.user.role, 'agent');
    assert.equal(accepted.body.user.specialisation, 'after_sale');
    assert.equal((await guest.get('/api/auth/me')).status, 200);
    const again = await new TestClient(s.url).post('/api/invitations/accept', { token, name: 'x', password: 'agent-password-1' });
    assert.equal(again.body.error.code, 'invitation_invalid');
    const pending = await owner.get('/api/invitations');
    assert.ok(!pending.body.items.some((i: any) => i.email === 'new.agent@shop.test'));
  });

  test('deactivating a user ends their sessions and blocks sign-in; the owner is protected', async () => {
    const { user, email, password } = await makeUser(s.db, accountId, 'team_lead');
    const lead = await loginAs(s.url, email, password);
    const owner = await loginAs(s.url);
    const res = await owner.post(`/api/users/${user.id}/deactivate`);
    assert.equal(res.body.user.status, 'deactivated');
    assert.equal((await lead.get('/api/auth/me')).status, 401);
    const blocked = await new TestClient(s.url).post('/api/auth/login', { email, password });
    assert.equal(blocked.body.error.code, 'user_deactivated');
    const me = await owner.get('/api/auth/me');
    assert.equal((await owner.post(`/api/users/${me.body.user.id}/deactivate`)).body.error.code, 'cannot_change_self');
    const { email: adminEmail, password: adminPw } = await makeUser(s.db, accountId, 'admin');
    const admin = await loginAs(s.url, adminEmail, adminPw);
    const protectedOwner = await admin.post(`/api/users/${me.body.user.id}/deactivate`);
    assert.equal(protectedOwner.body.error.code, 'owner_protected');
    assert.equal((await admin.patch(`/api/users/${user.id}`, { role: 'owner' })).body.error.code, 'role_not_assignable');
    assert.equal((await owner.post(`/api/users/${user.id}/reactivate`)).body.user.status, 'active');
    await loginAs(s.url, email, password);
  });

  test('editing a user records the change in the audit log', async () => {
    const { user } = await makeUser(s.db, accountId, 'agent');
    const owner = await loginAs(s.url);
    const res = await owner.patch(`/api/users/${user.id}`, { displayName: '日本客服A', nickname: '小樱', specialisation: 'pre_sale' });
    assert.equal(res.body.user.displayName, '日本客服A');
    const roleRes = await owner.patch(`/api/users/${user.id}`, { role: 'operations' });
    assert.equal(roleRes.body.user.specialisation, null);
    const audit = await owner.get('/api/audit-log?limit=10');
    const actions = audit.body.items.map((i: any) => i.action);
    assert.ok(actions.includes('user.role_changed'));
    const updated = audit.body.items.find((i: any) => i.action === 'user.updated' && i.targetId === user.id && i.data.displayName);
    assert.deepEqual(updated.data.displayName, { from: null, to: '日本客服A' });
    assert.equal(updated.actionLabel, '修改成员资料');
  });

  test('API tokens authenticate integrations with their role until revoked', async () => {
    const owner = await loginAs(s.url);
    const created = await owner.post('/api/api-tokens', { name: '淘宝连接器', role: 'supervisor', expiresInDays: 30 });
    assert.equal(created.status, 201);
    const bot = new TestClient(s.url, 'zh-CN', created.body.secret);
    assert.equal((await bot.get('/api/users')).status, 200);
    assert.equal((await bot.get('/api/api-tokens')).status, 403);
    const list = await owner.get('/api/api-tokens');
    const listed = list.body.items.find((t: any) => t.id === created.body.token.id);
    assert.ok(listed.lastUsedAt);
    assert.ok(!JSON.stringify(list.body).includes(created.body.secret));
    assert.equal((await owner.post(`/api/api-tokens/${created.body.token.id}/revoke`)).status, 204);
    assert.equal((await bot.get('/api/users')).status, 401);
  });

  test('account settings: owner changes them, an agent may not', async () => {
    const owner = await loginAs(s.url);
    const res = await owner.patch('/api/account', { name: '小美护肤旗舰店', timezone: 'Asia/Shanghai' });
    assert.equal(res.body.account.name, '小美护肤旗舰店');
    const bad = await owner.patch('/api/account', { timezone: 'Mars/Olympus' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'timezone');
    const { email, password } = await makeUser(s.db, accountId, 'agent');
    const agent = await loginAs(s.url, email, password);
    assert.equal((await agent.patch('/api/account', { name: 'x' })).status, 403);
  });
});
