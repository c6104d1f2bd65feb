import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase, silentLog, type TestDatabase } from '../../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import { systemActor, type Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { clearCommerceData, countCustomers, seedDemoShop, type SeedDemoResult } from './seed.service.ts';

const NOW = new Date('2026-11-25T04:00:00Z');
let tdb: TestDatabase;
let shop: Ctx;
let other: Ctx;
let seeded: SeedDemoResult;
const progress: Array<[number, number]> = [];

async function makeAccount(name: string): Promise<Ctx> {
  const accountId = newId('acc');
  await tdb.db.insertInto('accounts').values({ id: accountId, name, settings: '{}' }).execute();
  return { accountId, actor: systemActor('test'), db: tdb.db, clock: fixedClock(NOW), log: silentLog, locale: 'zh-CN' };
}

async function count(ctx: Ctx, table: 'customers' | 'customer_identities' | 'orders' | 'order_items' | 'products' | 'product_groups'): Promise<number> {
  const row = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', ctx.accountId).executeTakeFirstOrThrow();
  return Number(row.n);
}

before(async () => {
  tdb = await openTestDatabase();
  shop = await makeAccount('花漾美妆');
  other = await makeAccount('隔壁小店');
  // Small batches, so that several run and overlap.
  seeded = await seedDemoShop(shop, { seed: 7, customers: 150, orders: 900, batchOrders: 200, onProgress: (done, total) => progress.push([done, total]) });
});

after(async () => {
  await tdb?.close();
});

test('writes what it reports: catalogue, customers, identities, orders, items', async () => {
  assert.equal(seeded.customers, 150);
  assert.equal(seeded.orders, 900);
  assert.equal(await count(shop, 'customers'), 150);
  assert.equal(await count(shop, 'orders'), 900);
  assert.equal(await count(shop, 'customer_identities'), seeded.identities);
  assert.equal(await count(shop, 'order_items'), seeded.items);
  assert.equal(await count(shop, 'products'), seeded.products);
  assert.equal(await count(shop, 'product_groups'), seeded.groups);
  assert.ok(seeded.items >= seeded.orders);
  assert.equal(await countCustomers(shop), 150);
});

test('reports progress up to the total', () => {
  assert.deepEqual(progress[0], [0, 1050]);
  assert.deepEqual(progress[progress.length - 1], [1050, 1050]);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] > progress[i - 1][0]);
});

test("every customer's aggregates equal the sums over their paid orders", async () => {
  const mismatches = await sql<{ id: string }>`
    select c.id
    from customer_records c
    left join (
      select customer_id, sum(paid_total) as spend, count(*) as n, max(placed_at) as last_at
      from orders
      where account_id = ${shop.accountId} and status in ('paid', 'shipped', 'completed')
      group by customer_id
    ) o on o.customer_id = c.id
    where c.account_id = ${shop.accountId}
      and (c.lifetime_spend <> coalesce(o.spend, 0)
        or c.order_count <> coalesce(o.n, 0)
        or c.last_order_at is distinct from o.last_at)`.execute(shop.db);
  assert.deepEqual(mismatches.rows, []);
  const revenue = await sql<{ total: string }>`select sum(lifetime_spend)::text as total from customer_stats where account_id = ${shop.accountId}`.execute(shop.db);
  assert.equal(Number(revenue.rows[0].total).toFixed(2), seeded.revenue);
});

test("orders' amounts add up and their lines point at the account's products", async () => {
  const bad = await sql<{ id: string }>`
    select o.id
    from orders o
    join (
      select order_id, sum(unit_price * quantity) as gross, sum(line_total) as net, count(*) as lines
      from order_items where account_id = ${shop.accountId} group by order_id
    ) i on i.order_id = o.id
    where o.account_id = ${shop.accountId}
      and (o.item_total <> i.gross
        or o.paid_total <> o.item_total - o.discount_total + o.shipping_fee
        or i.net < o.item_total - o.discount_total)`.execute(shop.db);
  assert.deepEqual(bad.rows, []);
  const orphans = await sql<{ n: number }>`
    select count(*)::int as n from order_items i
    where i.account_id = ${shop.accountId}
      and not exists (select 1 from products p where p.account_id = i.account_id and p.id = i.product_id and p.sku = i.sku)`.execute(shop.db);
  assert.equal(orphans.rows[0].n, 0);
  const placed = await shop.db.selectFrom('orders').select([(eb) => eb.fn.min('placed_at').as('first'), (eb) => eb.fn.max('placed_at').as('last')]).where('account_id', '=', shop.accountId).executeTakeFirstOrThrow();
  assert.ok(new Date(placed.first as Date).getTime() > NOW.getTime() - 730 * 86_400_000);
  assert.ok(new Date(placed.last as Date).getTime() <= NOW.getTime());
});

test('values arrive intact: Chinese text, dates, money, nulls', async () => {
  const customer = await shop.db.selectFrom('customer_records').selectAll().where('account_id', '=', shop.accountId).orderBy('id').executeTakeFirstOrThrow();
  assert.match(customer.name ?? '', /^[\u4e00-\u9fa5]{2,4}$/);
  assert.match(customer.province ?? '', /[省市区]$/);
  if (customer.birthday !== null) assert.match(customer.birthday, /^\d{4}-\d\d-\d\d$/);
  assert.match(customer.lifetime_spend, /^\d+\.\d\d$/);
  const product = await shop.db.selectFrom('products').selectAll().where('account_id', '=', shop.accountId).where('sku', '=', 'FC-SE-001').executeTakeFirstOrThrow();
  assert.equal(product.price, '169.00');
  assert.equal((product.attributes as Record<string, unknown>).spec, '30ml');
  const unpaidOrClosed = await shop.db.selectFrom('orders').select(['paid_at', 'shipped_at']).where('account_id', '=', shop.accountId).where('status', 'in', ['closed', 'unpaid']).execute();
  for (const o of unpaidOrClosed) assert.equal(o.paid_at, null);
});

test('the same seed into a second account: no clash, nothing shared; clearing one leaves the other', async () => {
  await seedDemoShop(other, { seed: 7, customers: 40, orders: 100 });
  assert.equal(await count(other, 'customers'), 40);
  assert.equal(await count(shop, 'customers'), 150);
  await clearCommerceData(other);
  for (const table of ['customers', 'customer_identities', 'orders', 'order_items', 'products', 'product_groups'] as const) {
    assert.equal(await count(other, table), 0, table);
  }
  assert.equal(await count(shop, 'orders'), 900);
});

test('seeding the same shop twice into one account is refused by the database, not silently doubled', async () => {
  await assert.rejects(seedDemoShop(shop, { seed: 7, customers: 10, orders: 10 }));
  assert.equal(await count(shop, 'customers'), 150);
});
