// CRM at scale: a demo shop of 1M customers and 10M orders (generated once by the demo seeder and
// kept; every run works on a fresh copy of it), on PostgreSQL or on the embedded store.
//   (a) customer search by phone suffix, name prefix and name contains: p99 through listCustomers
//   (b) paid orders through the ingest, with their tier upgrades and points: sustained per second
//   (c) a 1M-order CSV file through the import jobs: wall time; the same file again changes nothing
//   (d) tier thresholds lowered, the re-evaluation job over every customer: wall time
// Each figure beside this machine's raw limit measured in the same run on the same store.
//
//   npm run bench -- crm                                   # PostgreSQL, 1M customers, 10M orders
//   BENCH_STORE=embedded BENCH_CUSTOMERS=100000 BENCH_ORDERS=1000000 BENCH_IMPORT_ORDERS=100000 npm run bench -- crm
//
// Other knobs: BENCH_DATABASE_URL, BENCH_DATA_DIR (embedded), BENCH_SEED (42), BENCH_SEARCHES (per
// kind, 300), BENCH_PAID_ORDERS (20,000), BENCH_ORDER_BATCH (100), BENCH_PHASES (search,orders,import,tiers).
// Ends with one JSON line: {"search_p99_ms","order_updates_per_s","import_1m_orders_s","tier_reeval_s",…}.
import os from 'node:os';
import { sql } from 'kysely';
import pino from 'pino';
import { registerLoyaltyEventHandlers, registerLoyaltyJobs } from '../src/server/modules/customers/loyalty.ts';
import { registerOrdersJobs } from '../src/server/modules/orders/index.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { OutboxDispatcher } from '../src/server/platform/events.ts';
import { JobWorker } from '../src/server/platform/jobs.ts';
import { prepareWorkspace, type Store } from './crm-data.ts';
import { demoCsv, importPhase, type ImportFigures } from './crm-import.ts';
import { orderUpdatesPhase, type OrderUpdateFigures } from './crm-orders.ts';
import { rawInsertsPerSecond } from './crm-raw.ts';
import { searchPhase, type SearchFigures } from './crm-search.ts';
import { tierPhase, type TierFigures } from './crm-tiers.ts';

const store = (process.env.BENCH_STORE ?? 'pg') as Store;
if (store !== 'pg' && store !== 'embedded') throw new Error('BENCH_STORE is pg or embedded');
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const scale = { customers: num('BENCH_CUSTOMERS', 1_000_000), orders: num('BENCH_ORDERS', 10_000_000), seed: num('BENCH_SEED', 42) };
const searches = num('BENCH_SEARCHES', 300);
const paidOrders = num('BENCH_PAID_ORDERS', 20_000);
const orderBatch = num('BENCH_ORDER_BATCH', 100);
const importOrders = num('BENCH_IMPORT_ORDERS', 1_000_000);
const phases = new Set((process.env.BENCH_PHASES ?? 'search,orders,import,tiers').split(','));
const log = pino({ level: 'silent' });

async function main() {
  // The CSV is made first: generating it while the database works would take the same cores.
  const csv = phases.has('import') ? demoCsv(scale.seed + 1, importOrders) : null;
  if (csv) console.error(`crm: CSV of ${csv.orders.toLocaleString('en-US')} orders, ${(csv.bytes.length / 1048576).toFixed(0)} MB`);

  const ws = await prepareWorkspace(store, scale);
  const { ctx } = ws;
  registerLoyaltyEventHandlers();
  registerOrdersJobs();
  registerLoyaltyJobs();
  const dispatcher = new OutboxDispatcher({ db: ctx.db, log, clock: systemClock, publish: () => {} });
  const worker = new JobWorker({ db: ctx.db, log, clock: systemClock, concurrency: store === 'embedded' ? 1 : 4, pollMs: 100, store: store === 'embedded' ? 'embedded' : 'postgres' });
  const checkpoint = async () => {
    if (store === 'pg') await sql`checkpoint`.execute(ctx.db).catch(() => {});
  };
  const figures: Record<string, unknown> = {};
  const detail: { search?: SearchFigures; orders?: OrderUpdateFigures; import?: ImportFigures; tiers?: TierFigures } = {};
  try {
    const counts = (await sql<{ customers: number; orders: number }>`select (select count(*) from customers)::int as customers, (select count(*) from orders)::int as orders`.execute(ctx.db)).rows[0];
    console.error(`crm: ${ws.label}: ${counts.customers.toLocaleString('en-US')} customers, ${counts.orders.toLocaleString('en-US')} orders; ${os.cpus().length} cores`);

    if (phases.has('search')) {
      detail.search = await searchPhase(ctx, { perKind: searches, seed: scale.seed });
      console.error(`search: ${JSON.stringify(detail.search)}`);
    }
    dispatcher.start();
    worker.start();
    if (phases.has('orders')) {
      await checkpoint();
      detail.orders = await orderUpdatesPhase(ctx, dispatcher, { orders: paidOrders, batch: orderBatch, seed: scale.seed });
      console.error(`paid orders: ${JSON.stringify(detail.orders)}`);
    }
    if (csv) {
      await checkpoint();
      detail.import = await importPhase(ctx, dispatcher, csv);
      console.error(`import: ${JSON.stringify(detail.import)}`);
    }
    if (phases.has('tiers')) {
      await checkpoint();
      detail.tiers = await tierPhase(ctx);
      console.error(`tiers: ${JSON.stringify(detail.tiers)}`);
    }
    await worker.stop();
    await dispatcher.stop();

    // Raw limits last, on the same store: bare order-shaped rows in the batch sizes the ingest used.
    const writers = store === 'embedded' ? 1 : 2;
    const rawSmall = detail.orders ? await rawInsertsPerSecond(ctx, { rows: Math.min(200_000, paidOrders * 5), batch: orderBatch, writers }) : null;
    const rawImport = detail.import ? await rawInsertsPerSecond(ctx, { rows: Math.min(1_000_000, importOrders), batch: 2000, writers }) : null;

    const s = detail.search;
    if (s) {
      const all = [s.phone_suffix, s.name_prefix, s.name_contains];
      figures.search_p99_ms = Math.max(...all.map((k) => k.p99_ms));
    }
    if (detail.orders) figures.order_updates_per_s = detail.orders.per_s;
    if (detail.import) figures.import_1m_orders_s = detail.import.wall_s;
    if (detail.tiers) figures.tier_reeval_s = detail.tiers.seconds;
    figures.store = store;
    figures.customers = scale.customers;
    figures.orders = scale.orders;
    if (s) {
      for (const [kind, k] of Object.entries(s)) {
        figures[`${kind}_p99_ms`] = k.p99_ms;
        figures[`${kind}_p50_ms`] = k.p50_ms;
        figures[`${kind}_raw_p99_ms`] = k.raw_p99_ms;
        figures[`${kind}_ratio`] = Number((k.p99_ms / Math.max(0.01, k.raw_p99_ms)).toFixed(1));
      }
    }
    if (detail.orders && rawSmall) {
      figures.order_updates_tier_upgrades = detail.orders.tier_upgrades;
      figures.order_updates_ingest_only_per_s = detail.orders.ingest_only_per_s;
      figures.raw_rows_per_s_batch_small = Math.round(rawSmall);
      figures.order_updates_ratio = Number((detail.orders.per_s / rawSmall).toFixed(3));
    }
    if (detail.import && rawImport) {
      figures.import_orders = detail.import.orders;
      figures.import_with_loyalty_s = detail.import.wall_with_loyalty_s;
      figures.import_validate_s = detail.import.validate_s;
      figures.reimport_s = detail.import.reimport_s;
      figures.raw_rows_per_s_batch_2000 = Math.round(rawImport);
      figures.import_ratio = Number((detail.import.orders / detail.import.wall_s / rawImport).toFixed(3));
    }
    if (detail.tiers) {
      figures.tier_reeval_moved = detail.tiers.moved;
      figures.tier_raw_scan_s = detail.tiers.raw_scan_s;
      figures.tier_ratio = Number((detail.tiers.seconds / Math.max(0.01, detail.tiers.raw_scan_s)).toFixed(1));
    }
  } finally {
    await worker.stop().catch(() => {});
    await dispatcher.stop().catch(() => {});
    await ws.drop();
  }
  console.log(JSON.stringify(figures));
}

await main();
