import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { recordCustomerEvents } from '../timeline.service.ts';
import { debit, lockBalance } from './points.ledger.ts';

export type PaidOrder = { customerId: string; orderId: string; paidTotal: string };

/**
 * Points for paid orders, one statement per account and batch: per yuan paid × the rule × the
 * customer's tier multiplier, rounded down, valid for the account's validity. The ledger takes one
 * earn per order, so an event applied twice earns nothing the second time.
 */
export async function earnForPaidOrders(db: Db, accountId: string, orders: PaidOrder[], now: Date): Promise<number> {
  const unique = [...new Map(orders.filter((o) => /^\d+(\.\d+)?$/.test(o.paidTotal)).map((o) => [o.orderId, o])).values()];
  if (unique.length === 0) return 0;
  const { rows } = await sql<{ earned: number }>`
    with input as (
      select * from unnest(${unique.map((o) => o.orderId)}::text[], ${unique.map((o) => o.customerId)}::text[], ${unique.map((o) => o.paidTotal)}::numeric[]) as x(order_id, customer_id, paid)
    ),
    settings as (
      select coalesce(max(points_per_yuan), 1) as per_yuan, coalesce(max(points_validity_months), 12) as months
      from loyalty_settings where account_id = ${accountId}
    ),
    calc as (
      select i.order_id, i.customer_id, floor(i.paid * s.per_yuan * coalesce(t.points_multiplier, 1))::bigint as points, s.months
      from input i
      join customer_stats c on c.account_id = ${accountId} and c.customer_id = i.customer_id
      cross join settings s
      left join loyalty_tiers t on t.account_id = ${accountId} and t.key = c.tier
      order by i.customer_id
    ),
    earned as (
      insert into points_entries (account_id, customer_id, kind, amount, remaining, expires_at, order_id, created_at)
      select ${accountId}, customer_id, 'earn', points, points, (${now}::timestamptz at time zone 'UTC' + make_interval(months => months)) at time zone 'UTC', order_id, ${now}
      from calc where points > 0
      on conflict (account_id, order_id, kind) do nothing
      returning customer_id, order_id, amount
    ),
    per as (select customer_id, sum(amount)::bigint as total from earned group by customer_id),
    balances as (
      insert into points_balances (account_id, customer_id, balance, updated_at)
      select ${accountId}, customer_id, total, ${now} from per order by customer_id
      on conflict (account_id, customer_id) do update set balance = points_balances.balance + excluded.balance, updated_at = excluded.updated_at
    ),
    timeline as (
      insert into customer_events (account_id, customer_id, kind, data, actor_id, occurred_at)
      select ${accountId}, customer_id, 'points.earned', jsonb_build_object('points', amount, 'orderId', order_id), null, ${now} from earned
    )
    select count(*)::int as earned from earned`.execute(db);
  return Number(rows[0]?.earned ?? 0);
}

/**
 * Takes back the points an order earned when it is refunded: what is left of them, never more than
 * the balance (points already spent stay spent). Once per order: a second event finds the reverse.
 */
export async function reverseForRefundedOrder(db: Db, accountId: string, orderId: string, now: Date): Promise<number | null> {
  const earn = await db.selectFrom('points_entries').select(['id', 'customer_id', 'amount']).where('account_id', '=', accountId).where('order_id', '=', orderId).where('kind', '=', 'earn').executeTakeFirst();
  if (!earn) return null;
  return db.transaction().execute(async (trx) => {
    const balance = await lockBalance(trx, accountId, earn.customer_id);
    const done = await trx.selectFrom('points_entries').select('id').where('account_id', '=', accountId).where('order_id', '=', orderId).where('kind', '=', 'reverse').executeTakeFirst();
    if (done) return null;
    const points = Math.min(Number(earn.amount), balance);
    if (points > 0) await debit(trx, accountId, earn.customer_id, points, now, earn.id);
    await trx.insertInto('points_entries').values({ account_id: accountId, customer_id: earn.customer_id, kind: 'reverse', amount: -points, order_id: orderId, created_at: now }).execute();
    await recordCustomerEvents(trx, [{ accountId, customerId: earn.customer_id, kind: 'points.reversed', data: { points, earned: Number(earn.amount), orderId }, occurredAt: now }]);
    return points;
  });
}
