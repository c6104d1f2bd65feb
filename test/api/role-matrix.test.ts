/**
 * The permission matrix, generated from the live route table: every role, signed in and as an API
 * token of that role, against every route. A route guarded by a permission answers 403 `forbidden`
 * exactly to the roles without it; everyone signed in passes 'authenticated'; nobody passes
 * without signing in; a session cannot change anything without its CSRF token.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { loginAs, startTestServer, TestClient, type Response, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser } from '../factories.ts';
import { can, PERMISSIONS, ROLES, type Permission, type Role } from '../../src/server/modules/accounts/index.ts';
import { errorShapeProblem, fillPath, key, loadRouteTable, sampleBody, type Route } from './route-table.ts';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

/**
 * Request bodies that pass validation and the handler's own rules for every role that holds the
 * permission (so a 403 can only come from the permission check). Routes not listed get a body built
 * from their schema; a 400 from it still counts as having passed the permission check.
 */
const BODIES: Record<string, () => unknown> = {
  'PATCH /api/account': () => ({ timezone: 'Asia/Shanghai' }),
  'PATCH /api/auth/profile': () => ({ nickname: '矩阵小助手' }),
  // A wrong current password: passes the access check, changes nothing.
  'POST /api/auth/password': () => ({ currentPassword: 'not-the-password-1', newPassword: 'another-password-1' }),
  'POST /api/auth/login': () => ({ email: `nobody-${unique()}@shop.test`, password: 'wrong-password-1' }),
  'POST /api/invitations': () => ({ email: `matrix-${unique()}@shop.test`, role: 'agent' }),
  'POST /api/invitations/accept': () => ({ token: crypto.randomBytes(24).toString('base64url'), name: '无名', password: 'matrix-password-1' }),
  'POST /api/api-tokens': () => ({ name: `矩阵令牌-${unique()}`, role: 'agent' }),
  'PATCH /api/users/:id': () => ({ nickname: '矩阵' }),
  'POST /api/sla-calendars': () => ({ name: `矩阵日历${unique()}`, week: [[{ from: '09:00', to: '18:00' }], [], [], [], [], [], []] }),
  'POST /api/sla-policies': () => ({ name: `矩阵策略${unique()}`, targets: [{ priority: null, tierId: null, firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: null }] }),
};

/** 'authenticated' routes that act on the signed-in *user*: an API token is refused with 403 forbidden. */
const USER_ONLY = new Set(['PATCH /api/auth/profile', 'POST /api/auth/password', 'POST /api/conversations/:id/take', 'POST /api/conversations/:id/transfer', 'POST /api/quick-replies', 'PUT /api/work-orders/:id/watch', 'DELETE /api/work-orders/:id/watch']);

/** Routes that end the caller's session: run last for each caller. */
const ENDS_SESSION = (r: Route) => /\/logout$/.test(r.path);

let server: TestServer;
let routes: Route[];
let owner: TestClient;
const sessions = new Map<Role, TestClient>();
const tokens = new Map<Role, TestClient>();
// Records the id routes act on: never the callers themselves.
const victims = { user: '', invitation: '', token: '' };
let revokedTokenSecret = '';

function pathFor(route: Route): string {
  return fillPath(route, (param) => {
    if (param === 'token') return crypto.randomBytes(24).toString('base64url');
    if (route.path.startsWith('/api/users/')) return victims.user;
    if (route.path.startsWith('/api/invitations/')) return victims.invitation;
    if (route.path.startsWith('/api/api-tokens/')) return victims.token;
    return `usr_${crypto.randomBytes(13).toString('hex').toUpperCase()}`;
  });
}

function bodyFor(route: Route): unknown {
  const make = BODIES[key(route)];
  if (make) return make();
  return route.bodySchema ? sampleBody(route) : route.method === 'GET' ? undefined : {};
}

const call = (client: TestClient, route: Route) => client.request(route.method, pathFor(route), bodyFor(route));

const show = (res: Response) => `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;

function isPermission(access: string): access is Permission {
  return Object.hasOwn(PERMISSIONS, access);
}

/** Non-public routes, the session-ending ones last. */
function guarded(): Route[] {
  const rs = routes.filter((r) => r.access !== 'public');
  return [...rs.filter((r) => !ENDS_SESSION(r)), ...rs.filter(ENDS_SESSION)];
}

before(async () => {
  server = await startTestServer();
  routes = await loadRouteTable(server);
  const accountId = await firstAccountId(server.db);
  owner = await loginAs(server.url);
  sessions.set('owner', owner);
  for (const role of ROLES) {
    if (role === 'owner') continue;
    const u = await makeUser(server.db, accountId, role);
    sessions.set(role, await loginAs(server.url, u.email, u.password));
  }
  for (const role of ROLES) {
    const res = await owner.post('/api/api-tokens', { name: `角色令牌-${role}`, role });
    assert.equal(res.status, 201, `token for ${role}: ${show(res)}`);
    tokens.set(role, new TestClient(server.url, 'zh-CN', res.body.secret));
  }
  victims.user = (await makeUser(server.db, accountId, 'agent', { name: '被操作的成员' })).user.id;
  const inv = await owner.post('/api/invitations', { email: `victim-${unique()}@shop.test`, role: 'agent' });
  assert.equal(inv.status, 201, show(inv));
  victims.invitation = inv.body.invitation.id;
  const tok = await owner.post('/api/api-tokens', { name: '被吊销的令牌', role: 'agent' });
  assert.equal(tok.status, 201, show(tok));
  victims.token = tok.body.token.id;
  const revoked = await owner.post('/api/api-tokens', { name: '已吊销', role: 'owner' });
  revokedTokenSecret = revoked.body.secret;
  assert.equal((await owner.post(`/api/api-tokens/${revoked.body.token.id}/revoke`)).status, 204);
});

after(async () => {
  await server?.close();
});

test('the route table has a rule for every route, and every rule is known', () => {
  const unknown = routes.filter((r) => !['public', 'authenticated'].includes(r.access) && !isPermission(r.access));
  assert.deepEqual(unknown.map((r) => `${key(r)} → ${r.access}`), [], 'x-access names no permission in PERMISSIONS');
  assert.ok(routes.some((r) => isPermission(r.access)), 'some routes are guarded by a permission');
  for (const k of [...USER_ONLY, ...Object.keys(BODIES)]) {
    assert.ok(routes.some((r) => key(r) === k), `the fixture for ${k} names a route that no longer exists`);
  }
});

for (const via of ['session', 'token'] as const) {
  for (const role of ROLES) {
    test(`${role} (${via === 'session' ? 'signed in' : 'API token'})`, async (t) => {
      const client = (via === 'session' ? sessions : tokens).get(role)!;
      for (const route of guarded()) {
        const access = route.access;
        await t.test(`${key(route)} [${access}]`, async () => {
          if (via === 'session' && ENDS_SESSION(route)) {
            // The session still works up to here, so every answer above came from this role.
            const me = await client.get('/api/auth/me');
            assert.equal(me.status, 200, `the ${role} session ended early: ${show(me)}`);
          }
          const res = await call(client, route);
          assert.ok(res.status < 500, show(res));
          if (res.status >= 400) assert.equal(errorShapeProblem(res.body), null, show(res));
          const denied = via === 'token' && USER_ONLY.has(key(route));
          const allowed = !denied && (access === 'authenticated' || can(role, access as Permission));
          if (allowed) {
            assert.ok(res.status !== 401 && res.status !== 403, `${role} may ${access} but got ${show(res)}`);
          } else {
            assert.equal(res.status, 403, `${role} may not ${access} but got ${show(res)}`);
            assert.equal(res.body.error.code, 'forbidden', show(res));
          }
        });
      }
    });
  }
}

test('without signing in, every non-public route answers 401 unauthenticated', async (t) => {
  const callers: [string, TestClient][] = [
    ['nobody', new TestClient(server.url)],
    ['a made-up API token', new TestClient(server.url, 'zh-CN', `sdk_${crypto.randomBytes(32).toString('base64url')}`)],
    ['a revoked API token', new TestClient(server.url, 'zh-CN', revokedTokenSecret)],
    ['a made-up session cookie', Object.assign(new TestClient(server.url), { cookie: `sd_session=${crypto.randomBytes(32).toString('base64url')}`, csrfToken: 'x' })],
  ];
  for (const [name, client] of callers) {
    await t.test(name, async () => {
      const problems: string[] = [];
      for (const route of guarded()) {
        const res = await call(client, route);
        if (res.status !== 401 || res.body?.error?.code !== 'unauthenticated' || errorShapeProblem(res.body)) problems.push(`${key(route)}: ${show(res)}`);
      }
      if (problems.length) assert.fail(problems.join('\n'));
    });
  }
  await t.test('public routes never ask to sign in', async () => {
    for (const route of routes.filter((r) => r.access === 'public')) {
      const res = await call(new TestClient(server.url), route);
      assert.ok(res.status < 500, `${key(route)}: ${show(res)}`);
      assert.notEqual(res.body?.error?.code, 'unauthenticated', `${key(route)}: ${show(res)}`);
    }
  });
});

test('a signed-in session cannot change anything without its CSRF token', async (t) => {
  const session = await loginAs(server.url);
  const unsafe = guarded().filter((r) => r.method !== 'GET' && !ENDS_SESSION(r)).concat(guarded().filter((r) => r.method !== 'GET' && ENDS_SESSION(r)));
  assert.ok(unsafe.length > 0);
  for (const route of unsafe) {
    await t.test(key(route), async () => {
      for (const csrf of ['', 'wrong-token', session.csrfToken.slice(0, -1)]) {
        const client = Object.assign(new TestClient(server.url), { cookie: session.cookie });
        const res = await client.request(route.method, pathFor(route), bodyFor(route), csrf ? { 'x-csrf-token': csrf } : {});
        assert.equal(res.status, 403, `x-csrf-token "${csrf}": ${show(res)}`);
        assert.equal(res.body.error.code, 'csrf_failed', show(res));
      }
    });
  }
  // The session itself was not harmed, and with the token the same request goes through.
  const me = await session.get('/api/auth/me');
  assert.equal(me.status, 200);
  const ok = await session.patch('/api/auth/profile', { nickname: '带令牌' });
  assert.equal(ok.status, 200, show(ok));
});
