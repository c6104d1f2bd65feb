// A node killed with SIGKILL in the middle of a burst of shopper messages. Afterwards, on a new
// node on the same store: every message a shopper saw acknowledged is stored, the shoppers' retries
// of what was not acknowledged create no duplicates, and each conversation's order is intact.
// Runs on the embedded store (a data directory) and, in the PostgreSQL pass, on PostgreSQL.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkShopper, eventually, newVisitor, openFaultStore, ownerOn, Shopper, shopperMessages, sleep, startNodeOn } from './kit.ts';

const SHOPPERS = 12;
const PER_SHOPPER = 60;

describe('a node killed mid-burst', () => {
  test('SIGKILL while shoppers send: nothing acknowledged is lost, retries add nothing twice, order holds', { timeout: 240_000 }, async () => {
    const store = await openFaultStore();
    let node = await startNodeOn(store);
    const shoppers: Shopper[] = [];
    try {
      const { inboxId } = await ownerOn(node.url);
      for (let i = 0; i < SHOPPERS; i++) shoppers.push(new Shopper(await newVisitor(node.url, inboxId, i), `s${String(i).padStart(2, '0')}`));
      await Promise.all(shoppers.map((s) => s.connect(node.url)));

      // The burst; the node is killed once a third of it has been acknowledged.
      const bursts = shoppers.map((s) => s.burst(0, PER_SHOPPER - 1));
      const total = SHOPPERS * PER_SHOPPER;
      await eventually('a third of the burst acknowledged', async () => shoppers.reduce((n, s) => n + s.acked.size, 0) >= total / 3, 60_000, 5);
      const killed = new Promise((r) => node.child.once('exit', r));
      node.child.kill('SIGKILL');
      await killed;
      await Promise.all(bursts);
      const ackedBeforeKill = shoppers.reduce((n, s) => n + s.acked.size, 0);
      const sentBeforeKill = shoppers.reduce((n, s) => n + s.sent.length, 0);
      assert.ok(ackedBeforeKill < sentBeforeKill || sentBeforeKill < total, 'the kill came in the middle of the burst');

      // A new node on the same store; each shopper reconnects, sends again what was not
      // acknowledged, then finishes the burst.
      node = await startNodeOn(store);
      await sleep(200);
      await Promise.all(shoppers.map((s) => s.connect(node.url)));
      const retried = await Promise.all(shoppers.map((s) => s.retryUnacked()));
      await Promise.all(shoppers.map((s) => s.burst(s.sent.length, PER_SHOPPER - 1)));
      // And once more, everything, as a client that lost all its acks would: still nothing twice.
      for (const s of shoppers) s.acked.clear();
      await Promise.all(shoppers.map((s) => s.retryUnacked()));

      const problems: string[] = [];
      for (const s of shoppers) {
        assert.equal(s.acked.size, PER_SHOPPER, `${s.tag}: every message acknowledged in the end (errors: ${s.errors.join('; ')})`);
        problems.push(...checkShopper(s, await shopperMessages(node.url, s.visitorToken)).map((p) => `${s.tag}: ${p}`));
      }
      assert.deepEqual(problems, []);
      assert.ok(retried.flat().length > 0, 'some messages were in flight when the node died');
      console.log(`[kill-mid-burst ${store.kind}] acknowledged before the kill ${ackedBeforeKill}/${sentBeforeKill} sent; retried ${retried.flat().length}`);
    } finally {
      shoppers.forEach((s) => s.close());
      await node.stop();
      await store.close();
    }
  });
});
