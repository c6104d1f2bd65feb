import { api } from '../../app/api-client';

/** Work order reports (工单报表), as in src/contracts/tickets.ts. */
export type HitRow = { key: string; name: string; total: number; met: number; breached: number; rate: number | null };
export type SlaReport = { byTeam: HitRow[]; byType: HitRow[]; byMonth: HitRow[] };
export type AgeKey = 'lt1d' | '1to3d' | '3to7d' | 'gt7d';
export const AGE_KEYS: readonly AgeKey[] = ['lt1d', '1to3d', '3to7d', 'gt7d'];
export type AgeTeamRow = { teamId: string | null; name: string } & Record<AgeKey, number>;
export type AgeReport = { buckets: Array<{ key: AgeKey; count: number }>; byTeam: AgeTeamRow[]; total: number };

export const reportsApi = {
  sla: (from: string, to: string, signal?: AbortSignal) => api.get<SlaReport>('/api/work-orders/reports/sla', { from, to }, signal),
  age: (signal?: AbortSignal) => api.get<AgeReport>('/api/work-orders/reports/age', undefined, signal),
};

export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
