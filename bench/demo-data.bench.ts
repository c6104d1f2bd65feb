// Demo data generator on PostgreSQL: generate and write N customers and M orders (with their
// identities and items) into a fresh database, then measure in the same run what this machine can
// do at best: plain multi-row INSERTs of order-shaped rows into a bare table with no index, no
// constraint and no foreign key. The ratio says how much of that raw speed the real schema keeps.
//
//   npm run bench -- demo-data
//   BENCH_CUSTOMERS=1000000 BENCH_ORDERS=10000000 npm run bench -- demo-data
//
// Ends with one JSON line: {"customers","orders","seconds","orders_per_s","raw_rows_per_s","ratio"}.
import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { openDatabase } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrator.ts';
import { generateDemoCustomers } from '../src/server/demo/demo-data.ts';
import { createProgressBar } from '../src/server/demo/progress-bar.ts';
import { seedDemoShop } from '../src/server/demo/seed.service.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { systemActor, type Ctx } from '../src/server/platform/context.ts';
import { newId } from '../src/server/platform/ids.ts';
import { admin, databaseUrl, serverUrl } from './bench-db.ts';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const orders = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const rawRows = Number(process.env.BENCH_RAW_ROWS ?? Math.min(orders, 1_000_000));
const seed = Number(process.env.BENCH_SEED ?? 42);
// The seeder keeps two batches in flight; the raw run gets as many connections.
const CONNECTIONS = 2;
const RAW_ROWS_PER_INSERT = 1000;

const ORDER_COLUMNS = [
  'id', 'account_id', 'customer_id', 'platform', 'platform_order_id', 'status', 'currency', 'item_total', 'discount_total',
  'shipping_fee', 'paid_total', 'placed_at', 'paid_at', 'shipped_at', 'completed_at', 'refunded_at', 'closed_at',
  'province', 'city', 'created_at', 'updated_at',
];

/** Order rows as they would be bound one by one: real demo orders, cycled, with fresh ids. */
function orderTemplates(accountId: string): (string | null)[][] {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const money = (fen: number) => (fen / 100).toFixed(2);
  const rows: (string | null)[][] = [];
  for (const c of generateDemoCustomers({ seed, customers: 1000, orders: 10_000, now: new Date() })) {
    const customerId = newId('cus');
    for (const o of c.orders) {
      rows.push([
        null, accountId, customerId, o.platform, o.platformOrderId, o.status, 'CNY', money(o.itemTotalCents), money(o.discountTotalCents),
        money(o.shippingFeeCents), money(o.paidTotalCents), iso(o.placedAt), iso(o.paidAt), iso(o.shippedAt), iso(o.completedAt),
        iso(o.refundedAt), iso(o.closedAt), o.province, o.city, iso(o.placedAt), iso(o.updatedAt),
      ]);
    }
  }
  return rows;
}

/** The machine's raw insert speed for rows as wide as an order: no index, no constraint. */
async function measureRaw(url: string, accountId: string, total: number): Promise<number> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`create table raw_orders (
    id text, account_id text, customer_id text, platform text, platform_order_id text, status text, currency text,
    item_total numeric(12,2), discount_total numeric(12,2), shipping_fee numeric(12,2), paid_total numeric(12,2),
    placed_at timestamptz, paid_at timestamptz, shipped_at timestamptz, completed_at timestamptz, refunded_at timestamptz,
    closed_at timestamptz, province text, city text, created_at timestamptz, updated_at timestamptz)`);
  await setup.end();

  const templates = orderTemplates(accountId);
  const width = ORDER_COLUMNS.length;
  const placeholders = (rows: number) =>
    Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`).join(',');
  const fullStatement = `insert into raw_orders (${ORDER_COLUMNS.join(',')}) values ${placeholders(RAW_ROWS_PER_INSERT)}`;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      while (next < total) {
        const rows = Math.min(RAW_ROWS_PER_INSERT, total - next);
        const first = next;
        next += rows;
        const params: (string | null)[] = [];
        for (let r = 0; r < rows; r++) {
          const row = templates[(first + r) % templates.length];
          params.push(newId('ord'), ...row.slice(1));
        }
        const statement = rows === RAW_ROWS_PER_INSERT ? fullStatement : `insert into raw_orders (${ORDER_COLUMNS.join(',')}) values ${placeholders(rows)}`;
        await client.query(statement, params);
      }
    } finally {
      await client.end();
    }
  }));
  return total / ((performance.now() - started) / 1000);
}

/** Starts each measurement without the previous one's dirty pages to flush (needs superuser or pg_checkpoint). */
async function checkpoint(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('checkpoint');
  } catch {
    // not allowed: the figures are a little noisier, nothing more
  } finally {
    await client.end();
  }
}

async function main() {
  const name = `shopdesk_bench_${crypto.randomBytes(5).toString('hex')}`;
  const url = databaseUrl(name);
  await admin(`create database ${name}`);
  const database = await openDatabase({ url, poolSize: 4, applicationName: 'shopdesk-bench' });
  try {
    await migrate(database.db);
    const accountId = newId('acc');
    await database.db.insertInto('accounts').values({ id: accountId, name: '花漾美妆（基准测试）', settings: '{}' }).execute();
    const ctx: Ctx = { accountId, actor: systemActor('bench'), db: database.db, clock: systemClock, log: pino({ level: 'silent' }), locale: 'zh-CN' };

    await checkpoint(url);
    console.error(`demo-data: ${customers.toLocaleString('en-US')} customers, ${orders.toLocaleString('en-US')} orders into ${name} (${os.cpus().length} cores)`);
    const bar = createProgressBar({ unit: 'records' });
    const result = await seedDemoShop(ctx, { seed, customers, orders, onProgress: (done, all) => bar.update(done, all) });
    bar.finish();
    const sizes = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(database.db);
    console.error(`seeded: ${result.customers} customers, ${result.identities} identities, ${result.orders} orders, ${result.items} items in ${result.seconds.toFixed(1)} s; database ${sizes.rows[0].size}`);

    await checkpoint(url);
    console.error(`raw: ${rawRows.toLocaleString('en-US')} order-shaped rows, multi-row INSERT of ${RAW_ROWS_PER_INSERT}, ${CONNECTIONS} connections, bare table`);
    const rawPerSecond = await measureRaw(url, accountId, rawRows);
    const ordersPerSecond = result.orders / result.seconds;
    const figures = {
      customers: result.customers,
      orders: result.orders,
      seconds: Number(result.seconds.toFixed(1)),
      orders_per_s: Math.round(ordersPerSecond),
      raw_rows_per_s: Math.round(rawPerSecond),
      ratio: Number((ordersPerSecond / rawPerSecond).toFixed(3)),
    };
    console.log(JSON.stringify(figures));
  } finally {
    await database.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

await main();
