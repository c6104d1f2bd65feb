import { sql } from 'kysely';
import type { Ctx } from '../platform/context.ts';
import { ensureLoyalty } from '../modules/customers/tiers/tiers.service.ts';

/**
 * The points a seeded shop's customers would hold had the ledger run along with their two years
 * of orders: an earn per paid order (per yuan paid × the rule × their tier's multiplier, rounded
 * down, dated at payment), a reverse for each refunded one, an expiry for each lot past its validity
 * (dated when it expired), the balance that is left, and each of these on the customer's timeline.
 * Written customer batch by customer batch in one statement each; a second run adds nothing (one
 * earn per order). The tiers are read as they are now, as the seed set them.
 */
export async function seedDemoPoints(ctx: Ctx, opts: { now?: Date; customersPerBatch?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<{ entries: number; customers: number }> {
  const now = opts.now ?? ctx.clock.now();
  const per = Math.max(1, opts.customersPerBatch ?? 5000);
  await ensureLoyalty(ctx.db, ctx.accountId, now);
  const total = Number((await ctx.db.selectFrom('customers').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', ctx.accountId).executeTakeFirstOrThrow()).n);
  let after = '';
  let done = 0;
  let entries = 0;
  let holders = 0;
  for (;;) {
    const ids = await ctx.db.selectFrom('customers').select('id').where('account_id', '=', ctx.accountId).where('id', '>', after).orderBy('id').limit(per).execute();
    if (ids.length === 0) break;
    const lo = ids[0]!.id;
    const hi = ids[ids.length - 1]!.id;
    const { rows } = await sql<{ entries: number; holders: number }>`
      with settings as (
        select coalesce(max(points_per_yuan), 1) as per_yuan, coalesce(max(points_validity_months), 12) as months
          from loyalty_settings where account_id = ${ctx.accountId}
      ),
      paid as (
        select o.id, o.customer_id, o.status, o.paid_at, coalesce(o.refunded_at, o.paid_at) as refunded_at,
               floor(o.paid_total * s.per_yuan * coalesce(t.points_multiplier, 1))::bigint as points,
               (o.paid_at at time zone 'UTC' + make_interval(months => s.months)) at time zone 'UTC' as expires_at
          from orders o
          join customer_stats c on c.account_id = o.account_id and c.customer_id = o.customer_id
          cross join settings s
          left join loyalty_tiers t on t.account_id = o.account_id and t.key = c.tier
         where o.account_id = ${ctx.accountId} and o.customer_id between ${lo} and ${hi}
           and o.paid_at is not null and o.status in ('paid', 'shipped', 'completed', 'refunded')
      ),
      earned as (
        insert into points_entries (account_id, customer_id, kind, amount, remaining, expires_at, order_id, created_at)
        select ${ctx.accountId}, customer_id, 'earn', points,
               case when status = 'refunded' or expires_at <= ${now} then 0 else points end, expires_at, id, paid_at
          from paid where points > 0
        on conflict (account_id, order_id, kind) do nothing
        returning customer_id, order_id, amount, remaining, expires_at, created_at
      ),
      lots as (
        select e.*, p.status, p.refunded_at from earned e join paid p on p.id = e.order_id
      ),
      reversed as (
        insert into points_entries (account_id, customer_id, kind, amount, order_id, created_at)
        select ${ctx.accountId}, customer_id, 'reverse', -amount, order_id, refunded_at from lots where status = 'refunded'
        returning id
      ),
      expired as (
        insert into points_entries (account_id, customer_id, kind, amount, reason, created_at)
        select ${ctx.accountId}, customer_id, 'expire', -amount, 'expired', expires_at from lots where status <> 'refunded' and expires_at <= ${now}
        returning id
      ),
      balances as (
        insert into points_balances (account_id, customer_id, balance, updated_at)
        select ${ctx.accountId}, customer_id, sum(remaining), ${now} from lots group by customer_id order by customer_id
        on conflict (account_id, customer_id) do update set balance = points_balances.balance + excluded.balance, updated_at = excluded.updated_at
        returning customer_id
      ),
      timeline as (
        insert into customer_events (account_id, customer_id, kind, data, actor_id, occurred_at)
        select ${ctx.accountId}, customer_id, 'points.earned', jsonb_build_object('points', amount, 'orderId', order_id), null, created_at from lots
        union all
        select ${ctx.accountId}, customer_id, 'points.reversed', jsonb_build_object('points', amount, 'earned', amount, 'orderId', order_id), null, refunded_at from lots where status = 'refunded'
        union all
        select ${ctx.accountId}, customer_id, 'points.expired', jsonb_build_object('points', amount), null, expires_at from lots where status <> 'refunded' and expires_at <= ${now}
        returning id
      )
      select (select count(*) from earned)::int + (select count(*) from reversed)::int + (select count(*) from expired)::int as entries,
             (select count(*) from balances)::int as holders`.execute(ctx.db);
    entries += Number(rows[0]?.entries ?? 0);
    holders += Number(rows[0]?.holders ?? 0);
    done += ids.length;
    after = hi;
    opts.onProgress?.(done, total);
  }
  return { entries, customers: holders };
}
