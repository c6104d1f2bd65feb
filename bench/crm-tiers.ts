// Phase (d) of the CRM benchmark: the shop lowers its tier thresholds (replaceTiers, what
// PUT /api/loyalty/tiers calls) so that most customers qualify for a higher tier, and the job
// worker runs the re-evaluation job over every customer. Wall time from the save to the job's end;
// verified: nobody is left below the tier they qualify for, and the history has one row per move.
import { sql } from 'kysely';
import { TierBody } from '../src/contracts/loyalty.ts';
import { createProgressBar } from '../src/server/demo/progress-bar.ts';
import { latestReevaluation, replaceTiers } from '../src/server/modules/customers/tiers/tiers.service.ts';
import type { Ctx } from '../src/server/platform/context.ts';

export type TierFigures = { customers: number; moved: number; seconds: number; raw_scan_s: number };

const LOWERED = [
  { key: 'normal', nameZh: '普通会员', nameEn: 'Member' },
  { key: 'advanced', nameZh: '高级会员', nameEn: 'Advanced', minSpend: '100.00', minOrders: 1, pointsMultiplier: 1.2, discountRate: 0.98 },
  { key: 'vip', nameZh: 'VIP会员', nameEn: 'VIP', minSpend: '1000.00', minOrders: 3, pointsMultiplier: 1.5, discountRate: 0.95 },
  { key: 'svip', nameZh: '至尊VIP会员', nameEn: 'Supreme VIP', minSpend: '5000.00', minOrders: 10, pointsMultiplier: 2, discountRate: 0.9 },
].map((t) => TierBody.parse(t));

/** Customers whose tier is below one they qualify for (lifetime tiers, the kind set here). */
async function behind(ctx: Ctx): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from customer_records c
    join loyalty_tiers cur on cur.account_id = c.account_id and cur.key = c.tier
    where c.account_id = ${ctx.accountId}
      and exists (select 1 from loyalty_tiers t where t.account_id = c.account_id and t.rank > cur.rank
        and ((t.match = 'any' and (c.lifetime_spend >= t.min_spend or c.order_count >= t.min_orders))
          or (t.match = 'all' and (t.min_spend is null or c.lifetime_spend >= t.min_spend) and (t.min_orders is null or c.order_count >= t.min_orders))))`.execute(ctx.db);
  return r.rows[0].n;
}

export async function tierPhase(ctx: Ctx): Promise<TierFigures> {
  const customers = Number((await sql<{ n: number }>`select count(*)::int as n from customers where account_id = ${ctx.accountId}`.execute(ctx.db)).rows[0].n);
  // The raw limit: one plain pass over every customer computing the tier each qualifies for.
  const r0 = performance.now();
  await sql`select tier_rank, count(*) from (
      select case when lifetime_spend >= 5000 or order_count >= 10 then 3 when lifetime_spend >= 1000 or order_count >= 3 then 2
        when lifetime_spend >= 100 or order_count >= 1 then 1 else 0 end as tier_rank
      from customer_stats where account_id = ${ctx.accountId}) x group by tier_rank`.execute(ctx.db);
  const rawScan = (performance.now() - r0) / 1000;
  const changesBefore = Number((await sql<{ n: number }>`select count(*)::int as n from customer_tier_changes where account_id = ${ctx.accountId} and reason = 'reevaluation'`.execute(ctx.db)).rows[0].n);

  const started = performance.now();
  await replaceTiers(ctx, LOWERED);
  const bar = createProgressBar({ label: 'tiers', unit: 'customers' });
  let moved = 0;
  for (;;) {
    const job = await latestReevaluation(ctx);
    if (job && job.total) bar.update(job.done, job.total);
    if (job?.state === 'done') {
      moved = job.moved ?? 0;
      break;
    }
    if (job?.state === 'failed') throw new Error(`the re-evaluation job ${job.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (performance.now() - started) / 1000;
  bar.finish();

  const left = await behind(ctx);
  if (left !== 0) throw new Error(`${left} customers are below the tier they qualify for after the re-evaluation`);
  const changes = Number((await sql<{ n: number }>`select count(*)::int as n from customer_tier_changes where account_id = ${ctx.accountId} and reason = 'reevaluation'`.execute(ctx.db)).rows[0].n) - changesBefore;
  if (changes !== moved) throw new Error(`the job says ${moved} moved, the history has ${changes}`);
  if (moved === 0) throw new Error('nobody moved');
  return { customers, moved, seconds: Number(seconds.toFixed(1)), raw_scan_s: Number(rawScan.toFixed(3)) };
}
