import type { Priority, SlaCalendarsTable, StoredSlaTarget } from '../tickets.tables.ts';
import type { SlaCalendar } from './sla-calendar.ts';
import type { Selectable } from 'kysely';

/** A stored calendar row as the SLA clock takes it. */
export function toCalendar(row: Pick<Selectable<SlaCalendarsTable>, 'timezone' | 'week' | 'days' | 'make_up_hours'>): SlaCalendar {
  return { timezone: row.timezone, week: row.week, days: row.days, ...(row.make_up_hours ? { makeUpHours: row.make_up_hours } : {}) };
}

export type PickedTargets = { firstResponseMinutes: number | null; nextResponseMinutes: number | null; resolutionMinutes: number | null };

/**
 * The targets a policy sets for a work order of this priority and customer tier: the most specific
 * row wins (priority and tier, then priority alone, then tier alone, then the catch-all). Each
 * target is taken from the most specific row that sets it, so a VIP row may tighten only the
 * first response and inherit the rest.
 */
export function pickTargets(rows: readonly StoredSlaTarget[], priority: Priority, tierId: string | null): PickedTargets {
  const rank = (r: StoredSlaTarget): number => {
    if (r.priority !== null && r.priority !== priority) return -1;
    if (r.tierId !== null && r.tierId !== tierId) return -1;
    return (r.priority !== null ? 2 : 0) + (r.tierId !== null ? 1 : 0);
  };
  const matching = rows.map((r) => ({ r, rank: rank(r) })).filter((x) => x.rank >= 0).sort((a, b) => b.rank - a.rank);
  const first = <K extends keyof PickedTargets>(key: K): number | null => matching.find((x) => x.r[key] != null)?.r[key] ?? null;
  return { firstResponseMinutes: first('firstResponseMinutes'), nextResponseMinutes: first('nextResponseMinutes'), resolutionMinutes: first('resolutionMinutes') };
}
