import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { AppError } from '../../../platform/errors.ts';

/**
 * The ledger's moving parts, all inside the caller's transaction. The balance row is locked first
 * by every change to a customer's points, so credits, debits and expiry of one customer never
 * interleave; the lots of credits (remaining) are spent oldest first.
 */

export type PointsSettingsRow = { points_per_yuan: string; points_validity_months: number };

export async function pointsSettings(db: Db, accountId: string): Promise<PointsSettingsRow> {
  const row = await db.selectFrom('loyalty_settings').select(['points_per_yuan', 'points_validity_months']).where('account_id', '=', accountId).executeTakeFirst();
  return row ?? { points_per_yuan: '1', points_validity_months: 12 };
}

/**
 * When points earned at `now` expire: the same day `months` later, or the month's last day when it
 * has no such day (31 January + 1 month = 28/29 February), as PostgreSQL adds months to a date.
 */
export function expiryFrom(now: Date, months: number): Date {
  const target = new Date(now);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
}

/** The customer's balance, its row locked until the transaction ends (0 if they never had points). */
export async function lockBalance(db: Db, accountId: string, customerId: string): Promise<number> {
  const row = await db.selectFrom('points_balances').select('balance').where('account_id', '=', accountId).where('customer_id', '=', customerId).forUpdate().executeTakeFirst();
  return row ? Number(row.balance) : 0;
}

/** Adds points to the balance (creating its row), returning the new balance. */
export async function credit(db: Db, accountId: string, customerId: string, points: number, now: Date): Promise<number> {
  const row = await db
    .insertInto('points_balances')
    .values({ account_id: accountId, customer_id: customerId, balance: points, updated_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'customer_id']).doUpdateSet({ balance: sql`points_balances.balance + excluded.balance`, updated_at: now }))
    .returning('balance')
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** Takes points off the balance and its lots, oldest first; refused with points_insufficient if the balance is short. */
export async function debit(db: Db, accountId: string, customerId: string, points: number, now: Date, firstLotId?: string): Promise<number> {
  const row = await db
    .updateTable('points_balances')
    .set({ balance: sql`balance - ${points}`, updated_at: now })
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId)
    .where('balance', '>=', String(points))
    .returning('balance')
    .executeTakeFirst();
  if (!row) {
    const balance = await lockBalance(db, accountId, customerId);
    throw new AppError('points_insufficient', { vars: { balance, needed: points } });
  }
  await spendLots(db, accountId, customerId, points, firstLotId);
  return Number(row.balance);
}

/** Lowers the remaining of the customer's open lots by `points` in total: one lot first if named, then by expiry. */
async function spendLots(db: Db, accountId: string, customerId: string, points: number, firstLotId?: string): Promise<void> {
  await sql`
    with lots as (
      select id, remaining,
        sum(remaining) over (order by (id = ${firstLotId ?? '0'}::bigint) desc, expires_at nulls last, id) as running
      from points_entries
      where account_id = ${accountId} and customer_id = ${customerId} and remaining > 0
    ),
    take as (select id, least(remaining, ${points}::bigint - (running - remaining)) as used from lots where running - remaining < ${points}::bigint)
    update points_entries p set remaining = p.remaining - take.used from take where p.id = take.id`.execute(db);
}
