// PostgreSQL stopped for 20 s (as in a crash: immediate shutdown) and started again while two
// nodes run and shoppers keep writing. During the outage every request gets a clear 503 (never a
// 500, never a 401 from a session that could not be looked up) and /readyz says the database is
// unavailable; afterwards both nodes recover by themselves, background delivery works again, and
// every message a shopper saw acknowledged is stored once, in order.
// On a PostgreSQL and a Redis of its own; runs in the PostgreSQL pass.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TestClient } from '../harness.ts';
import { openSocket, type NodeProcess, type SocketClient } from '../nodes.ts';
import { eventually, newVisitor, shopperMessages, openFaultStore, ownerOn, sleep, startNodeOn, type FaultStore } from './kit.ts';
import { privatePostgresMissing, privateRedisMissing, startPrivatePostgres, startPrivateRedis } from './private-servers.ts';

const OUTAGE_MS = 20_000;

/** A shopper posting over HTTP, one message at a time, sending each again (same client id) until it is acknowledged. */
class PatientShopper {
  acked: string[] = [];
  statuses = new Map<string, number>();
  private n = 0;
  stopped = false;
  constructor(readonly nodes: NodeProcess[], readonly visitorToken: string, readonly tag: string) {}

  async run() {
    while (!this.stopped) {
      const clientId = `${this.tag}-msg-${String(this.n).padStart(4, '0')}`;
      const node = this.nodes[this.n % this.nodes.length];
      const c = new TestClient(node.url, 'zh-CN', undefined, this.visitorToken);
      let res;
      try {
        res = await c.post('/api/widget/v1/messages', { clientId, body: `第${this.n}条消息` });
      } catch {
        this.count('network');
        await sleep(200);
        continue;
      }
      this.count(res.status >= 400 ? `${res.status} ${res.body?.error?.code}` : String(res.status));
      if (res.status === 200) {
        this.acked.push(clientId);
        this.n++;
      } else await sleep(200);
      await sleep(20);
    }
  }

  private count(k: string) {
    this.statuses.set(k, (this.statuses.get(k) ?? 0) + 1);
  }
}

const skip = !process.env.TEST_DATABASE_URL ? 'runs in the PostgreSQL pass' : privatePostgresMissing() ?? privateRedisMissing() ?? false;

describe('PostgreSQL outage', { skip }, () => {
  test('stopped for 20 s while two nodes run: 503s during, recovery by itself after, nothing acknowledged lost', { timeout: 240_000 }, async () => {
    const pgServer = await startPrivatePostgres();
    const redis = await startPrivateRedis();
    let store: FaultStore | undefined;
    const nodes: NodeProcess[] = [];
    let socket: SocketClient | undefined;
    const shoppers: PatientShopper[] = [];
    try {
      const saved = process.env.TEST_DATABASE_URL;
      process.env.TEST_DATABASE_URL = pgServer.url;
      try {
        store = await openFaultStore();
      } finally {
        process.env.TEST_DATABASE_URL = saved;
      }
      const env = { REDIS_URL: redis.url, DATABASE_POOL_SIZE: '6' };
      nodes.push(await startNodeOn(store, env));
      nodes.push(await startNodeOn(store, env));
      const { owner, inboxId } = await ownerOn(nodes[0].url);
      socket = await openSocket(nodes[0].url, owner.cookie);
      for (let i = 0; i < 4; i++) shoppers.push(new PatientShopper(nodes, await newVisitor(nodes[i % 2].url, inboxId, i), `p${i}`));
      const running = shoppers.map((s) => s.run());
      await eventually('shoppers writing', async () => shoppers.every((s) => s.acked.length >= 3), 30_000);

      // The outage.
      pgServer.stop('immediate');
      const down = Date.now();
      const during = new Map<string, number>();
      const note = (k: string) => during.set(k, (during.get(k) ?? 0) + 1);
      await sleep(1500);
      while (Date.now() - down < OUTAGE_MS) {
        for (const node of nodes) {
          const ready = await fetch(`${node.url}/readyz`);
          const body = (await ready.json()) as any;
          note(`readyz ${ready.status} ${body.checks?.database}`);
          const health = await fetch(`${node.url}/healthz`);
          note(`healthz ${health.status}`);
          const list = new TestClient(node.url);
          list.cookie = owner.cookie;
          const res = await list.get('/api/conversations');
          note(`conversations ${res.status} ${res.body?.error?.code ?? ''}`);
          assert.ok(typeof res.body?.error?.message === 'string' && res.body.error.message.length > 0, 'the 503 says what is wrong');
        }
        await sleep(1000);
      }
      const acksDuringOutage = shoppers.map((s) => s.acked.length);
      await pgServer.start();

      // Both nodes come back by themselves.
      const recovered = await Promise.all(nodes.map((node) => eventually('ready again', async () => (await fetch(`${node.url}/readyz`)).status === 200, 60_000, 100)));
      const before = shoppers.map((s) => s.acked.length);
      await eventually('shoppers writing again', async () => shoppers.every((s, i) => s.acked.length >= before[i] + 3), 60_000);

      // Background delivery recovered too: a new message reaches the owner's socket through the outbox.
      const probe = new TestClient(nodes[1].url, 'zh-CN', undefined, shoppers[0].visitorToken);
      const sent = await probe.post('/api/widget/v1/messages', { clientId: 'probe-after-outage', body: '恢复后的消息' });
      assert.equal(sent.status, 200);
      await socket.waitFor((e) => JSON.stringify(e).includes('probe-after-outage'), 30_000);

      shoppers.forEach((s) => (s.stopped = true));
      await Promise.all(running);

      // What was seen during the outage: only 503s, with the one error shape.
      const seen = Object.fromEntries(during);
      assert.deepEqual(Object.keys(seen).filter((k) => !['readyz 503 unavailable', 'healthz 200', 'conversations 503 service_unavailable'].includes(k)), [], JSON.stringify(seen));
      for (const s of shoppers) {
        const bad = [...s.statuses.keys()].filter((k) => !['200', '503 service_unavailable', 'network'].includes(k));
        assert.deepEqual(bad, [], `${s.tag}: ${JSON.stringify(Object.fromEntries(s.statuses))}`);
        assert.ok((s.statuses.get('503 service_unavailable') ?? 0) > 0, `${s.tag} met the outage`);
      }

      // Every acknowledged message stored once, in order.
      for (const s of shoppers) {
        const mine = (await shopperMessages(nodes[0].url, s.visitorToken)).filter((m: any) => m.senderType === 'customer' && m.clientId?.startsWith(`${s.tag}-`)).map((m: any) => m.clientId);
        assert.deepEqual(mine, s.acked, `${s.tag}: stored exactly what was acknowledged, in order`);
      }
      console.log(`[postgres-outage] outage ${OUTAGE_MS} ms; ready again ${recovered.map((ms) => `${ms} ms`).join(" and ")} after PostgreSQL was back; acknowledged by the end of the outage ${acksDuringOutage.join(',')}; probes ${JSON.stringify(seen)}`);
    } catch (err) {
      for (const [i, n] of nodes.entries()) if (n.child.exitCode !== null) console.error(`node ${i} exited with ${n.child.exitCode}:\n${n.output().slice(-4000)}`);
      throw err;
    } finally {
      shoppers.forEach((s) => (s.stopped = true));
      socket?.close();
      await Promise.all(nodes.map((n) => n.stop()));
      await store?.close().catch(() => {});
      pgServer.destroy();
      await redis.destroy();
    }
  });
});
