import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { defineJob, type JobContext } from '../../../platform/jobs.ts';
import type { Schedule } from '../../../platform/scheduler.ts';

export const EXPIRE_POINTS_JOB = 'loyalty.expire-points';
const CUSTOMERS_PER_BATCH = 2_000;

type Holder = { account_id: string; customer_id: string };

/** Customers with lots past their expiry, a batch at a time. */
async function holdersWithExpiredLots(db: Db, now: Date, limit: number): Promise<Holder[]> {
  const { rows } = await sql<Holder>`
    select distinct account_id, customer_id from points_entries
    where remaining > 0 and expires_at <= ${now}
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * Expires one batch: the balances are locked first (as every change to points does), then the
 * expired lots are emptied, and an expire entry, a lower balance and a timeline entry are written
 * per customer, in one statement.
 */
async function expireBatch(db: Db, holders: Holder[], now: Date): Promise<number> {
  const accounts = holders.map((h) => h.account_id);
  const customers = holders.map((h) => h.customer_id);
  return db.transaction().execute(async (trx) => {
    await sql`
      select 1 from points_balances b
      join unnest(${accounts}::text[], ${customers}::text[]) as h(account_id, customer_id) on b.account_id = h.account_id and b.customer_id = h.customer_id
      order by b.account_id, b.customer_id
      for update of b`.execute(trx);
    const { rows } = await sql<{ n: number }>`
      with holders as (select * from unnest(${accounts}::text[], ${customers}::text[]) as h(account_id, customer_id)),
      due as (
        select p.id, p.account_id, p.customer_id, p.remaining
        from points_entries p join holders h on p.account_id = h.account_id and p.customer_id = h.customer_id
        where p.remaining > 0 and p.expires_at <= ${now}
      ),
      emptied as (update points_entries p set remaining = 0 from due where p.id = due.id),
      per as (select account_id, customer_id, sum(remaining)::bigint as points from due group by account_id, customer_id),
      entries as (
        insert into points_entries (account_id, customer_id, kind, amount, reason, created_at)
        select account_id, customer_id, 'expire', -points, 'expired', ${now} from per
      ),
      balances as (
        update points_balances b set balance = b.balance - per.points, updated_at = ${now}
        from per where b.account_id = per.account_id and b.customer_id = per.customer_id
      ),
      timeline as (
        insert into customer_events (account_id, customer_id, kind, data, actor_id, occurred_at)
        select account_id, customer_id, 'points.expired', jsonb_build_object('points', points), null, ${now} from per
      )
      select count(*)::int as n from per`.execute(trx);
    return Number(rows[0]?.n ?? 0);
  });
}

/** Expires every lot of points past its date, oldest lots first by construction (each lot expires on its own date). */
export async function expireDuePoints(db: Db, now: Date, batch = CUSTOMERS_PER_BATCH): Promise<{ customers: number }> {
  let customers = 0;
  for (;;) {
    const holders = await holdersWithExpiredLots(db, now, batch);
    if (holders.length === 0) return { customers };
    customers += await expireBatch(db, holders, now);
  }
}

export function registerPointsJobs(): void {
  defineJob(EXPIRE_POINTS_JOB, (job: JobContext) => expireDuePoints(job.db, job.clock.now()));
}

/** Every night at 03:10. */
export const POINTS_SCHEDULES: Schedule[] = [{ name: 'loyalty.expire-points', cron: '10 3 * * *', job: EXPIRE_POINTS_JOB }];
