import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestServer } from '../../../test/harness.ts';

describe(`probes, metrics and the API description (${testStore})`, () => {
  let s: TestServer;
  before(async () => { s = await startTestServer(); });
  after(async () => { await s.close(); });

  test('the web app’s pages run only the app’s own scripts (Content-Security-Policy) and are never framed', async () => {
    for (const page of ['/', '/conversations', '/work-orders/wo_anything']) {
      const res = await fetch(`${s.url}${page}`);
      assert.equal(res.status, 200, page);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, page);
      assert.doesNotMatch(csp, /script-src[^;]*'unsafe-(inline|eval)'/, page);
      assert.match(csp, /frame-ancestors 'none'/, page);
      assert.match(csp, /object-src 'none'/, page);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', page);
    }
  });

  test('/healthz and /readyz', async () => {
    assert.deepEqual(await (await fetch(`${s.url}/healthz`)).json(), { status: 'ok' });
    const ready = await fetch(`${s.url}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as any;
    assert.equal(body.status, 'ready');
    assert.equal(body.checks.database, 'ok');
    assert.equal(body.database, testStore);
  });

  test('/metrics speaks Prometheus and counts requests by route', async () => {
    await loginAs(s.url);
    const text = await (await fetch(`${s.url}/metrics`)).text();
    assert.match(text, /# TYPE shopdesk_http_request_duration_seconds histogram/);
    assert.match(text, /shopdesk_http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/login",status="200"\} \d+/);
    assert.match(text, /shopdesk_process_resident_memory_bytes/);
  });

  test('the OpenAPI 3.1 document lists the routes with their schemas', async () => {
    const doc = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as any;
    assert.equal(doc.openapi, '3.1.0');
    const login = doc.paths['/api/auth/login'].post;
    assert.ok(login.requestBody.content['application/json'].schema);
    assert.ok(login.responses['401']);
    assert.ok(doc.paths['/api/users/{id}'].patch);
    assert.ok(Object.keys(doc.paths).length >= 15);
  });

  test('the API reference page is served', async () => {
    const res = await fetch(`${s.url}/api/docs/`, { redirect: 'follow' });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /swagger/i);
  });

  test('unknown API routes get the one error shape, in the asked language', async () => {
    const res = await fetch(`${s.url}/api/no-such-thing`, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    assert.equal(res.status, 404);
    const body = (await res.json()) as any;
    assert.equal(body.error.code, 'route_not_found');
    assert.match(body.error.message, /No such endpoint/);
  });
});
