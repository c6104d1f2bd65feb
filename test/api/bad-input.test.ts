/**
 * Bad input, generated from the live route table: every route with a JSON body gets malformed
 * JSON, the wrong shapes and types, unknown fields, huge strings, deep nesting, an oversized body
 * and property-based fuzzing (fast-check). Whatever arrives, the answer is never a 5xx and every
 * error has the one shape `{ error: { code, message, field? } }`, in the caller's language.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fc from 'fast-check';
import { ADMIN_EMAIL, ADMIN_PASSWORD, loginAs, startTestServer, TestClient, type Response, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser } from '../factories.ts';
import { errorShapeProblem, fillPath, key, loadRouteTable, nonNull, sampleBody, typeOf, type JsonSchema, type Route } from './route-table.ts';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
const randomEmail = () => `fuzz-${unique()}@shop.test`;

/**
 * Bodies that pass validation and change nothing that matters: a wrong current password, a random
 * email for sign-in (never ADMIN_EMAIL, so the sign-in throttle cannot lock the admin out), an
 * invitation token that does not exist. Fuzzing replaces one field at a time.
 */
const BODIES: Record<string, () => Record<string, unknown>> = {
  'PATCH /api/account': () => ({ name: '测试店铺', timezone: 'Asia/Shanghai' }),
  'PATCH /api/auth/profile': () => ({ nickname: '模糊测试' }),
  'PUT /api/routing/rules/order': () => ({ ids: ['rul_unknown'] }),
  'POST /api/auth/password': () => ({ currentPassword: 'not-the-password-1', newPassword: 'another-password-1' }),
  'POST /api/auth/login': () => ({ email: randomEmail(), password: 'wrong-password-1' }),
  'POST /api/invitations': () => ({ email: randomEmail(), role: 'agent', name: '受邀人' }),
  'POST /api/invitations/accept': () => ({ token: crypto.randomBytes(24).toString('base64url'), name: '无名', password: 'fuzz-password-1' }),
  'POST /api/api-tokens': () => ({ name: '模糊令牌', role: 'agent' }),
  'PATCH /api/users/:id': () => ({ nickname: '模糊' }),
  'POST /api/orders': () => ({ orders: [{ platform: 'web', platformOrderId: `fuzz-${unique()}`, status: 'unpaid', buyer: { email: randomEmail() }, placedAt: new Date().toISOString(), paidTotal: '1.00' }] }),
  'PUT /api/loyalty/tiers': () => ({ tiers: [{ key: 'normal', nameZh: '普通会员', nameEn: 'Member' }, { key: 'vip', nameZh: 'VIP会员', nameEn: 'VIP', minSpend: '5000', minOrders: 10 }] }),
  'POST /api/customer-attributes': () => ({ key: `fuzz_${unique()}`, label: '模糊属性', type: 'text' }),
  'PUT /api/customers/:id/consents': () => ({ changes: [{ channel: 'email', status: 'opted_in', source: 'agent' }] }),
  'POST /api/sla-calendars': () => ({ name: `模糊日历${unique()}`, week: [[{ from: '09:00', to: '18:00' }], [], [], [], [], [], []] }),
  'POST /api/sla-policies': () => ({ name: `模糊策略${unique()}`, targets: [{ priority: null, tierId: null, firstResponseMinutes: 60, nextResponseMinutes: null, resolutionMinutes: null }] }),
};

const SQL = ["' or 1=1 --", "'; drop table users; --", '" or ""="', '1; select pg_sleep(5)', "admin'--", '%\' or \'%\'=\''];
const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}'];
const ODD = ['\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uD83D', '\uDE00y', '\u202Eevil', '\uFEFF', '\uFFFF', '../../etc/passwd', '%00', '\r\n\r\nX-Injected: 1', ' ', '🙂'.repeat(40)];

/** Strings meant to break things: fast-check strings, injection payloads, NUL and lone surrogates, and mixes. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(...SQL, ...SCRIPT, ...ODD),
  fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...SQL, ...SCRIPT, ...ODD), fc.string({ maxLength: 10 })).map(([a, b, c]) => a + b + c),
  fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 }).map((units) => String.fromCharCode(...units)),
);

let server: TestServer;
let routes: Route[];
let bodyRoutes: Route[];
let owner: TestClient;
let victimUserId = '';
const seen = { requests: 0, fiveHundreds: [] as string[] };

/** A made-up client address per request (the server trusts X-Forwarded-For here), so the sign-in throttle counts no one address. */
const fakeIp = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

function clientFor(route: Route, locale = 'zh-CN'): TestClient {
  if (route.access === 'public') return new TestClient(server.url, locale);
  const c = new TestClient(server.url, locale);
  c.cookie = owner.cookie;
  c.csrfToken = owner.csrfToken;
  return c;
}

function pathFor(route: Route): string {
  return fillPath(route, (param) => (param === 'id' && route.path.startsWith('/api/users/') ? victimUserId : param === 'token' ? crypto.randomBytes(24).toString('base64url') : `usr_${unique()}`));
}

function baseBody(route: Route): Record<string, unknown> {
  return BODIES[key(route)]?.() ?? (sampleBody(route) as Record<string, unknown>) ?? {};
}

/** Sends a raw (string) or JSON body; checks the invariants every answer must keep. */
async function send(route: Route, body: unknown, opts: { locale?: string; headers?: Record<string, string>; path?: string } = {}): Promise<Response> {
  const client = clientFor(route, opts.locale);
  const path = opts.path ?? pathFor(route);
  const res = await client.request(route.method, path, body, { 'x-forwarded-for': fakeIp(), ...opts.headers });
  seen.requests++;
  checkInvariants(`${route.method} ${path}`, res);
  return res;
}

function checkInvariants(what: string, res: Response) {
  if (res.status >= 500) seen.fiveHundreds.push(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  assert.ok(res.status < 500, `${what} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  if (res.status >= 400) {
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${what}: an error that is not JSON (${res.status})`);
    const problem = errorShapeProblem(res.body);
    assert.equal(problem, null, `${what} (${res.status}): ${problem}`);
  } else if (res.status !== 204) {
    assert.equal(typeof res.body, 'object', `${what}: a ${res.status} answer that is not JSON`);
  }
}

function expect400(res: Response, what: string, code?: string, field?: string) {
  assert.equal(res.status, 400, `${what}: expected 400, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  if (code) assert.equal(res.body.error.code, code, `${what}: ${JSON.stringify(res.body)}`);
  // An array field names the element at fault (labelIds.0).
  if (field !== undefined && !String(res.body.error.field ?? '').startsWith(`${field}.`)) assert.equal(res.body.error.field, field, `${what}: ${JSON.stringify(res.body)}`);
}

const properties = (route: Route): [string, JsonSchema][] => Object.entries(route.bodySchema?.properties ?? {});
const stringFields = (route: Route) => properties(route).filter(([, s]) => typeOf(s) === 'string').map(([name]) => name);
const isStrict = (route: Route) => route.bodySchema?.additionalProperties === false;

/** A value of the wrong type for the field: string→123, number→"x", enum→"nope", … */
function wrongValue(schema: JsonSchema): unknown {
  switch (typeOf(schema)) {
    case 'string':
      return 123;
    case 'integer':
    case 'number':
      return 'x';
    case 'enum':
    case 'const':
      return 'nope';
    case 'boolean':
      return 'x';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return 'x';
    default:
      return Symbol.for('skip');
  }
}

function deep(depth: number, leaf: unknown = 'x'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

before(async () => {
  server = await startTestServer({ env: { SHOPDESK_TRUST_PROXY: 'true' } });
  routes = await loadRouteTable(server);
  bodyRoutes = routes.filter((r) => r.bodySchema);
  owner = await loginAs(server.url);
  victimUserId = (await makeUser(server.db, await firstAccountId(server.db), 'agent', { name: '模糊测试对象' })).user.id;
});

after(async () => {
  await server?.close();
});

test('the routes with a JSON body are known', () => {
  assert.ok(bodyRoutes.length > 0, 'some routes take a JSON body');
  for (const k of Object.keys(BODIES)) assert.ok(bodyRoutes.some((r) => key(r) === k), `the fixture for ${k} names a route without a body`);
  for (const route of bodyRoutes) assert.equal(route.bodySchema?.type, 'object', `${key(route)}: the body is not an object schema`);
});

test('the fixture bodies are accepted (so a 400 below is about the bad input)', async (t) => {
  for (const route of bodyRoutes) {
    await t.test(key(route), async () => {
      const res = await send(route, baseBody(route));
      assert.notEqual(res.body?.error?.code, 'validation_failed', `${key(route)}: ${JSON.stringify(res.body)}`);
    });
  }
});

test('malformed JSON', async (t) => {
  const bad = ['{', '{"a":', '{"a":1}}', "{'a':1}", '{a:1}', 'nul', '[1,]', '{"a":1,}', '\u0000', '{"a":"\\x"}', '{"a":"\\ud800"', '"', '{}{}'];
  // Every route that takes a request body at all, not only those that declare one: the parser runs first.
  for (const route of routes.filter((r) => r.method !== 'GET').sort((a, b) => Number(/logout$/.test(a.path)) - Number(/logout$/.test(b.path)))) {
    await t.test(key(route), async () => {
      for (const raw of bad) expect400(await send(route, raw), `${JSON.stringify(raw)}`, 'invalid_json');
      expect400(await send(route, ''), 'an empty body', 'invalid_json');
    });
  }
});

test('the wrong shape, the wrong types, unknown fields', async (t) => {
  for (const route of bodyRoutes) {
    await t.test(`${key(route)} › not an object`, async () => {
      for (const body of [[baseBody(route)], [], '"a string"', '123', 'true', 'null', '[[[]]]']) {
        expect400(await send(route, typeof body === 'string' ? body : JSON.stringify(body)), `body ${JSON.stringify(body).slice(0, 60)}`, 'validation_failed');
      }
    });
    await t.test(`${key(route)} › a wrong type in each field`, async () => {
      for (const [field, schema] of properties(route)) {
        const wrong = wrongValue(schema);
        if (typeof wrong === 'symbol') continue;
        expect400(await send(route, { ...baseBody(route), [field]: wrong }), `${field}: ${JSON.stringify(wrong)}`, 'validation_failed', field);
        // Other wrong kinds of value: no 5xx, and not accepted.
        for (const other of [[], {}, true, -1.5, 1e308]) {
          if (nonNull(schema).some((s) => typeOf(s) === (Array.isArray(other) ? 'array' : typeof other))) continue;
          const res = await send(route, { ...baseBody(route), [field]: other });
          assert.equal(res.status, 400, `${field}: ${JSON.stringify(other)} → ${res.status}`);
        }
      }
    });
    await t.test(`${key(route)} › an unknown field`, async () => {
      const res = await send(route, { ...baseBody(route), unexpectedField: 'x' });
      if (isStrict(route)) expect400(res, 'unexpectedField', 'validation_failed', 'unexpectedField');
      const proto = await send(route, `{"__proto__":{"isAdmin":true},${JSON.stringify(baseBody(route)).slice(1)}`);
      assert.equal(proto.status, 400, `__proto__: ${proto.status}`);
    });
  }
});

test('huge strings, deep nesting, an oversized body', async (t) => {
  const huge = '长'.repeat(20_000) + 'x'.repeat(20_000);
  for (const route of bodyRoutes) {
    await t.test(`${key(route)} › a 40,000-character string in each string field`, async () => {
      for (const [field, schema] of properties(route).filter(([, s]) => typeOf(s) === 'string')) {
        const res = await send(route, { ...baseBody(route), [field]: huge });
        const max = nonNull(schema)[0]?.maxLength;
        if (max !== undefined && max < huge.length) expect400(res, `${field} (max ${max})`, 'validation_failed', field);
      }
    });
    await t.test(`${key(route)} › nesting 1000 deep`, async () => {
      expect400(await send(route, deep(1000)), 'the body', 'validation_failed');
      for (const [field] of properties(route)) expect400(await send(route, { ...baseBody(route), [field]: deep(1000) }), field, 'validation_failed', field);
    });
    await t.test(`${key(route)} › a 2 MB body`, async () => {
      for (const body of [JSON.stringify({ ...baseBody(route), [stringFields(route)[0] ?? 'x']: 'x'.repeat(2 * 1024 * 1024) }), `[${'1,'.repeat(1024 * 1024)}1]`]) {
        const res = await send(route, body);
        assert.equal(res.status, 413, `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        assert.equal(res.body.error.code, 'payload_too_large');
      }
    });
    await t.test(`${key(route)} › not JSON at all`, async () => {
      for (const [type, body] of [['application/x-www-form-urlencoded', 'a=1&b=2'], ['text/plain', 'hello'], ['application/xml', '<a/>'], ['multipart/form-data; boundary=x', '--x--']]) {
        const res = await send(route, body, { headers: { 'content-type': type } });
        assert.ok(res.status >= 400 && res.status < 500, `${type}: ${res.status}`);
      }
    });
  }
});

test('fuzzing: any JSON value as the body', async (t) => {
  for (const route of bodyRoutes) {
    await t.test(key(route), async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
          const res = await send(route, JSON.stringify(value));
          return res.status < 500;
        }),
        { numRuns: 40 },
      );
    });
  }
});

test('fuzzing: injection payloads, NUL and lone surrogates in string fields', async (t) => {
  // The sign-in route goes last: whatever the throttle does, it happens after everything else.
  const ordered = [...bodyRoutes.filter((r) => !/login$/.test(r.path)), ...bodyRoutes.filter((r) => /login$/.test(r.path))];
  for (const route of ordered) {
    const fields = stringFields(route);
    if (fields.length === 0) continue;
    await t.test(key(route), async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), nastyString, async (field, value) => {
          const res = await send(route, { ...baseBody(route), [field]: value });
          if (res.status < 300 && res.status !== 204) {
            // Accepted: it must come back as it went in (trimmed), not mangled or half-stored.
            const echoed = JSON.stringify(res.body);
            assert.ok(!/\\u0000/.test(echoed), `NUL was stored: ${echoed.slice(0, 200)}`);
          }
          return res.status < 500;
        }),
        { numRuns: 40 },
      );
    });
  }
});

test('unknown routes and wrong methods answer 404/405 in the error shape', async (t) => {
  await t.test('unknown routes under /api', async () => {
    for (const path of ['/api/nope', '/api/users/x/y/z', '/api/v2/users', '/api/auth', '/api/%E4%B8%AD%E6%96%87', `/api/${'x'.repeat(3000)}`, '/api/index.html', '/api/docs-nope']) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const res = await owner.request(method, path, method === 'GET' ? undefined : {});
        checkInvariants(`${method} ${path.slice(0, 60)}`, res);
        assert.equal(res.status, 404, `${method} ${path.slice(0, 60)}: ${res.status}`);
        assert.equal(res.body.error.code, 'route_not_found');
      }
    }
  });
  await t.test('malformed URLs under /api', async () => {
    // Broken %-escapes and over-long parameters fail before routing: still the one error shape.
    const paths = ['/api/%ED%A0%80', '/api/users/%ZZ', '/api/users/%E0%A4%A', `/api/users/${'x'.repeat(300)}`, '/api/nope/%00', '/api/nope%00', '/api/..%2f..%2fetc%2fpasswd'];
    for (const r of routes.filter((x) => x.hasIdParam)) paths.push(fillPath(r, () => 'x').replace(/\/x(\/|$)/, '/%E0%A4%A$1'), r.path.replace(/:[A-Za-z0-9_]+/g, 'y'.repeat(300)));
    for (const path of paths) {
      for (const locale of ['zh-CN', 'en']) {
        const res = await new TestClient(server.url, locale).get(path);
        checkInvariants(`GET ${path.slice(0, 60)}`, res);
        assert.ok(res.status === 400 || res.status === 404, `GET ${path.slice(0, 60)}: ${res.status}`);
        if (locale === 'en') assert.doesNotMatch(res.body.error.message, CJK);
        else assert.match(res.body.error.message, CJK);
      }
    }
  });
  const byPath = new Map<string, Set<string>>();
  for (const r of routes) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method));
  for (const [path, methods] of byPath) {
    await t.test(`wrong methods on ${path}`, async () => {
      const url = path.replace(/:([A-Za-z0-9_]+)/g, () => `usr_${unique()}`);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methods.has(m))) {
        const res = await owner.request(method, url, method === 'GET' ? undefined : {});
        checkInvariants(`${method} ${url}`, res);
        assert.ok(res.status === 404 || res.status === 405, `${method} ${url}: ${res.status}`);
      }
    });
  }
});

test('errors speak the caller’s language', async (t) => {
  const cases: { name: string; run: (locale: string) => Promise<Response> }[] = [
    { name: 'an unknown route', run: (locale) => new TestClient(server.url, locale).get('/api/nope') },
    { name: 'signing in is needed', run: (locale) => new TestClient(server.url, locale).get('/api/users') },
    ...bodyRoutes.flatMap((route) => [
      { name: `${key(route)} › a wrong type`, run: (locale: string) => { const [field, schema] = properties(route)[0]; return send(route, { ...baseBody(route), [field]: wrongValue(schema) }, { locale }); } },
      { name: `${key(route)} › malformed JSON`, run: (locale: string) => send(route, '{', { locale }) },
      { name: `${key(route)} › 2 MB`, run: (locale: string) => send(route, JSON.stringify({ x: 'x'.repeat(2 * 1024 * 1024) }), { locale }) },
    ]),
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const zh = await c.run('zh-CN');
      const en = await c.run('en');
      const enUs = await c.run('en-US,en;q=0.9,zh;q=0.1');
      assert.ok(zh.status >= 400 && en.status === zh.status, `${zh.status} / ${en.status}`);
      assert.equal(en.body.error.code, zh.body.error.code);
      assert.match(zh.body.error.message, CJK, `zh-CN: ${zh.body.error.message}`);
      assert.doesNotMatch(en.body.error.message, CJK, `en: ${en.body.error.message}`);
      assert.equal(enUs.body.error.message, en.body.error.message);
    });
  }
});

test('after all that: no 5xx anywhere, and the admin can still sign in', async () => {
  assert.deepEqual(seen.fiveHundreds, []);
  assert.ok(seen.requests > 500, `only ${seen.requests} requests were sent`);
  const again = new TestClient(server.url);
  const res = await again.request('POST', '/api/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal((await owner.get('/api/auth/me')).status, 200, 'the admin session survived');
});
