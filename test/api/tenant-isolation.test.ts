/**
 * Tenant isolation, generated from the live route table: shop B, holding shop A's real ids, can
 * neither read nor change anything of A through any route with a path parameter, and no list B
 * can read shows anything of A. A new route is covered the day it is added.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { ADMIN_EMAIL, loginAs, startTestServer, TestClient, type Response, type TestServer } from '../harness.ts';
import { ensureDefaultInbox } from '../../src/server/modules/conversations/index.ts';
import { firstAccountId, makeAccount, makeUser } from '../factories.ts';
import { errorShapeProblem, fillPath, key, loadRouteTable, nonNull, sampleBody, type Route } from './route-table.ts';

/** Path parameters that carry a secret (a capability link), not a record id: holding one is the permission. */
const CAPABILITY_PARAMS = new Set(['token']);
/** Path parameters the fixtures below know how to fill. Any other name is reported as uncovered. */
const KNOWN_PARAMS = new Set(['id', ...CAPABILITY_PARAMS]);

/** Bodies that pass validation, so the handler itself has to refuse the foreign id (a 400 would prove nothing). */
const BODIES: Record<string, () => unknown> = {
  'PATCH /api/users/:id': () => ({ name: 'B改的名字', nickname: 'hijacked', role: 'agent' }),
  'PUT /api/customers/:id/consents': () => ({ changes: [{ channel: 'email', status: 'opted_out', source: 'agent' }] }),
};

let server: TestServer;
let routes: Route[];
const tag = crypto.randomBytes(4).toString('hex');

// Shop A: the first account, its owner, and one record of each kind that has an id route.
let ownerA: TestClient;
const A = {
  accountId: '',
  accountName: '',
  ownerId: '',
  user: { id: '', email: '', name: `甲店成员-${tag}` },
  invitation: { id: '', email: `a-invitee-${tag}@shop.test`, name: `甲店受邀人-${tag}`, token: '' },
  token: { id: '', name: `甲店令牌-${tag}`, prefix: '', secret: '' },
};
// Shop B: its owner signed in (session), an admin API token, and one user of its own.
let sessionB: TestClient;
let tokenB: TestClient;
let userBId = '';
let ownerBId = '';
// B's shopper: the widget's routes know a visitor by its token, not a signed-in member.
let visitorB: TestClient;
// A's shopper and the conversation they opened.
const conversationA = { id: '', visitorToken: '' };
// A's customer (the shopper's record) and a gift of A's points catalogue.
const loyaltyA = { customerId: '', giftId: '', giftName: `甲店礼品-${tag}` };
// A's customer record (客户档案) with a name and a phone, made through the API.
const customerA = { id: '', name: `甲店客户-${tag}`, phone: `139${crypto.randomInt(10_000_000, 99_999_999)}` };

const randomId = (prefix = 'usr') => `${prefix}_${Array.from(crypto.randomBytes(26), (b) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[b % 32]).join('')}`;

/** Everything of A that must never turn up in an answer to B. */
function secretsOfA(): string[] {
  return [
    A.accountId, A.accountName, A.ownerId, ADMIN_EMAIL,
    A.user.id, A.user.email, A.user.name,
    A.invitation.id, A.invitation.email, A.invitation.name, A.invitation.token,
    A.token.id, A.token.name, A.token.prefix, A.token.secret,
    conversationA.id, conversationA.visitorToken,
    loyaltyA.customerId, loyaltyA.giftId, loyaltyA.giftName,
    customerA.id, customerA.name, customerA.phone,
  ].filter(Boolean);
}

function leaks(res: Response, secrets = secretsOfA()): string[] {
  const text = (typeof res.body === 'string' ? res.body : JSON.stringify(res.body) ?? '').toLowerCase();
  const headers = JSON.stringify([...res.headers.entries()].filter(([h]) => h !== 'set-cookie')).toLowerCase();
  return secrets.filter((s) => text.includes(s.toLowerCase()) || headers.includes(s.toLowerCase()));
}

/** A's record ids of every kind, plus a random well-formed id for kinds A has no fixture of. */
function candidateIds(): { label: string; value: string }[] {
  return [
    { label: "A's user", value: A.user.id },
    { label: "A's owner", value: A.ownerId },
    { label: "A's invitation", value: A.invitation.id },
    { label: "A's API token", value: A.token.id },
    { label: "A's account", value: A.accountId },
    { label: "A's conversation", value: conversationA.id },
    { label: "A's customer", value: loyaltyA.customerId },
    { label: "A's customer record", value: customerA.id },
    { label: "A's points gift", value: loyaltyA.giftId },
    { label: 'a random usr_ id', value: randomId('usr') },
  ];
}

function bodyFor(route: Route): unknown {
  const make = BODIES[key(route)];
  if (make) return make();
  return route.bodySchema ? sampleBody(route) : route.method === 'GET' ? undefined : {};
}

const isWidgetRoute = (route?: Route) => Boolean(route?.path.startsWith('/api/widget/'));

const callers = (route?: Route) =>
  isWidgetRoute(route)
    ? [{ name: "B's shopper (visitor token)", client: visitorB }]
    : [
        { name: "B's owner (session)", client: sessionB },
        { name: "B's admin API token", client: tokenB },
      ];

async function widgetVisitor(accountId: string): Promise<{ client: TestClient; token: string }> {
  const inbox = await server.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow();
  const res = await new TestClient(server.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { client: new TestClient(server.url, 'zh-CN', undefined, res.body.visitorToken), token: res.body.visitorToken };
}

before(async () => {
  server = await startTestServer();
  routes = await loadRouteTable(server);

  A.accountId = await firstAccountId(server.db);
  ownerA = await loginAs(server.url);
  const me = await ownerA.get('/api/auth/me');
  A.ownerId = me.body.user.id;
  A.accountName = me.body.account.name;

  const u = await makeUser(server.db, A.accountId, 'agent', { name: A.user.name, specialisation: 'after_sale' });
  A.user.id = u.user.id;
  A.user.email = u.email;

  const inv = await ownerA.post('/api/invitations', { email: A.invitation.email, role: 'agent', name: A.invitation.name });
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  A.invitation.id = inv.body.invitation.id;
  A.invitation.token = decodeURIComponent(new URL(inv.body.inviteUrl).pathname.split('/').pop()!);
  assert.ok(A.invitation.token.length >= 10, `no token in ${inv.body.inviteUrl}`);

  const tok = await ownerA.post('/api/api-tokens', { name: A.token.name, role: 'agent' });
  assert.equal(tok.status, 201, JSON.stringify(tok.body));
  A.token.id = tok.body.token.id;
  A.token.prefix = tok.body.token.prefix;
  A.token.secret = tok.body.secret;

  const b = await makeAccount(server.db);
  sessionB = await loginAs(server.url, b.email, b.password);
  ownerBId = b.owner.id;
  userBId = (await makeUser(server.db, b.accountId, 'agent')).user.id;
  const tb = await sessionB.post('/api/api-tokens', { name: 'B的集成', role: 'admin' });
  assert.equal(tb.status, 201, JSON.stringify(tb.body));
  tokenB = new TestClient(server.url, 'zh-CN', tb.body.secret);

  const shopperA = await widgetVisitor(A.accountId);
  conversationA.visitorToken = shopperA.token;
  const sent = await shopperA.client.post('/api/widget/v1/messages', { clientId: `a-${tag}-0001`, body: `甲店顾客的问题-${tag}` });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  conversationA.id = sent.body.message.conversationId;
  const record = await ownerA.post('/api/customers', { name: customerA.name, phone: customerA.phone });
  assert.equal(record.status, 201, JSON.stringify(record.body));
  customerA.id = record.body.customer.id;
  loyaltyA.customerId = (await server.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationA.id).executeTakeFirstOrThrow()).customer_id;
  const gift = await ownerA.post('/api/loyalty/gifts', { kind: 'gift', name: loyaltyA.giftName, pointsCost: 10 });
  assert.equal(gift.status, 201, JSON.stringify(gift.body));
  loyaltyA.giftId = gift.body.gift.id;
  await ensureDefaultInbox(server.db, b.accountId);
  visitorB = (await widgetVisitor(b.accountId)).client;
  await visitorB.post('/api/widget/v1/messages', { clientId: `b-${tag}-0001`, body: '乙店顾客' });
});

after(async () => {
  await server?.close();
});

test('the fixtures work: B reaches its own records through the same routes', async () => {
  const getUser = routes.find((r) => r.method === 'GET' && r.path === '/api/users/:id');
  assert.ok(getUser, 'GET /api/users/:id is in the route table');
  for (const { name, client } of callers()) {
    for (const id of [ownerBId, userBId]) {
      const res: Response = await client.get(fillPath(getUser, { id }));
      assert.equal(res.status, 200, `${name} reading its own user ${id}: ${JSON.stringify(res.body)}`);
    }
  }
  const own = await ownerA.get(fillPath(getUser, { id: A.user.id }));
  assert.equal(own.status, 200, "A's owner reads A's user");
});

test('every route with a path parameter refuses A’s ids to B', async (t) => {
  const paramRoutes = routes.filter((r) => r.hasIdParam && !r.params.some((p) => CAPABILITY_PARAMS.has(p)));
  assert.ok(paramRoutes.length > 0, 'the route table has routes with path parameters');
  const uncovered = [...new Set(paramRoutes.flatMap((r) => r.params.filter((p) => !KNOWN_PARAMS.has(p))))];
  // GETs first, so a leaking write cannot hide a leaking read.
  const ordered = [...paramRoutes.filter((r) => r.method === 'GET'), ...paramRoutes.filter((r) => r.method !== 'GET')];
  for (const route of ordered) {
    for (const { name, client } of callers(route)) {
      await t.test(`${key(route)} as ${name}`, async () => {
        const problems: string[] = [];
        for (const { label, value } of candidateIds()) {
          const path = fillPath(route, () => value);
          const res = await client.request(route.method, path, bodyFor(route));
          const where = `${route.method} ${path} (${label})`;
          if (res.status !== 404 && res.status !== 403) problems.push(`${where} answered ${res.status}, not 404/403: ${JSON.stringify(res.body).slice(0, 300)}`);
          else {
            const shape = errorShapeProblem(res.body);
            if (shape) problems.push(`${where}: ${shape}`);
          }
          const leaked = leaks(res);
          if (leaked.length) problems.push(`${where} revealed ${leaked.join(', ')}`);
        }
        const hint = uncovered.length ? `\n(path parameters without a fixture, filled with A's ids and a random usr_ id: ${uncovered.map((p) => `:${p}`).join(', ')})` : '';
        if (problems.length) assert.fail(`${problems.join('\n')}${hint}`);
      });
    }
  }
});

test('capability links (:token) open only what they are for, and a guessed one opens nothing', async (t) => {
  const capRoutes = routes.filter((r) => r.params.some((p) => CAPABILITY_PARAMS.has(p)));
  for (const route of capRoutes) {
    await t.test(key(route), async () => {
      const fill = (token: string) => fillPath(route, (p) => (CAPABILITY_PARAMS.has(p) ? token : A.invitation.id));
      for (const { name, client } of [...callers(), { name: 'nobody', client: new TestClient(server.url) }]) {
        // A forged secret of the right shape, and A's invitation id in the token's place: nothing.
        for (const forged of [crypto.randomBytes(24).toString('base64url'), A.invitation.id, A.token.secret]) {
          const res = await client.request(route.method, fill(forged), bodyFor(route));
          assert.ok(res.status === 404 || res.status === 403, `${name}: ${route.method} with a forged token answered ${res.status}: ${JSON.stringify(res.body)}`);
          assert.equal(errorShapeProblem(res.body), null);
          assert.deepEqual(leaks(res), [], `${name}: a forged token revealed something of A`);
        }
        if (route.access !== 'public') {
          // A capability behind a sign-in is still scoped to the caller's account.
          const res = await client.request(route.method, fill(A.invitation.token), bodyFor(route));
          assert.ok(res.status === 404 || res.status === 403, `${name}: A's real token answered ${res.status}`);
          continue;
        }
        // The invitee's link is public by design (they have no account yet): it may show the
        // invitation it is for, and nothing else of A — no ids, no other people, no secrets.
        const res = await client.request(route.method, fill(A.invitation.token), bodyFor(route));
        assert.ok(res.status < 500, `${name}: ${res.status}`);
        const allowed = new Set([A.invitation.email, A.invitation.name, A.accountName, A.invitation.token]);
        const leaked = leaks(res, secretsOfA().filter((s) => !allowed.has(s)));
        assert.deepEqual(leaked, [], `${name}: A's invitation link revealed more than the invitation: ${JSON.stringify(res.body)}`);
      }
    });
  }
});

test('no list B can read shows anything of A', async (t) => {
  const lists = routes.filter((r) => r.method === 'GET' && !r.hasIdParam);
  assert.ok(lists.length > 0);
  const probes = [A.user.id, A.ownerId, A.user.email, ADMIN_EMAIL, A.invitation.email, A.token.id, A.accountId];
  for (const route of lists) {
    for (const { name, client } of callers(route)) {
      await t.test(`${key(route)} as ${name}`, async () => {
        // The plain list, then every free-text filter set to each of A's ids and emails.
        const queries = [''];
        for (const q of route.query) {
          const s = nonNull(q.schema)[0] ?? q.schema;
          if (s.type === 'string' && !s.enum && !s.format) for (const v of probes) queries.push(`?${encodeURIComponent(q.name)}=${encodeURIComponent(v)}`);
        }
        const problems: string[] = [];
        for (const query of queries) {
          const res = await client.get(route.path + query);
          if (res.status >= 500) problems.push(`${route.path}${query} answered ${res.status}`);
          // A probe that is not even well-formed for the filter may be refused as bad input; a socket wants an upgrade.
          const refusedProbe = query !== '' && res.status === 400 && res.body?.error?.code === 'validation_failed';
          const socketOnly = res.status === 426 && res.body?.error?.code === 'upgrade_required';
          if (res.status >= 400 && res.status !== 403 && res.status !== 404 && !refusedProbe && !socketOnly) problems.push(`${route.path}${query} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
          const leaked = leaks(res);
          if (leaked.length) problems.push(`${route.path}${query} revealed ${leaked.join(', ')}`);
        }
        if (problems.length) assert.fail(problems.join('\n'));
      });
    }
  }
});

test('A’s records are unchanged afterwards', async () => {
  const user = await ownerA.get(`/api/users/${A.user.id}`);
  assert.equal(user.status, 200);
  assert.equal(user.body.user.status, 'active', 'A’s user is still active');
  assert.equal(user.body.user.name, A.user.name);
  assert.equal(user.body.user.nickname, null);
  assert.equal(user.body.user.role, 'agent');
  assert.equal(user.body.user.specialisation, 'after_sale');

  const owner = await ownerA.get(`/api/users/${A.ownerId}`);
  assert.equal(owner.body.user.status, 'active');
  assert.equal(owner.body.user.role, 'owner');

  const invitations = await ownerA.get('/api/invitations');
  assert.ok(invitations.body.items.some((i: { id: string }) => i.id === A.invitation.id), 'A’s invitation is still pending');
  const preview = await new TestClient(server.url).get(`/api/invitations/by-token/${encodeURIComponent(A.invitation.token)}`);
  assert.equal(preview.status, 200, 'A’s invitation link still works');

  const tokens = await ownerA.get('/api/api-tokens');
  const tok = tokens.body.items.find((x: { id: string }) => x.id === A.token.id);
  assert.equal(tok?.revokedAt, null, 'A’s token is not revoked');
  const viaToken = await new TestClient(server.url, 'zh-CN', A.token.secret).get('/api/auth/me');
  assert.equal(viaToken.status, 200, 'A’s token still works');
  assert.equal(viaToken.body.account.id, A.accountId);

  const record = await ownerA.get(`/api/customers/${customerA.id}`);
  assert.equal(record.status, 200);
  assert.equal(record.body.customer.name, customerA.name, 'A’s customer record is unchanged');
  assert.equal(record.body.customer.phone, customerA.phone);

  const account = await ownerA.get('/api/account');
  assert.equal(account.body.account.name, A.accountName);

  // Nothing B did shows up in A's audit log, and A's owner is still signed in.
  const audit = await ownerA.get('/api/audit-log?limit=200');
  assert.equal(audit.status, 200);
  const strangers = audit.body.items.filter((e: { actor: { id: string | null } | null }) => e.actor?.id && ![A.ownerId, A.user.id, A.token.id].includes(e.actor.id));
  assert.deepEqual(strangers, [], 'A’s audit log has entries by someone outside A');
});
