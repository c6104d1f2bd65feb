import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { outboxCommitted } from '../../../platform/events.ts';
import { defineJob, type JobContext } from '../../../platform/jobs.ts';
import type { Schedule } from '../../../platform/scheduler.ts';
import { evaluateTiers, type EvaluationMode } from './tiers.evaluate.ts';
import { ensureLoyalty, REEVALUATE_JOB } from './tiers.service.ts';
import type { TierChangeReason } from './tiers.tables.ts';

export const YEARLY_REVIEW_JOB = 'loyalty.yearly-tier-review';
/** Customers per statement: big enough that a million take tens of statements, small enough to keep each short. */
export const REEVALUATION_CHUNK = 20_000;

async function tiersVersion(db: Db, accountId: string): Promise<number> {
  const row = await db.selectFrom('loyalty_settings').select('tiers_version').where('account_id', '=', accountId).executeTakeFirst();
  return row?.tiers_version ?? 0;
}

/** Chunks evaluated at once. On PostgreSQL each runs on its own connection; the embedded store takes them in turn. */
export const REEVALUATION_PARALLEL = 2;

/** Every chunk-th customer id of the account, in order: the ends of the chunks of a pass. */
async function chunkEnds(db: Db, accountId: string, chunk: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from (select customer_id as id, row_number() over (order by customer_id) as n from customer_stats where account_id = ${accountId}) x
    where n % ${chunk} = 0 order by id`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * One pass over every customer of the account, saving progress after each chunk. The chunks known
 * at the start (fixed id ranges) are evaluated REEVALUATION_PARALLEL at a time; then the customers
 * after the last of them, chunk by chunk in id order, so that those added meanwhile are included.
 */
async function passOverAll(job: JobContext, accountId: string, mode: EvaluationMode, reason: TierChangeReason, chunk: number): Promise<{ scanned: number; moved: number }> {
  const total = Number((await job.db.selectFrom('customer_stats').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow()).n);
  await job.progress(0, total);
  let scanned = 0;
  let moved = 0;
  const evaluate = async (scope: { afterId: string | null; limit: number; upToId?: string }) => {
    const r = await evaluateTiers(job.db, accountId, scope, { mode, reason, now: job.clock.now() });
    scanned += r.scanned;
    moved += r.moved;
    if (r.moved) outboxCommitted();
    await job.progress(scanned, Math.max(total, scanned));
    return r;
  };
  const ends = await chunkEnds(job.db, accountId, chunk);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(REEVALUATION_PARALLEL, ends.length) }, async () => {
    while (next < ends.length) {
      const i = next++;
      await evaluate({ afterId: i === 0 ? null : ends[i - 1], upToId: ends[i], limit: chunk });
    }
  }));
  let afterId: string | null = ends.at(-1) ?? null;
  for (;;) {
    const r = await evaluate({ afterId, limit: chunk });
    if (r.scanned < chunk || r.lastId === null) return { scanned, moved };
    afterId = r.lastId;
  }
}

/**
 * Re-evaluates every customer of the account after its tiers changed. If they change again while
 * it runs, it starts over with the newer ones (customers already moved stay moved: upward only).
 */
export async function reevaluateAccountTiers(job: JobContext, chunk = REEVALUATION_CHUNK): Promise<{ scanned: number; moved: number; passes: number }> {
  const accountId = job.accountId!;
  await ensureLoyalty(job.db, accountId, job.clock.now());
  let moved = 0;
  for (let passes = 1; ; passes++) {
    const version = await tiersVersion(job.db, accountId);
    const pass = await passOverAll(job, accountId, 'upgrade', 'reevaluation', chunk);
    moved += pass.moved;
    if ((await tiersVersion(job.db, accountId)) === version) return { scanned: pass.scanned, moved, passes };
  }
}

/**
 * The yearly review: customers of a tier whose downgrade policy is 'yearly' are placed in the tier
 * they qualify for now, down as well as up. Accounts without such a tier are skipped.
 */
export async function reviewTiersYearly(job: JobContext, chunk = REEVALUATION_CHUNK): Promise<{ accounts: number; moved: number }> {
  const accounts = await job.db.selectFrom('loyalty_tiers').select('account_id').distinct().where('downgrade_policy', '=', 'yearly').execute();
  let moved = 0;
  for (const a of accounts) moved += (await passOverAll(job, a.account_id, 'review', 'yearly_review', chunk)).moved;
  return { accounts: accounts.length, moved };
}

export function registerTierJobs(): void {
  defineJob(REEVALUATE_JOB, (job) => reevaluateAccountTiers(job));
  defineJob(YEARLY_REVIEW_JOB, (job) => reviewTiersYearly(job));
}

/** On 1 January at 02:30 (the shop's time zone is China's), once a year. */
export const TIER_SCHEDULES: Schedule[] = [{ name: 'loyalty.yearly-tier-review', cron: '30 2 1 1 *', job: YEARLY_REVIEW_JOB }];
