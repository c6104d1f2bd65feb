// Three ShopDesk nodes behind nginx, started by deploy/cluster.mjs exactly as docs/operations.md
// tells an operator to, on one PostgreSQL and one Redis. Agents and shoppers connect only through
// nginx: their sockets spread over the nodes, messages flow both ways across them, every event is
// delivered once (one outbox, three workers), and routing holds: nobody past capacity, no
// conversation given twice, every conversation assigned or queued.
// Runs in the PostgreSQL pass; needs nginx (Debian's package) and redis-server.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loginAs, openTestDatabase, TestClient, type TestDatabase } from '../harness.ts';
import { makeAccount, makeUser } from '../factories.ts';
import { freePort, openSocket, openWidgetSocket, type SocketClient } from '../nodes.ts';
import { newId } from '../../src/server/platform/ids.ts';
import { ensureDefaultInbox } from '../../src/server/modules/conversations/index.ts';
import { eventually, sleep } from './kit.ts';
import { privateRedisMissing, startPrivateRedis } from './private-servers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODES = 3;
const AGENTS = 6;
const CAPACITY = 2;
const SHOPPERS = 30;

function nginxMissing(): string | null {
  return ['/usr/sbin/nginx', '/usr/bin/nginx'].some((p) => fs.existsSync(p)) ? null : 'needs nginx (apt-get install nginx)';
}

const skip = !process.env.TEST_DATABASE_URL ? 'runs in the PostgreSQL pass' : nginxMissing() ?? privateRedisMissing() ?? false;

function cluster(command: string, args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'deploy/cluster.mjs'), command, ...args], { cwd: ROOT, env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 300_000 });
}

describe('three nodes behind nginx', { skip }, () => {
  test('sockets spread over the nodes, messages cross them both ways, events once, routing guarantees hold', { timeout: 400_000 }, async () => {
    const redis = await startPrivateRedis();
    const tdb: TestDatabase = await openTestDatabase();
    const db = tdb.db;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-cluster-'));
    const port = await freePort();
    const firstNodePort = await freePort();
    const env = { DATABASE_URL: tdb.url!, REDIS_URL: redis.url };
    const args = ['--nodes', String(NODES), '--port', String(port), '--first-node-port', String(firstNodePort), '--dir', dir];
    const sockets: SocketClient[] = [];
    try {
      // The shop: one team of agents with room for 12 chats, routing on.
      const { accountId, email, password } = await makeAccount(db, '三节点测试店');
      await ensureDefaultInbox(db, accountId);
      const teamId = newId('team');
      await db.insertInto('teams').values({ id: teamId, account_id: accountId, name: '售前组', sort: 0 }).execute();
      const agents: Array<{ id: string; email: string; password: string }> = [];
      for (let i = 0; i < AGENTS; i++) {
        const a = await makeUser(db, accountId, 'agent', { name: `售前客服${i + 1}` });
        agents.push({ id: a.user.id, email: a.email, password: a.password });
        await db.insertInto('team_members').values({ account_id: accountId, team_id: teamId, user_id: a.user.id }).execute();
        await db
          .insertInto('agent_states')
          .values({ account_id: accountId, user_id: a.user.id, status: 'online', status_source: 'manual', capacity: CAPACITY, channel_capacity: '{}', channel_load: '{}', last_activity_at: new Date() })
          .execute();
      }
      await db
        .insertInto('routing_settings')
        .values({ account_id: accountId, enabled: true, fallback_team_id: teamId, overflow_after_seconds: 86_400, answer_timeout_seconds: 86_400, auto_away_minutes: 0 })
        .execute();

      const started = cluster('start', args, env);
      assert.match(started, /ShopDesk on 3 nodes behind nginx/);
      const url = `http://127.0.0.1:${port}`;
      const nodePorts = Array.from({ length: NODES }, (_, i) => firstNodePort + i);

      // The owner and the agents sign in and open their workspaces, all through nginx.
      const owner = await loginAs(url, email, password);
      const ownerSocket = await openSocket(url, owner.cookie);
      sockets.push(ownerSocket);
      const agentClients = new Map<string, TestClient>();
      const agentNodes = new Set<string>();
      for (const a of agents) {
        const c = await loginAs(url, a.email, a.password);
        agentClients.set(a.id, c);
        const s = await openSocket(url, c.cookie);
        sockets.push(s);
        agentNodes.add((await s.waitFor((e) => e.type === 'ready')).node);
      }
      assert.equal(agentNodes.size, NODES, 'the workspaces spread over all three nodes');

      // Shoppers open the widget through nginx and write their first message over the socket.
      const inbox = (await owner.get('/api/inboxes')).body.items.find((i: any) => i.channel === 'web');
      const shoppers: Array<{ token: string; socket: SocketClient; clientId: string }> = [];
      for (let i = 0; i < SHOPPERS; i++) {
        const session = await new TestClient(url).request('POST', '/api/widget/v1/sessions', { inboxId: inbox.id }, { 'x-forwarded-for': `10.20.0.${i + 1}` });
        assert.equal(session.status, 200, JSON.stringify(session.body));
        const socket = await openWidgetSocket(url, session.body.visitorToken);
        sockets.push(socket);
        shoppers.push({ token: session.body.visitorToken, socket, clientId: `shopper-${String(i).padStart(2, '0')}-hello` });
      }
      for (const s of shoppers) s.socket.ws.send(JSON.stringify({ type: 'message.send', clientId: s.clientId, body: '你好，请问这款面霜适合干皮吗？' }));
      await Promise.all(shoppers.map((s) => s.socket.waitFor((e) => e.type === 'ack' && e.clientId === s.clientId, 30_000)));

      // Each node holds some of the sockets (read from each node's own /metrics).
      const perNode = await Promise.all(
        nodePorts.map(async (p) => {
          const text = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
          const n = (kind: string) => Number(new RegExp(`shopdesk_websockets_open\\{kind="${kind}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
          return { workspace: n('workspace'), widget: n('widget') };
        }),
      );
      assert.ok(perNode.every((n) => n.widget > 0 && n.workspace > 0), `sockets per node: ${JSON.stringify(perNode)}`);
      assert.equal(perNode.reduce((k, n) => k + n.widget, 0), SHOPPERS);

      // The owner's workspace hears every shopper's message, each exactly once, whichever node took it.
      await eventually('the owner heard every message', async () => shoppers.every((s) => ownerSocket.events.some((e) => e.event === 'message.created' && e.data?.message?.clientId === s.clientId)), 30_000);
      await sleep(1000);
      const heard = shoppers.map((s) => ownerSocket.events.filter((e) => e.event === 'message.created' && e.data?.message?.clientId === s.clientId).length);
      assert.deepEqual(heard, shoppers.map(() => 1), 'each event delivered once');

      // Routing across three workers: 12 assigned (6 agents × 2), the rest queued; nobody over capacity.
      await eventually('routing settled', async () => {
        const { rows } = await sql<{ assigned: number; queued: number }>`
          select count(*) filter (where routing_state = 'assigned')::int as assigned, count(*) filter (where routing_state = 'queued')::int as queued
            from conversations where account_id = ${accountId} and status = 'open'`.execute(db);
        return rows[0].assigned === AGENTS * CAPACITY && rows[0].queued === SHOPPERS - AGENTS * CAPACITY;
      }, 60_000);
      const { rows: loads } = await sql<{ user_id: string; load: number; capacity: number; real: number }>`
        select s.user_id, s.load, s.capacity, (select count(*)::int from conversations c where c.account_id = s.account_id and c.assignee_id = s.user_id and c.status = 'open') as real
          from agent_states s where s.account_id = ${accountId}`.execute(db);
      for (const l of loads) {
        assert.ok(l.real <= l.capacity && l.load === l.real, `agent ${l.user_id}: load ${l.load}, real ${l.real}, capacity ${l.capacity}`);
      }
      const { rows: twice } = await sql<{ conversation_id: string }>`
        select d.conversation_id from routing_decisions d join conversations c on c.id = d.conversation_id
         where c.account_id = ${accountId} and d.kind = 'assigned' group by d.conversation_id having count(*) > 1`.execute(db);
      assert.deepEqual(twice, [], 'no conversation assigned twice');

      // Each agent answers their chats through nginx; each shopper hears the answer on whatever node their socket is.
      const assigned = await db.selectFrom('conversations').select(['id', 'assignee_id', 'customer_id']).where('account_id', '=', accountId).where('routing_state', '=', 'assigned').execute();
      const answers: Promise<unknown>[] = [];
      for (const c of assigned) {
        const clientId = `answer-${c.id}`;
        const res = await agentClients.get(c.assignee_id!)!.post(`/api/conversations/${c.id}/messages`, { clientId, body: '适合的，这款面霜很滋润。' });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        answers.push(Promise.any(shoppers.map((s) => s.socket.waitFor((e) => e.type === 'message' && e.message?.clientId === clientId, 20_000))));
      }
      await Promise.all(answers);

      // The cluster reports itself, and stops cleanly.
      assert.match(cluster('status', ['--dir', dir], env), /node-3 +port \d+ +pid \d+ +ready/);
      sockets.forEach((s) => s.close());
      assert.match(cluster('stop', ['--dir', dir], env), /stopped 3 nodes and nginx/);
      console.log(`[three-nodes] sockets per node ${JSON.stringify(perNode)}; ${assigned.length} chats assigned across three workers`);
    } finally {
      sockets.forEach((s) => s.close());
      try {
        cluster('stop', ['--dir', dir], env);
      } catch {
        // already stopped
      }
      await tdb.close().catch(() => {});
      await redis.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
