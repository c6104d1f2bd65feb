import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { loginAs, openTestDatabase, startTestServer, testStore, ADMIN_EMAIL, ADMIN_PASSWORD, type TestServer } from '../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../test/factories.ts';
import { openSocket, startNode } from '../../../test/nodes.ts';

describe(`realtime gateway (${testStore})`, () => {
  let s: TestServer;
  before(async () => { s = await startTestServer(); });
  after(async () => { await s.close(); });

  test('a socket without a session is closed with 4401', async () => {
    const sock = await openSocket(s.url);
    const code = await new Promise((r) => (sock.ws.readyState === sock.ws.CLOSED ? r(4401) : sock.ws.once('close', r)));
    assert.equal(code, 4401);
  });

  test('account events reach the account’s sockets and the user’s own channel, and no other account', async () => {
    const accountId = await firstAccountId(s.db);
    const { user, email, password } = await makeUser(s.db, accountId, 'agent');
    const owner = await loginAs(s.url);
    const agent = await loginAs(s.url, email, password);
    const other = await makeAccount(s.db);
    const stranger = await loginAs(s.url, other.email, other.password);

    const ownerSock = await openSocket(s.url, owner.cookie);
    const agentSock = await openSocket(s.url, agent.cookie);
    const strangerSock = await openSocket(s.url, stranger.cookie);
    const ready = await agentSock.waitFor((e) => e.type === 'ready');
    assert.deepEqual(ready.channels, ['account', `user:${user.id}`]);
    await ownerSock.waitFor((e) => e.type === 'ready');
    await strangerSock.waitFor((e) => e.type === 'ready');

    await owner.patch(`/api/users/${user.id}`, { nickname: '小樱' });
    const onAccount = await ownerSock.waitFor((e) => e.type === 'event' && e.event === 'user.updated');
    assert.equal(onAccount.data.nickname, '小樱');
    await agentSock.waitFor((e) => e.type === 'event' && e.channel === `user:${user.id}`);
    await new Promise((r) => setTimeout(r, 300));
    // The stranger hears only their own account: at most their own status going online as their socket opened.
    assert.deepEqual(strangerSock.events.filter((e) => e.type === 'event' && !(e.event === 'agent.updated' && e.data.agent.userId === other.owner.id)), []);
    for (const sock of [ownerSock, agentSock, strangerSock]) sock.close();
  });

  test('the socket answers pings and reports bad frames', async () => {
    const owner = await loginAs(s.url);
    const sock = await openSocket(s.url, owner.cookie);
    sock.ws.send(JSON.stringify({ type: 'ping', id: 'p1' }));
    assert.equal((await sock.waitFor((e) => e.type === 'pong')).id, 'p1');
    sock.ws.send('not json');
    assert.equal((await sock.waitFor((e) => e.type === 'error')).code, 'invalid_json');
    sock.close();
  });
});

const redisUrl = process.env.TEST_REDIS_URL;

describe('two nodes on one PostgreSQL and one Redis', { skip: !process.env.TEST_DATABASE_URL || !redisUrl ? 'needs TEST_DATABASE_URL and TEST_REDIS_URL' : false }, () => {
  test('an event published through node A reaches a socket held by node B', { timeout: 120_000 }, async () => {
    const probe = new Redis(redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await probe.connect();
    await probe.quit();
    const tdb = await openTestDatabase();
    const env = { DATABASE_URL: tdb.url!, REDIS_URL: redisUrl!, SHOPDESK_ADMIN_EMAIL: ADMIN_EMAIL, SHOPDESK_ADMIN_PASSWORD: ADMIN_PASSWORD };
    // A does the background work (outbox dispatch); B only serves requests and sockets.
    const a = await startNode({ ...env, SHOPDESK_ROLES: 'web,worker,scheduler' });
    const b = await startNode({ ...env, SHOPDESK_ROLES: 'web' });
    try {
      const readyB = (await (await fetch(b.url + '/readyz')).json()) as any;
      assert.equal(readyB.checks.redis, 'ok');
      const ownerOnA = await loginAs(a.url);
      const ownerOnB = await loginAs(b.url);
      const accountId = await firstAccountId(tdb.db);
      const { user } = await makeUser(tdb.db, accountId, 'agent');
      const sockB = await openSocket(b.url, ownerOnB.cookie);
      const ready = await sockB.waitFor((e) => e.type === 'ready');
      const sockA = await openSocket(a.url, ownerOnA.cookie);
      const readyA = await sockA.waitFor((e) => e.type === 'ready');
      assert.notEqual(ready.node, readyA.node);

      await ownerOnA.patch(`/api/users/${user.id}`, { displayName: '日本客服A' });
      const got = await sockB.waitFor((e) => e.type === 'event' && e.event === 'user.updated' && e.data.displayName === '日本客服A', 15_000);
      assert.equal(got.data.userId, user.id);
      // And the other way: a change made on B is dispatched by A and reaches both.
      await ownerOnB.patch(`/api/users/${user.id}`, { displayName: '韩国客服B' });
      await sockA.waitFor((e) => e.type === 'event' && e.data.displayName === '韩国客服B', 15_000);
      await sockB.waitFor((e) => e.type === 'event' && e.data.displayName === '韩国客服B', 15_000);
      sockA.close();
      sockB.close();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await tdb.close();
    }
  });
});
