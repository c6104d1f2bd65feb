import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase, silentLog, type TestDatabase } from '../../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import { systemActor, type Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { seedDemoPoints } from './seed-points.ts';
import { seedDemoShop } from './seed.service.ts';

const NOW = new Date('2026-11-25T04:00:00Z');
let tdb: TestDatabase;
let shop: Ctx;
let first: { entries: number; customers: number };
const progress: Array<[number, number]> = [];

before(async () => {
  tdb = await openTestDatabase();
  const accountId = newId('acc');
  await tdb.db.insertInto('accounts').values({ id: accountId, name: '花漾美妆', settings: '{}' }).execute();
  shop = { accountId, actor: systemActor('test'), db: tdb.db, clock: fixedClock(NOW), log: silentLog, locale: 'zh-CN' };
  await seedDemoShop(shop, { seed: 11, customers: 120, orders: 800, batchOrders: 200 });
  // Small batches, so that several run.
  first = await seedDemoPoints(shop, { customersPerBatch: 25, onProgress: (done, total) => progress.push([done, total]) });
});

after(async () => {
  await tdb?.close();
});

type Row = Record<string, string | number | null>;
const rows = async (q: ReturnType<typeof sql>) => (await q.execute(shop.db)).rows as Row[];

test('an earn per paid order: per yuan paid × the tier multiplier, rounded down, dated at payment, valid 12 months', async () => {
  const wrong = await rows(sql`
    select o.id from orders o
      join customer_stats c on c.account_id = o.account_id and c.customer_id = o.customer_id
      join loyalty_tiers t on t.account_id = o.account_id and t.key = c.tier
      left join points_entries e on e.account_id = o.account_id and e.order_id = o.id and e.kind = 'earn'
     where o.account_id = ${shop.accountId} and o.paid_at is not null and o.status in ('paid', 'shipped', 'completed', 'refunded')
       and floor(o.paid_total * t.points_multiplier) > 0
       and (e.id is null or e.amount <> floor(o.paid_total * t.points_multiplier) or e.created_at <> o.paid_at
            or e.expires_at <> (o.paid_at at time zone 'UTC' + interval '12 months') at time zone 'UTC')`);
  assert.deepEqual(wrong, []);
  const earns = await rows(sql`select count(*)::int as n from points_entries where account_id = ${shop.accountId} and kind = 'earn'`);
  assert.ok(Number(earns[0]!.n) > 300, `earns: ${earns[0]!.n}`);
  const unpaid = await rows(sql`select count(*)::int as n from points_entries e join orders o on o.account_id = e.account_id and o.id = e.order_id where e.account_id = ${shop.accountId} and o.status in ('unpaid', 'closed')`);
  assert.equal(Number(unpaid[0]!.n), 0, 'no points for unpaid or closed orders');
});

test('refunded orders are reversed, lots past their validity expire, and every balance is what its ledger leaves', async () => {
  const kinds = await rows(sql`select kind, count(*)::int as n from points_entries where account_id = ${shop.accountId} group by kind order by kind`);
  const n = Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]));
  assert.ok(n.reverse! > 0 && n.expire! > 0, JSON.stringify(n));
  const refunded = await rows(sql`select count(*)::int as n from orders o join points_entries e on e.account_id = o.account_id and e.order_id = o.id and e.kind = 'earn' where o.account_id = ${shop.accountId} and o.status = 'refunded'`);
  assert.equal(n.reverse, Number(refunded[0]!.n));
  const mismatched = await rows(sql`
    select c.id, b.balance, l.total, l.left_over from customers c
      left join points_balances b on b.account_id = c.account_id and b.customer_id = c.id
      left join (select customer_id, sum(amount) as total, sum(coalesce(remaining, 0)) as left_over from points_entries where account_id = ${shop.accountId} group by customer_id) l on l.customer_id = c.id
     where c.account_id = ${shop.accountId} and coalesce(b.balance, 0) is distinct from coalesce(l.total, 0) or coalesce(l.total, 0) <> coalesce(l.left_over, 0)`);
  assert.deepEqual(mismatched, []);
  const stale = await rows(sql`select count(*)::int as n from points_entries where account_id = ${shop.accountId} and remaining > 0 and expires_at <= ${NOW}`);
  assert.equal(Number(stale[0]!.n), 0, 'nothing past its date is left to spend');
  const events = await rows(sql`select count(*)::int as n from customer_events where account_id = ${shop.accountId} and kind like 'points.%'`);
  assert.equal(Number(events[0]!.n), first.entries, 'each entry is on the timeline');
  assert.ok(first.customers > 50);
});

test('progress reaches the total, and a second run adds nothing', async () => {
  assert.ok(progress.length >= 4);
  assert.deepEqual(progress.at(-1), [120, 120]);
  const again = await seedDemoPoints(shop);
  assert.equal(again.entries, 0);
  const balances = await rows(sql`select sum(balance)::bigint as s from points_balances where account_id = ${shop.accountId}`);
  const ledger = await rows(sql`select sum(amount)::bigint as s from points_entries where account_id = ${shop.accountId}`);
  assert.equal(String(balances[0]!.s), String(ledger[0]!.s));
});
