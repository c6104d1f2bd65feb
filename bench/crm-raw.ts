// The machine's raw limits for the CRM benchmark, measured in the same run on the same store:
// order-shaped rows into a bare table (no index, no constraint, no trigger), `batch` rows a
// statement and a commit, two writers (one on the embedded store, which has one session).
import { sql } from 'kysely';
import type { Ctx } from '../src/server/platform/context.ts';

export async function rawInsertsPerSecond(ctx: Ctx, opts: { rows: number; batch: number; writers: number }): Promise<number> {
  await sql`drop table if exists bench_raw_orders`.execute(ctx.db);
  await sql`create table bench_raw_orders (
    id text, account_id text, customer_id text, platform text, platform_order_id text, status text, currency text,
    item_total numeric(12,2), discount_total numeric(12,2), shipping_fee numeric(12,2), paid_total numeric(12,2),
    placed_at timestamptz, paid_at timestamptz, province text, city text, ingest_hash text, created_at timestamptz, updated_at timestamptz)`.execute(ctx.db);
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.writers }, async () => {
    while (next < opts.rows) {
      const n = Math.min(opts.batch, opts.rows - next);
      const first = next;
      next += n;
      const ids = Array.from({ length: n }, (_, i) => `raw${first + i}`);
      const now = new Date().toISOString();
      await sql`insert into bench_raw_orders
        select u.id, ${ctx.accountId}, 'cus_raw', 'tmall', u.id, 'paid', 'CNY', u.total::numeric, 0, 10, u.total::numeric,
          ${now}::timestamptz, ${now}::timestamptz, '浙江省', '杭州市', md5(u.id), ${now}::timestamptz, ${now}::timestamptz
        from unnest(${ids}::text[], ${ids.map((_, i) => String(99 + ((first + i) % 2901)))}::text[]) as u(id, total)`.execute(ctx.db);
    }
  }));
  const perSecond = opts.rows / ((performance.now() - started) / 1000);
  await sql`drop table bench_raw_orders`.execute(ctx.db);
  return perSecond;
}
