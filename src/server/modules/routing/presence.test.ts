import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeUser } from '../../../../test/factories.ts';
import { openSocket, type SocketClient } from '../../../../test/nodes.ts';
import { presenceHeartbeat, setPresenceGrace, sweepPresence } from './presence.ts';

const GRACE_MS = 1000;

describe(`agents’ presence (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let nodeId: string;

  const state = (userId: string) =>
    s.db.selectFrom('agent_states').select(['status', 'status_source', 'status_changed_at']).where('account_id', '=', accountId).where('user_id', '=', userId).executeTakeFirst();
  const sockets = async (userId: string) => {
    const rows = await s.db.selectFrom('agent_sockets').select('sockets').where('account_id', '=', accountId).where('user_id', '=', userId).execute();
    return rows.reduce((n, r) => n + r.sockets, 0);
  };
  async function until(what: string, check: () => Promise<boolean>, ms = 8000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`timed out waiting for ${what}`);
  }
  const statusIs = (userId: string, status: string) => until(`${userId} ${status}`, async () => (await state(userId))?.status === status);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  async function agentWithSession(role: 'agent' | 'qa_inspector' = 'agent') {
    const u = await makeUser(s.db, accountId, role);
    const client = await loginAs(s.url, u.email, u.password);
    return { id: u.user.id, client, open: async (): Promise<SocketClient> => {
      const sock = await openSocket(s.url, client.cookie);
      await sock.waitFor((e) => e.type === 'ready');
      return sock;
    } };
  }
  async function closed(sock: SocketClient) {
    await new Promise<void>((resolve) => {
      if (sock.ws.readyState === sock.ws.CLOSED) return resolve();
      sock.ws.once('close', () => resolve());
      sock.close();
    });
  }

  before(async () => {
    setPresenceGrace(GRACE_MS);
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    nodeId = s.server.realtime.nodeId;
  });
  after(async () => { await s.close(); });

  test('the workspace opening brings an agent online; the last socket closing takes them offline after the grace period', async () => {
    const a = await agentWithSession();
    assert.equal(await state(a.id), undefined);
    const first = await a.open();
    await statusIs(a.id, 'online');
    assert.equal((await state(a.id))!.status_source, 'auto');
    const second = await a.open();
    await until('two sockets', async () => (await sockets(a.id)) === 2);

    await closed(first);
    await until('one socket', async () => (await sockets(a.id)) === 1);
    await sleep(GRACE_MS * 2);
    assert.equal((await state(a.id))!.status, 'online', 'another tab is still open');

    await closed(second);
    await until('no socket row', async () => (await s.db.selectFrom('agent_sockets').select('user_id').where('user_id', '=', a.id).execute()).length === 0);
    assert.equal((await state(a.id))!.status, 'online', 'within the grace period');
    await statusIs(a.id, 'offline');
    assert.equal((await state(a.id))!.status_source, 'auto');
    const events = await s.db.selectFrom('outbox').select('payload').where('account_id', '=', accountId).where('type', '=', 'routing.agents_changed').execute();
    assert.ok(events.filter((e) => (e.payload as any).userIds.includes(a.id)).length >= 2, 'online and offline were both announced');
  });

  test('a page reload within the grace period does not flap', async () => {
    const a = await agentWithSession();
    const sock = await a.open();
    await statusIs(a.id, 'online');
    const since = (await state(a.id))!.status_changed_at.getTime();
    await closed(sock);
    await sleep(GRACE_MS / 4);
    const again = await a.open();
    await sleep(GRACE_MS * 2);
    const now = (await state(a.id))!;
    assert.equal(now.status, 'online');
    assert.equal(now.status_changed_at.getTime(), since, 'never went offline in between');
    await closed(again);
    await statusIs(a.id, 'offline');
  });

  test('an offline chosen by hand stays offline when the workspace opens; a busy one goes offline with the last socket', async () => {
    const a = await agentWithSession();
    assert.equal((await a.client.request('PUT', '/api/agents/me/status', { status: 'offline' })).status, 200);
    const sock = await a.open();
    await until('socket counted', async () => (await sockets(a.id)) === 1);
    await sleep(100);
    assert.deepEqual({ ...(await state(a.id)), status_changed_at: undefined }, { status: 'offline', status_source: 'manual', status_changed_at: undefined });

    assert.equal((await a.client.request('PUT', '/api/agents/me/status', { status: 'busy' })).status, 200);
    await closed(sock);
    await statusIs(a.id, 'offline');
    assert.equal((await state(a.id))!.status_source, 'auto');
    // Offline by itself, so the next workspace brings them back.
    const next = await a.open();
    await statusIs(a.id, 'online');
    await closed(next);
  });

  test('members who do not answer customers have no presence', async () => {
    const qa = await agentWithSession('qa_inspector');
    const sock = await qa.open();
    await sleep(200);
    assert.equal(await sockets(qa.id), 0);
    assert.equal(await state(qa.id), undefined);
    await closed(sock);
  });

  test('the sweep forgets the sockets of a node that died and sets their agents offline', async () => {
    const a = await agentWithSession();
    assert.equal((await a.client.request('PUT', '/api/agents/me/status', { status: 'online' })).status, 200);
    const long = new Date(Date.now() - 5 * 60_000);
    await s.db.insertInto('agent_sockets').values({ account_id: accountId, user_id: a.id, node_id: 'dead-node', sockets: 2, seen_at: long }).execute();
    await s.db.updateTable('agent_states').set({ updated_at: long }).where('account_id', '=', accountId).where('user_id', '=', a.id).execute();
    // The worker's own sweep may get there first; either way the dead node's sockets no longer count.
    await sweepPresence(s.db, new Date());
    assert.equal(await sockets(a.id), 0);
    assert.deepEqual([(await state(a.id))!.status, (await state(a.id))!.status_source], ['offline', 'auto']);
  });

  test('auto-away: online and idle longer than the account allows (15 minutes without settings; 0 never); activity brings them back', async () => {
    const a = await agentWithSession();
    const sock = await a.open();
    await statusIs(a.id, 'online');
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    // Time moves on for the sweep; this node's heartbeat keeps the socket alive meanwhile.
    await presenceHeartbeat(s.db, nodeId, later(30));
    await sweepPresence(s.db, later(14));
    assert.equal((await state(a.id))!.status, 'online');
    await sweepPresence(s.db, later(16));
    assert.deepEqual([(await state(a.id))!.status, (await state(a.id))!.status_source], ['away', 'auto']);

    assert.equal((await a.client.post('/api/agents/me/activity')).status, 204);
    assert.deepEqual([(await state(a.id))!.status, (await state(a.id))!.status_source], ['online', 'auto']);

    await s.db.insertInto('routing_settings').values({ account_id: accountId, auto_away_minutes: 0 }).onConflict((oc) => oc.column('account_id').doUpdateSet({ auto_away_minutes: 0 })).execute();
    await sweepPresence(s.db, later(25));
    assert.equal((await state(a.id))!.status, 'online', '0 minutes: never away');
    await s.db.updateTable('routing_settings').set({ auto_away_minutes: 5 }).where('account_id', '=', accountId).execute();
    await sweepPresence(s.db, later(4));
    assert.equal((await state(a.id))!.status, 'online');
    await sweepPresence(s.db, later(6));
    assert.equal((await state(a.id))!.status, 'away');

    // Busy chosen by hand is not "online": inactivity leaves it alone.
    await a.client.request('PUT', '/api/agents/me/status', { status: 'busy' });
    await sweepPresence(s.db, later(25));
    assert.equal((await state(a.id))!.status, 'busy');
    await s.db.deleteFrom('routing_settings').where('account_id', '=', accountId).execute();
    await closed(sock);
    await statusIs(a.id, 'offline');
  });
});
