// Graceful shutdown (SIGTERM) in the middle of work: shoppers sending over sockets and over HTTP,
// and a 30,000-order CSV import running as a background job. The node must finish or cleanly refuse
// each request in flight (never a 500, never a half answer), tell every socket to reconnect (close
// code 1012), hand the import back to the queue, and exit 0 with the data directory unlocked. The
// next node finishes the import to exactly the file's orders, and no shopper message is lost or twice.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/server/db/database.ts';
import { TestClient } from '../harness.ts';
import { checkShopper, eventually, OWNER_EMAIL, OWNER_PASSWORD, newVisitor, openFaultStore, ownerOn, Shopper, shopperMessages, startNodeOn, type FaultStore } from './kit.ts';

const SHOPPERS = 8;
const PER_SHOPPER = 80;
const ORDERS = 30_000;

function ordersCsv(): Buffer {
  const lines = ['订单号,买家,手机,实付金额,订单状态,下单时间,商品名称,数量,单价,运费'];
  for (let i = 0; i < ORDERS; i++) {
    const buyer = i % 5000;
    lines.push(`G${100000 + i},买家${buyer},139${String(10000000 + buyer).slice(-8)},${(50 + (i % 200)).toFixed(2)},已付款,2026-11-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,保湿面霜,1,${(50 + (i % 200)).toFixed(2)},0`);
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** The store opened directly, while no node runs on it. */
function openDirect(store: FaultStore): Promise<Database> {
  return store.kind === 'postgres' ? openDatabase({ url: store.env.DATABASE_URL, poolSize: 2 }) : openDatabase({ dataDir: store.env.SHOPDESK_DATA_DIR });
}

describe('graceful shutdown', () => {
  test('SIGTERM mid-burst and mid-import: requests finish or get 503, sockets are told to reconnect, the import is handed back, exit 0', { timeout: 300_000 }, async () => {
    const store = await openFaultStore();
    // A short grace for jobs: the import is still running when it ends, so it is handed back.
    let node = await startNodeOn(store, { SHOPDESK_JOB_GRACE_MS: '300', LOG_LEVEL: 'info' });
    const shoppers: Shopper[] = [];
    try {
      const { owner, inboxId } = await ownerOn(node.url);

      // The import: uploaded, validated, started; SIGTERM comes once it has made progress.
      const up = await fetch(`${node.url}/api/order-imports?fileName=${encodeURIComponent('双十二订单.csv')}`, {
        method: 'POST',
        headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken, 'content-type': 'text/csv' },
        body: ordersCsv(),
      });
      const imp = ((await up.json()) as any).import;
      assert.equal(up.status, 201);
      assert.equal((await owner.post(`/api/order-imports/${imp.id}/validate`, { mapping: imp.suggestedMapping, defaultPlatform: 'taobao' })).status, 200);
      await eventually('validated', async () => (await owner.get(`/api/order-imports/${imp.id}`)).body.import.status === 'validated', 120_000);

      for (let i = 0; i < SHOPPERS; i++) shoppers.push(new Shopper(await newVisitor(node.url, inboxId, i), `g${i}`));
      await Promise.all(shoppers.map((s) => s.connect(node.url)));

      assert.equal((await owner.post(`/api/order-imports/${imp.id}/start`)).status, 200);
      await eventually('the import under way', async () => ((await owner.get(`/api/order-imports/${imp.id}`)).body.import.progress?.done ?? 0) > 0, 120_000, 50);

      // Shoppers on sockets, and a widget client posting over HTTP with eight requests in flight.
      const bursts = shoppers.map((s) => s.burst(0, PER_SHOPPER - 1));
      const httpShopper = new Shopper(await newVisitor(node.url, inboxId, 99), 'h');
      const httpStatuses = new Map<string, number>();
      const poster = new TestClient(node.url, 'zh-CN', undefined, httpShopper.visitorToken);
      let n = 0;
      let postingStopped = false;
      const posting = Promise.all(
        Array.from({ length: 8 }, async () => {
          while (!postingStopped && n < 400) {
            const id = httpShopper.clientId(n++);
            httpShopper.sent.push(id);
            let res;
            try {
              res = await poster.post('/api/widget/v1/messages', { clientId: id, body: `HTTP ${id}` });
            } catch {
              // The node stopped listening: the connection was refused or closed before an answer.
              httpStatuses.set('network', (httpStatuses.get('network') ?? 0) + 1);
              postingStopped = true;
              continue;
            }
            // A refusal has the one error shape: { error: { code, message } }.
            const key = `${res.status}${res.status >= 400 ? ` ${res.body?.error?.code}` : ''}`;
            httpStatuses.set(key, (httpStatuses.get(key) ?? 0) + 1);
            if (res.status === 200) httpShopper.acked.add(id);
          }
        }),
      );
      const dbg = process.env.FAULTS_DEBUG ? setInterval(() => console.error(`acked ${shoppers.map((s) => s.acked.size).join(',')} http ${httpShopper.acked.size} ${JSON.stringify(Object.fromEntries(httpStatuses))} errors ${shoppers.flatMap((s) => s.errors).slice(0, 3)}`), 2000) : undefined;
      await eventually('the socket burst under way', async () => shoppers.reduce((k, s) => k + s.acked.size, 0) >= SHOPPERS * 4 && httpShopper.acked.size >= 8, 60_000, 5);

      clearInterval(dbg);
      const codesBefore = shoppers.map((s) => s.closeCodes.length);
      const exited = new Promise<number | null>((r) => node.child.once('exit', (code) => r(code)));
      const termAt = Date.now();
      node.child.kill('SIGTERM');
      const code = await exited;
      const exitMs = Date.now() - termAt;
      postingStopped = true;
      await Promise.all([...bursts, posting]);

      assert.equal(code, 0, `exit code 0:\n${node.output().slice(-2000)}`);
      assert.ok(exitMs < 20_000, `exited in ${exitMs} ms:\n${node.output().slice(-6000)}`);
      assert.deepEqual(shoppers.map((s, i) => s.closeCodes[codesBefore[i]]), shoppers.map(() => 1012), 'every socket was closed with 1012 (service restart)');
      assert.ok([...httpStatuses.keys()].every((k) => k === '200' || k === '503 service_unavailable' || k === 'network'), `HTTP answers: ${JSON.stringify(Object.fromEntries(httpStatuses))}`);

      // The store as the node left it: unlocked, no job still marked running, the import queued again.
      const direct = await openDirect(store);
      try {
        const running = await direct.db.selectFrom('jobs').select(['name', 'locked_by']).where('state', '=', 'running').execute();
        assert.deepEqual(running, []);
        const importJob = await direct.db.selectFrom('jobs').selectAll().where('name', '=', 'orders.import-run').executeTakeFirstOrThrow();
        assert.equal(importJob.state, 'queued', 'the import, still running at SIGTERM, was handed back to the queue');
        assert.equal(importJob.attempts, 0);
        assert.match(importJob.last_error ?? '', /released/);
        const imported = await direct.db.selectFrom('order_imports').select(['status']).where('id', '=', imp.id).executeTakeFirstOrThrow();
        assert.notEqual(imported.status, 'failed');
      } finally {
        await direct.close();
      }

      // The next node: shoppers reconnect and send again what was not acknowledged; the import finishes.
      node = await startNodeOn(store);
      await Promise.all(shoppers.map((s) => s.connect(node.url)));
      await Promise.all(shoppers.map(async (s) => {
        await s.retryUnacked();
        await s.burst(s.sent.length, PER_SHOPPER - 1);
      }));
      const again = new TestClient(node.url, 'zh-CN', undefined, httpShopper.visitorToken);
      for (const id of httpShopper.sent.filter((x) => !httpShopper.acked.has(x))) {
        const res = await again.post('/api/widget/v1/messages', { clientId: id, body: `HTTP ${id}` });
        assert.equal(res.status, 200);
        httpShopper.acked.add(id);
      }
      const owner2 = new TestClient(node.url);
      await owner2.login(OWNER_EMAIL, OWNER_PASSWORD);
      const finished = await (async () => {
        let last: any;
        await eventually('the import finished on the next node', async () => {
          last = (await owner2.get(`/api/order-imports/${imp.id}`)).body.import;
          if (last.status === 'failed') throw new Error(`the import failed: ${last.failure}`);
          return last.status === 'done';
        }, 180_000, 250);
        return last;
      })();
      const r = finished.result;
      assert.equal(r.created + r.updated + r.unchanged, ORDERS, JSON.stringify(r));

      const problems: string[] = [];
      for (const s of shoppers) problems.push(...checkShopper(s, await shopperMessages(node.url, s.visitorToken)).map((p) => `${s.tag}: ${p}`));
      // Eight requests at once have no order among them: for the HTTP client, nothing lost and nothing twice.
      problems.push(...checkShopper(httpShopper, await shopperMessages(node.url, httpShopper.visitorToken), { ordered: false }).map((p) => `http: ${p}`));
      assert.deepEqual(problems, []);
      await node.stop();

      const direct2 = await openDirect(store);
      try {
        const { rows } = await sql<{ n: number; distinct_ids: number }>`select count(*)::int as n, count(distinct platform_order_id)::int as distinct_ids from orders`.execute(direct2.db);
        assert.deepEqual(rows[0], { n: ORDERS, distinct_ids: ORDERS });
      } finally {
        await direct2.close();
      }
      console.log(`[graceful-shutdown ${store.kind}] exit in ${exitMs} ms; HTTP ${JSON.stringify(Object.fromEntries(httpStatuses))}; import before SIGTERM handed back, then ${JSON.stringify(r)}`);
    } finally {
      shoppers.forEach((s) => s.close());
      await node.stop();
      await store.close();
    }
  });
});
