import { sql } from 'kysely';
import type { z } from 'zod';
import type * as L from '../../../../contracts/loyalty.ts';
import type { Db } from '../../../db/database.ts';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { enqueueJob } from '../../../platform/jobs.ts';
import { recordAudit } from '../../accounts/index.ts';
import { DEFAULT_TIERS, type TierDefinition } from './tiers.defaults.ts';
import { presentReevaluation, presentTier } from './tiers.presenters.ts';

export const REEVALUATE_JOB = 'loyalty.reevaluate-tiers';

type TierInput = z.infer<typeof L.TierBody>;

function tierRow(accountId: string, t: TierDefinition, rank: number, now: Date) {
  return {
    account_id: accountId,
    key: t.key,
    name_zh: t.nameZh,
    name_en: t.nameEn,
    color: t.color,
    rank,
    spend_basis: t.spendBasis,
    min_spend: t.minSpend,
    min_orders: t.minOrders,
    match: t.match,
    discount_rate: t.discountRate,
    points_multiplier: t.pointsMultiplier,
    privileges: t.privileges,
    downgrade_policy: t.downgradePolicy,
    created_at: now,
    updated_at: now,
  };
}

/**
 * The account's loyalty settings row, and on first use the four tiers of seed 003. The settings
 * row is the mark: whoever inserts it seeds the tiers, so two first uses at once seed them once.
 */
export async function ensureLoyalty(db: Db, accountId: string, now: Date): Promise<void> {
  const exists = await db.selectFrom('loyalty_settings').select('account_id').where('account_id', '=', accountId).executeTakeFirst();
  if (exists) return;
  await db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('loyalty_settings')
      .values({ account_id: accountId, points_per_yuan: 1, updated_at: now })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .returning('account_id')
      .executeTakeFirst();
    if (!created) return;
    await trx.insertInto('loyalty_tiers').values(DEFAULT_TIERS.map((t, rank) => tierRow(accountId, t, rank, now))).onConflict((oc) => oc.columns(['account_id', 'key']).doNothing()).execute();
  });
}

export async function listTiers(ctx: Ctx): Promise<L.Tier[]> {
  await ensureLoyalty(ctx.db, ctx.accountId, ctx.clock.now());
  const rows = await ctx.db.selectFrom('loyalty_tiers').selectAll().where('account_id', '=', ctx.accountId).orderBy('rank').execute();
  return rows.map(presentTier);
}

function checkTiers(tiers: TierInput[]): void {
  const keys = new Set<string>();
  tiers.forEach((t, i) => {
    if (keys.has(t.key)) throw new AppError('tier_key_repeated', { field: `tiers.${i}.key`, vars: { key: t.key } });
    keys.add(t.key);
    const hasThreshold = t.minSpend !== null || t.minOrders !== null;
    if (i === 0 && hasThreshold) throw new AppError('tier_base_has_threshold', { field: 'tiers.0' });
    if (i > 0 && !hasThreshold) throw new AppError('tier_needs_threshold', { field: `tiers.${i}`, vars: { name: t.nameZh } });
  });
}

/**
 * Replaces the account's tiers (lowest first) and re-evaluates every customer against them as a
 * background job. Customers of a tier that is gone move to the tier they now qualify for.
 */
export async function replaceTiers(ctx: Ctx, tiers: TierInput[]): Promise<{ items: L.Tier[]; reevaluation: L.Reevaluation }> {
  checkTiers(tiers);
  await ensureLoyalty(ctx.db, ctx.accountId, ctx.clock.now());
  const jobId = await inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    await ctx.db.updateTable('loyalty_settings').set({ tiers_version: sql`tiers_version + 1`, updated_at: now }).where('account_id', '=', ctx.accountId).execute();
    const before = await ctx.db.selectFrom('loyalty_tiers').select('key').where('account_id', '=', ctx.accountId).execute();
    await ctx.db.deleteFrom('loyalty_tiers').where('account_id', '=', ctx.accountId).execute();
    await ctx.db.insertInto('loyalty_tiers').values(tiers.map((t, rank) => tierRow(ctx.accountId, t, rank, now))).execute();
    await recordAudit(ctx, 'loyalty.tiers_changed', null, { before: before.map((t) => t.key), after: tiers.map((t) => ({ key: t.key, minSpend: t.minSpend, minOrders: t.minOrders, match: t.match, spendBasis: t.spendBasis })) });
    return queueReevaluation(ctx.db, ctx.accountId, now);
  });
  return { items: await listTiers(ctx), reevaluation: await reevaluationById(ctx, jobId) };
}

/** One re-evaluation per account at a time: a save while one waits joins it; while one runs, it starts over. */
export async function queueReevaluation(db: Db, accountId: string, now: Date): Promise<string> {
  return enqueueJob(db, { name: REEVALUATE_JOB, accountId, runAt: now, singletonKey: `${REEVALUATE_JOB}:${accountId}`, maxAttempts: 3 });
}

export async function startReevaluation(ctx: Ctx): Promise<L.Reevaluation> {
  await ensureLoyalty(ctx.db, ctx.accountId, ctx.clock.now());
  const jobId = await queueReevaluation(ctx.db, ctx.accountId, ctx.clock.now());
  return reevaluationById(ctx, jobId);
}

const JOB_COLUMNS = ['id', 'state', 'progress', 'result', 'started_at', 'finished_at'] as const;

async function reevaluationById(ctx: Ctx, jobId: string): Promise<L.Reevaluation> {
  const job = await ctx.db.selectFrom('jobs').select(JOB_COLUMNS).where('account_id', '=', ctx.accountId).where('id', '=', jobId).executeTakeFirstOrThrow();
  return presentReevaluation(job);
}

/** The account's latest re-evaluation of tiers, with its progress; null if there never was one. */
export async function latestReevaluation(ctx: Ctx): Promise<L.Reevaluation | null> {
  const job = await ctx.db
    .selectFrom('jobs')
    .select(JOB_COLUMNS)
    .where('account_id', '=', ctx.accountId)
    .where('name', '=', REEVALUATE_JOB)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return job ? presentReevaluation(job) : null;
}

/** The tier keys of the account with their points multipliers and badge data, for other flows. */
export async function tierOf(db: Db, accountId: string, key: string) {
  const row = await db.selectFrom('loyalty_tiers').selectAll().where('account_id', '=', accountId).where('key', '=', key).executeTakeFirst();
  return row ? presentTier(row) : null;
}
