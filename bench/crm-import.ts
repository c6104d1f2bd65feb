// Phase (c) of the CRM benchmark: a CSV file of N orders in the demo shop's export format (new
// buyers of another seed, two years of their orders), imported through the order import as the web
// app drives it: upload (createImport), mapping as suggested + validation job, import job, run by
// the job worker; then the same file again, which must change nothing.
import { sql } from 'kysely';
import { demoOrdersCsv } from '../src/server/demo/demo-csv.ts';
import { createProgressBar } from '../src/server/demo/progress-bar.ts';
import { createImport, loadImport, requestImport, requestValidation } from '../src/server/modules/orders/imports/imports.service.ts';
import { suggestMapping } from '../src/server/modules/orders/imports/import-mapping.ts';
import type { Ctx } from '../src/server/platform/context.ts';
import type { OutboxDispatcher } from '../src/server/platform/events.ts';
import { waitForOutbox } from './crm-orders.ts';
import { DEMO_NOW } from './crm-data.ts';

export type ImportFigures = {
  orders: number;
  bytes: number;
  validate_s: number;
  import_s: number;
  /** Upload to import done: what the user waits for. */
  wall_s: number;
  /** Until the tiers and points of the imported paid orders are written too. */
  wall_with_loyalty_s: number;
  created: number;
  reimport_s: number;
  reimport_unchanged: number;
};

export function demoCsv(seed: number, orders: number): { bytes: Buffer; orders: number } {
  const chunks: Buffer[] = [];
  // About ten orders a customer, as in the demo shop.
  const gen = demoOrdersCsv({ seed, customers: Math.max(1, Math.round(orders / 10)), orders, now: DEMO_NOW });
  let r = gen.next();
  while (!r.done) {
    chunks.push(Buffer.from(r.value, 'utf8'));
    r = gen.next();
  }
  return { bytes: Buffer.concat(chunks), orders: r.value.orders };
}

async function waitForStatus(ctx: Ctx, id: string, status: string, label: string): Promise<void> {
  const bar = createProgressBar({ label, unit: 'rows' });
  for (;;) {
    const imp = await loadImport(ctx, id);
    if (imp.progress) bar.update(imp.progress.done, imp.progress.total);
    if (imp.status === status) break;
    if (imp.status === 'failed') throw new Error(`import ${id} failed: ${imp.failure}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  bar.finish();
}

async function importOnce(ctx: Ctx, file: Buffer): Promise<{ validate: number; run: number; result: NonNullable<Awaited<ReturnType<typeof loadImport>>['result']>; total: number; valid: number }> {
  const t0 = performance.now();
  const created = await createImport(ctx, { fileName: '订单报表.csv', encoding: 'utf-8', bytes: file });
  await requestValidation(ctx, created.id, { mapping: suggestMapping(created.headers) });
  await waitForStatus(ctx, created.id, 'validated', 'validate');
  const t1 = performance.now();
  await requestImport(ctx, created.id);
  await waitForStatus(ctx, created.id, 'done', 'import');
  const t2 = performance.now();
  const done = await loadImport(ctx, created.id);
  return { validate: (t1 - t0) / 1000, run: (t2 - t1) / 1000, result: done.result!, total: done.totalRows ?? 0, valid: done.validRows ?? 0 };
}

async function counts(ctx: Ctx) {
  const r = await sql<{ orders: number; customers: number; items: number }>`
    select (select count(*) from orders where account_id = ${ctx.accountId})::int as orders,
      (select count(*) from customers where account_id = ${ctx.accountId})::int as customers,
      (select count(*) from order_items where account_id = ${ctx.accountId})::int as items`.execute(ctx.db);
  return r.rows[0];
}

export async function importPhase(ctx: Ctx, dispatcher: OutboxDispatcher, file: { bytes: Buffer; orders: number }): Promise<ImportFigures> {
  const before = await counts(ctx);
  const started = performance.now();
  const first = await importOnce(ctx, file.bytes);
  const wall = (performance.now() - started) / 1000;
  await waitForOutbox(ctx, dispatcher);
  const wallWithLoyalty = (performance.now() - started) / 1000;
  const middle = await counts(ctx);
  if (first.valid !== file.orders || first.total !== file.orders) throw new Error(`validation: ${first.valid} valid of ${first.total} rows, ${file.orders} written`);
  const r = first.result;
  if (r.created + r.updated + r.unchanged !== file.orders) throw new Error(`import result ${JSON.stringify(r)} for ${file.orders} orders`);
  if (middle.orders - before.orders !== r.created) throw new Error(`orders: ${middle.orders - before.orders} new rows, the import says ${r.created} created`);
  if (middle.customers - before.customers !== r.customersCreated) throw new Error(`customers: ${middle.customers - before.customers} new, the import says ${r.customersCreated}`);

  const again = performance.now();
  const second = await importOnce(ctx, file.bytes);
  const reimport = (performance.now() - again) / 1000;
  await waitForOutbox(ctx, dispatcher);
  const after = await counts(ctx);
  const r2 = second.result;
  if (r2.unchanged !== file.orders || r2.created !== 0 || r2.updated !== 0 || r2.customersCreated !== 0) throw new Error(`the re-import changed something: ${JSON.stringify(r2)}`);
  if (after.orders !== middle.orders || after.customers !== middle.customers || after.items !== middle.items) throw new Error(`the re-import changed the counts: ${JSON.stringify({ middle, after })}`);

  return {
    orders: file.orders,
    bytes: file.bytes.length,
    validate_s: Number(first.validate.toFixed(1)),
    import_s: Number(first.run.toFixed(1)),
    wall_s: Number(wall.toFixed(1)),
    wall_with_loyalty_s: Number(wallWithLoyalty.toFixed(1)),
    created: r.created,
    reimport_s: Number(reimport.toFixed(1)),
    reimport_unchanged: r2.unchanged,
  };
}
