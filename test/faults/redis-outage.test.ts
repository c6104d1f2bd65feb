// Redis stopped and started again under two nodes (A: web and worker, B: web only) on one
// PostgreSQL. While it is down, delivery within node A goes on (a shopper and an agent on A hear
// each other), /readyz on both nodes reports the degradation, and messages sent through node B are
// still stored. Once Redis is back, delivery across the nodes recovers by itself: the agent on A
// hears the shopper on B, and the shopper on B hears the agent.
// On a Redis of its own; runs in the PostgreSQL pass (two nodes need a shared database).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TestClient } from '../harness.ts';
import { openSocket, openWidgetSocket, type NodeProcess, type SocketClient } from '../nodes.ts';
import { eventually, newVisitor, openFaultStore, ownerOn, sleep, startNodeOn, type FaultStore } from './kit.ts';
import { privateRedisMissing, startPrivateRedis } from './private-servers.ts';

const skip = !process.env.TEST_DATABASE_URL ? 'runs in the PostgreSQL pass' : privateRedisMissing() ?? false;
const has = (id: string) => (e: unknown) => JSON.stringify(e).includes(id);

describe('Redis outage', { skip }, () => {
  test('stopped and started: one node keeps delivering, /readyz says degraded, cross-node delivery comes back by itself', { timeout: 180_000 }, async () => {
    const redis = await startPrivateRedis();
    let store: FaultStore | undefined;
    const nodes: NodeProcess[] = [];
    const sockets: SocketClient[] = [];
    try {
      store = await openFaultStore();
      nodes.push(await startNodeOn(store, { REDIS_URL: redis.url, SHOPDESK_ROLES: 'web,worker,scheduler' }));
      nodes.push(await startNodeOn(store, { REDIS_URL: redis.url, SHOPDESK_ROLES: 'web' }));
      const [a, b] = nodes;
      const { owner, inboxId } = await ownerOn(a.url);
      const agent = await openSocket(a.url, owner.cookie);
      sockets.push(agent);

      // A shopper on each node, each with a conversation.
      const shopperA = await newVisitor(a.url, inboxId, 1);
      const shopperB = await newVisitor(b.url, inboxId, 2);
      const send = async (node: NodeProcess, token: string, clientId: string) => {
        const res = await new TestClient(node.url, 'zh-CN', undefined, token).post('/api/widget/v1/messages', { clientId, body: `消息 ${clientId}` });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.message.conversationId as string;
      };
      const convA = await send(a, shopperA, 'a-first-message');
      const convB = await send(b, shopperB, 'b-first-message');
      const widgetA = await openWidgetSocket(a.url, shopperA);
      const widgetB = await openWidgetSocket(b.url, shopperB);
      sockets.push(widgetA, widgetB);
      const reply = async (conversationId: string, clientId: string) => {
        const res = await owner.post(`/api/conversations/${conversationId}/messages`, { clientId, body: `回复 ${clientId}` });
        assert.equal(res.status, 201, JSON.stringify(res.body));
      };

      // With Redis: across nodes, both ways.
      await send(b, shopperB, 'b-before-outage');
      await agent.waitFor(has('b-before-outage'), 15_000);
      await reply(convB, 'reply-b-before-outage');
      await widgetB.waitFor(has('reply-b-before-outage'), 15_000);

      // Redis goes down.
      await redis.stop();
      const downAt = Date.now();
      for (const node of nodes) {
        await eventually('readyz reports the degradation', async () => {
          const res = await fetch(`${node.url}/readyz`);
          const body = (await res.json()) as any;
          return res.status === 200 && body.status === 'degraded' && body.checks.redis === 'degraded' && body.checks.database === 'ok';
        }, 30_000);
      }

      // Within node A delivery goes on, both ways.
      await send(a, shopperA, 'a-during-outage');
      await agent.waitFor(has('a-during-outage'), 15_000);
      await reply(convA, 'reply-a-during-outage');
      await widgetA.waitFor(has('reply-a-during-outage'), 15_000);
      // Through node B, messages are still taken and stored.
      await send(b, shopperB, 'b-during-outage');
      const stored = await new TestClient(a.url, 'zh-CN', undefined, shopperB).get('/api/widget/v1/messages?after=0&limit=100');
      assert.ok(stored.body.items.some(has('b-during-outage')));
      await sleep(Math.max(0, 5000 - (Date.now() - downAt)));

      // Redis is back: cross-node delivery recovers without a restart.
      await redis.start();
      for (const node of nodes) {
        await eventually('readyz ready again', async () => ((await (await fetch(`${node.url}/readyz`)).json()) as any).status === 'ready', 60_000);
      }
      let k = 0;
      const recoveredIn = await eventually('the agent on A hears the shopper on B again', async () => {
        const id = `b-after-outage-${k++}`;
        await send(b, shopperB, id);
        await agent.waitFor(has(id), 2000);
        return true;
      }, 60_000, 100);
      await reply(convB, 'reply-b-after-outage');
      await widgetB.waitFor(has('reply-b-after-outage'), 15_000);
      console.log(`[redis-outage] cross-node delivery back ${recoveredIn} ms after Redis was ready again`);
    } finally {
      sockets.forEach((s) => s.close());
      await Promise.all(nodes.map((n) => n.stop()));
      await store?.close().catch(() => {});
      await redis.destroy();
    }
  });
});
