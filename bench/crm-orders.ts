// Phase (b) of the CRM benchmark: paid orders of existing customers through ingestOrders (what
// POST /api/orders and the order webhook call), batches of BENCH_ORDER_BATCH as a connector posts
// them, two requests in flight; the outbox dispatcher of the same process runs the tier and points
// handlers as a worker node does. Sustained rate = orders / time until every order is stored AND
// its tier upgrade and points are written (the outbox drained). Verified by counting afterwards.
import { sql } from 'kysely';
import type { OrderIn } from '../src/contracts/orders.ts';
import { createProgressBar } from '../src/server/demo/progress-bar.ts';
import { ingestOrders } from '../src/server/modules/orders/orders.ingest.ts';
import { normalizeAll } from '../src/server/modules/orders/orders.input.ts';
import type { Ctx } from '../src/server/platform/context.ts';
import type { OutboxDispatcher } from '../src/server/platform/events.ts';

export type OrderUpdateFigures = { orders: number; seconds: number; per_s: number; tier_upgrades: number; points_entries: number; ingest_only_per_s: number };

async function pendingEvents(ctx: Ctx): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from outbox where processed_at is null and account_id = ${ctx.accountId}`.execute(ctx.db);
  return Number(r.rows[0].n);
}

export async function waitForOutbox(ctx: Ctx, dispatcher: OutboxDispatcher, onWait?: (pending: number) => void): Promise<void> {
  for (;;) {
    const pending = await pendingEvents(ctx);
    onWait?.(pending);
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 200));
    void dispatcher;
  }
}

export async function orderUpdatesPhase(ctx: Ctx, dispatcher: OutboxDispatcher, opts: { orders: number; batch: number; seed: number }): Promise<OrderUpdateFigures> {
  // Buyers: existing customers with a marketplace buyer id, at random, about two orders each.
  const identities = Number((await sql<{ n: number }>`select count(*)::int as n from customer_identities where account_id = ${ctx.accountId}`.execute(ctx.db)).rows[0].n);
  const buyers = (await sql<{ customer_id: string; platform: OrderIn['platform']; value: string }>`
    select customer_id, platform, value from customer_identities tablesample bernoulli (${Math.min(100, (opts.orders * 100) / Math.max(1, identities))}) repeatable (${opts.seed})
    where account_id = ${ctx.accountId} and kind = 'platform' limit ${Math.max(100, Math.ceil(opts.orders / 2))}`.execute(ctx.db)).rows;
  if (buyers.length === 0) throw new Error('no buyers to order');
  const product = await sql<{ sku: string; name: string }>`select sku, name from products where account_id = ${ctx.accountId} order by sku limit 1`.execute(ctx.db);
  const now = ctx.clock.now();
  const tag = now.getTime().toString(36).toUpperCase();
  const orders: OrderIn[] = Array.from({ length: opts.orders }, (_, i) => {
    const b = buyers[i % buyers.length];
    // 99–2,999 yuan: enough that some customers cross a tier threshold with this order.
    const price = 99 + ((i * 7919) % 2901);
    const placed = new Date(now.getTime() - 60_000 + (i % 60_000));
    return {
      platform: b.platform,
      platformOrderId: `CRM${tag}${String(i).padStart(8, '0')}`,
      status: 'paid',
      buyer: { platformBuyerId: b.value },
      placedAt: placed.toISOString(),
      paidAt: placed.toISOString(),
      items: [{ sku: product.rows[0]?.sku ?? null, name: product.rows[0]?.name ?? '商品', quantity: 1, unitPrice: `${price}.00` }],
    };
  });
  const before = await sql<{ changes: number; earns: number; orders: number }>`
    select (select count(*) from customer_tier_changes where account_id = ${ctx.accountId} and reason = 'order_paid')::int as changes,
      (select count(*) from points_entries where account_id = ${ctx.accountId} and kind = 'earn')::int as earns,
      (select count(*) from orders where account_id = ${ctx.accountId})::int as orders`.execute(ctx.db);

  const bar = createProgressBar({ label: 'paid orders', unit: 'orders' });
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all([0, 1].map(async () => {
    while (next < orders.length) {
      const slice = orders.slice(next, next + opts.batch);
      next += slice.length;
      const r = await ingestOrders(ctx, normalizeAll(slice));
      if (r.created !== slice.length) throw new Error(`expected ${slice.length} orders created, got ${JSON.stringify({ ...r, orders: undefined })}`);
      done += slice.length;
      bar.update(done, orders.length);
    }
  }));
  const ingested = performance.now();
  bar.finish();
  await waitForOutbox(ctx, dispatcher);
  const seconds = (performance.now() - started) / 1000;

  const after = await sql<{ changes: number; earns: number; orders: number }>`
    select (select count(*) from customer_tier_changes where account_id = ${ctx.accountId} and reason = 'order_paid')::int as changes,
      (select count(*) from points_entries where account_id = ${ctx.accountId} and kind = 'earn')::int as earns,
      (select count(*) from orders where account_id = ${ctx.accountId})::int as orders`.execute(ctx.db);
  const a = after.rows[0];
  const b = before.rows[0];
  const figures = {
    orders: opts.orders,
    seconds: Number(seconds.toFixed(1)),
    per_s: Math.round(opts.orders / seconds),
    tier_upgrades: a.changes - b.changes,
    points_entries: a.earns - b.earns,
    ingest_only_per_s: Math.round(opts.orders / ((ingested - started) / 1000)),
  };
  if (a.orders - b.orders !== opts.orders) throw new Error(`orders: ${a.orders - b.orders} stored, ${opts.orders} sent`);
  if (figures.points_entries !== opts.orders) throw new Error(`points: ${figures.points_entries} earn entries for ${opts.orders} paid orders`);
  if (figures.tier_upgrades === 0) throw new Error('no customer moved up a tier');
  // Every buyer is now in the highest tier they qualify for.
  const behind = await sql<{ n: number }>`
    select count(*)::int as n from customer_records c
    join loyalty_tiers cur on cur.account_id = c.account_id and cur.key = c.tier
    where c.account_id = ${ctx.accountId} and c.id = any(${[...new Set(buyers.map((x) => x.customer_id))]}::text[])
      and exists (select 1 from loyalty_tiers t where t.account_id = c.account_id and t.rank > cur.rank and t.spend_basis = 'lifetime'
        and ((t.match = 'any' and (c.lifetime_spend >= t.min_spend or c.order_count >= t.min_orders))
          or (t.match = 'all' and (t.min_spend is null or c.lifetime_spend >= t.min_spend) and (t.min_orders is null or c.order_count >= t.min_orders))))`.execute(ctx.db);
  if (behind.rows[0].n !== 0) throw new Error(`${behind.rows[0].n} buyers are below the tier they qualify for`);
  return figures;
}
