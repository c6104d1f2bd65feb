import { sql } from 'kysely';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { DAY_MS } from './demo-calendar.ts';
import { demoCatalogue, generateDemoCustomers, validateDemoOptions, type DemoCatalogue, type DemoCustomer } from './demo-data.ts';
import { ColumnBatch, insertBatches } from './seed-columns.ts';

// Writes a generated demo shop into one account: the catalogue first, then customers with their
// identities, orders and items, batch by batch, each batch one statement (so one transaction).
// Generation and writing overlap: while one batch is in the database the next is being generated.

export type SeedDemoInput = {
  seed: number;
  customers: number;
  orders: number;
  /** The end of the two years of history; the context's clock by default. */
  now?: Date;
  /** Orders per batch (default 5,000); a batch closes early at as many customers. */
  batchOrders?: number;
  /** Batches in flight at once (default 2). */
  concurrency?: number;
  /** Called after each batch with the customers plus orders written so far, out of the total. */
  onProgress?: (done: number, total: number) => void;
};

export type SeedDemoResult = {
  groups: number;
  products: number;
  customers: number;
  identities: number;
  orders: number;
  items: number;
  /** Paid revenue (what the customers' lifetime spend adds up to), in yuan. */
  revenue: string;
  seconds: number;
};

type Batch = {
  customers: ColumnBatch;
  stats: ColumnBatch;
  identities: ColumnBatch;
  orders: ColumnBatch;
  items: ColumnBatch;
  units: number;
};

function newBatch(): Batch {
  return {
    customers: new ColumnBatch('customers', [
      ['id', 'text'], ['name', 'text'], ['nickname', 'text'], ['gender', 'text'], ['birthday', 'date'], ['phone', 'text'],
      ['email', 'text'], ['province', 'text'], ['city', 'text'], ['district', 'text'], ['source_platform', 'text'],
      ['source_shop', 'text'], ['first_seen_at', 'ms'], ['last_seen_at', 'ms'], ['created_at', 'ms'], ['updated_at', 'ms'],
    ]),
    // Written before the customers in the same statement: their trigger then finds the figures there.
    stats: new ColumnBatch('customer_stats', [
      ['customer_id', 'text'], ['lifetime_spend', 'fen'], ['order_count', 'int'], ['last_order_at', 'ms'], ['tier', 'text'],
    ]),
    identities: new ColumnBatch('customer_identities', [
      ['id', 'text'], ['customer_id', 'text'], ['kind', 'text'], ['platform', 'text'], ['value', 'text'], ['created_at', 'ms'],
    ]),
    orders: new ColumnBatch('orders', [
      ['id', 'text'], ['customer_id', 'text'], ['platform', 'text'], ['platform_order_id', 'text'], ['status', 'text'],
      ['item_total', 'fen'], ['discount_total', 'fen'], ['shipping_fee', 'fen'], ['paid_total', 'fen'],
      ['placed_at', 'ms'], ['paid_at', 'ms'], ['shipped_at', 'ms'], ['completed_at', 'ms'], ['refunded_at', 'ms'],
      ['closed_at', 'ms'], ['province', 'text'], ['city', 'text'], ['created_at', 'ms'], ['updated_at', 'ms'],
    ]),
    items: new ColumnBatch('order_items', [
      ['id', 'text'], ['order_id', 'text'], ['product_id', 'text'], ['sku', 'text'], ['name', 'text'],
      ['quantity', 'int'], ['unit_price', 'fen'], ['discount', 'fen'], ['line_total', 'fen'],
    ]),
    units: 0,
  };
}

function addCustomer(batch: Batch, c: DemoCustomer, productIds: readonly string[]): void {
  const customerId = newId('cus');
  batch.customers.push(
    customerId, c.name, c.nickname, c.gender, c.birthday, c.phone, c.email, c.province, c.city, c.district, c.sourcePlatform,
    c.sourceShop, c.firstSeenAt, c.lastSeenAt, c.firstSeenAt, c.updatedAt,
  );
  batch.stats.push(customerId, c.lifetimeSpendCents, c.orderCount, c.lastOrderAt, c.tier);
  for (const identity of c.identities) {
    batch.identities.push(newId('cid'), customerId, identity.kind, identity.platform, identity.value, c.firstSeenAt);
  }
  for (const o of c.orders) {
    const orderId = newId('ord');
    batch.orders.push(
      orderId, customerId, o.platform, o.platformOrderId, o.status, o.itemTotalCents, o.discountTotalCents, o.shippingFeeCents,
      o.paidTotalCents, o.placedAt, o.paidAt, o.shippedAt, o.completedAt, o.refundedAt, o.closedAt, o.province, o.city,
      o.placedAt, o.updatedAt,
    );
    for (const item of o.items) {
      batch.items.push(newId('oit'), orderId, productIds[item.productIndex], item.sku, item.name, item.quantity, item.unitPriceCents, item.discountCents, item.lineTotalCents);
    }
  }
  batch.units += 1 + c.orders.length;
}

/** Writes the groups and products; returns the product ids in catalogue order. */
async function writeCatalogue(ctx: Ctx, catalogue: DemoCatalogue, now: Date): Promise<string[]> {
  // The shop opened a month before the history starts.
  const opened = new Date(now.getTime() - 760 * DAY_MS);
  const groupIds = new Map(catalogue.groups.map((g) => [g.key, newId('pgp')]));
  const groupRows = catalogue.groups.map((g) => ({
    id: groupIds.get(g.key)!,
    account_id: ctx.accountId,
    name: g.name,
    parent_id: g.parentKey ? groupIds.get(g.parentKey)! : null,
    sort: g.sort,
    created_at: opened,
  }));
  // Parents before children: the parent reference is checked row by row.
  await ctx.db.insertInto('product_groups').values(groupRows.filter((g) => !g.parent_id)).execute();
  await ctx.db.insertInto('product_groups').values(groupRows.filter((g) => g.parent_id)).execute();
  const productIds = catalogue.products.map(() => newId('prd'));
  await ctx.db
    .insertInto('products')
    .values(catalogue.products.map((p, i) => ({
      id: productIds[i],
      account_id: ctx.accountId,
      group_id: groupIds.get(p.groupKey)!,
      sku: p.sku,
      name: p.name,
      price: (p.priceCents / 100).toFixed(2),
      status: p.status,
      attributes: JSON.stringify(p.attributes),
      created_at: opened,
    })))
    .execute();
  return productIds;
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Fresh statistics for the tables being filled. A foreign-key check is planned once per connection
 * and kept; planned over an empty, never-analysed table it may pick any index that starts with
 * account_id (customers_phone_idx, say) and then read the whole account for every row it checks.
 * After ANALYZE the unique (account_id, id) index wins and cached plans are made again. Autovacuum
 * would get there in time, but the embedded store has none and a bulk load cannot wait for it.
 */
async function analyze(ctx: Ctx, tables: readonly string[]): Promise<void> {
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(ctx.db);
}

const BATCH_TABLES = ['customer_stats', 'customers', 'customer_identities', 'orders', 'order_items'];

/** Generates a demo shop from the seed and writes it into ctx.accountId. */
export async function seedDemoShop(ctx: Ctx, input: SeedDemoInput): Promise<SeedDemoResult> {
  const started = performance.now();
  const now = input.now ?? ctx.clock.now();
  const options = { seed: input.seed, customers: input.customers, orders: input.orders, now };
  validateDemoOptions(options);
  const batchOrders = Math.max(1, input.batchOrders ?? 5000);
  const concurrency = Math.max(1, input.concurrency ?? 2);
  const total = input.customers + input.orders;

  const catalogue = demoCatalogue();
  const productIds = await writeCatalogue(ctx, catalogue, now);
  await analyze(ctx, ['product_groups', 'products']);
  const result: SeedDemoResult = { groups: catalogue.groups.length, products: catalogue.products.length, customers: 0, identities: 0, orders: 0, items: 0, revenue: '0.00', seconds: 0 };
  let revenueCents = 0;
  let done = 0;
  input.onProgress?.(0, total);

  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  const dispatch = (batch: Batch) => {
    const written = insertBatches(ctx.db, ctx.accountId, [batch.stats, batch.customers, batch.identities, batch.orders, batch.items])
      .then(() => {
        result.customers += batch.customers.size;
        result.identities += batch.identities.size;
        result.orders += batch.orders.size;
        result.items += batch.items.size;
        done += batch.units;
        input.onProgress?.(done, total);
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(written));
    inFlight.add(written);
  };

  let batch = newBatch();
  let batches = 0;
  let sinceYield = 0;
  for (const customer of generateDemoCustomers(options, catalogue)) {
    if (failure) break;
    addCustomer(batch, customer, productIds);
    revenueCents += customer.lifetimeSpendCents;
    sinceYield += 1 + customer.orders.length;
    if (batch.orders.size >= batchOrders || batch.customers.size >= batchOrders) {
      dispatch(batch);
      batch = newBatch();
      // The first batch alone, then statistics, so that every later foreign-key check is planned well.
      if (++batches === 1) {
        await Promise.all(inFlight);
        if (!failure) await analyze(ctx, BATCH_TABLES);
      }
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    // Let the batches in flight reach the database while the next one is generated.
    if (sinceYield >= 1000) {
      sinceYield = 0;
      await yieldToIo();
    }
  }
  if (!failure && batch.units > 0) dispatch(batch);
  await Promise.all(inFlight);
  if (failure) throw (failure as { error: unknown }).error;
  await analyze(ctx, BATCH_TABLES);

  result.revenue = (revenueCents / 100).toFixed(2);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export async function countCustomers(ctx: Ctx): Promise<number> {
  const row = await ctx.db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the account's customers, orders and catalogue (what a demo seed writes), children first. */
export async function clearCommerceData(ctx: Ctx): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('order_items').where('account_id', '=', ctx.accountId).execute();
    await trx.deleteFrom('orders').where('account_id', '=', ctx.accountId).execute();
    await trx.deleteFrom('customer_identities').where('account_id', '=', ctx.accountId).execute();
    await trx.deleteFrom('customers').where('account_id', '=', ctx.accountId).execute();
    await trx.deleteFrom('products').where('account_id', '=', ctx.accountId).execute();
    await trx.deleteFrom('product_groups').where('account_id', '=', ctx.accountId).execute();
  });
}
