import type { Selectable } from 'kysely';
import type { Reevaluation, Tier } from '../../../../contracts/loyalty.ts';
import type { JobsTable } from '../../../platform/platform.tables.ts';
import type { LoyaltyTiersTable } from './tiers.tables.ts';

export function presentTier(t: Selectable<LoyaltyTiersTable>): Tier {
  return {
    key: t.key,
    nameZh: t.name_zh,
    nameEn: t.name_en,
    color: t.color,
    rank: t.rank,
    spendBasis: t.spend_basis,
    minSpend: t.min_spend === null ? null : Number(t.min_spend).toFixed(2),
    minOrders: t.min_orders,
    match: t.match,
    discountRate: Number(t.discount_rate),
    pointsMultiplier: Number(t.points_multiplier),
    privileges: t.privileges,
    downgradePolicy: t.downgrade_policy,
  };
}

type JobRow = Pick<Selectable<JobsTable>, 'id' | 'state' | 'progress' | 'result' | 'started_at' | 'finished_at'>;

export function presentReevaluation(job: JobRow): Reevaluation {
  const progress = (job.progress ?? {}) as { done?: number; total?: number };
  const result = (job.result ?? null) as { moved?: number } | null;
  return {
    jobId: job.id,
    state: job.state,
    done: Number(progress.done ?? 0),
    total: Number(progress.total ?? 0),
    moved: result && typeof result.moved === 'number' ? result.moved : null,
    startedAt: job.started_at ? job.started_at.toISOString() : null,
    finishedAt: job.finished_at ? job.finished_at.toISOString() : null,
  };
}
