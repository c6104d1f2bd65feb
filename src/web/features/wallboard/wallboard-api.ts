import { api } from '../../app/api-client';

/** The dispatcher's wallboard, as in src/contracts/routing.ts (Wallboard). */
export type AgentStatus = 'online' | 'busy' | 'away' | 'offline';
export const AGENT_STATUSES: readonly AgentStatus[] = ['online', 'busy', 'away', 'offline'];

export type WallboardAgent = { userId: string; name: string; status: AgentStatus; load: number; capacity: number };
/** teamId: the conversation's own team. */
export type WallboardAtRisk = { conversationId: string; teamId: string | null; customerName: string | null; waitingSeconds: number; assigneeName: string | null };
/** A business line's figures cover itself and every team under it; each agent counted once. */
export type WallboardTeam = {
  /** null: open conversations of no team. */
  id: string | null;
  name: string;
  parentId: string | null;
  queue: number;
  longestWaitSeconds: number;
  agents: Record<AgentStatus, number>;
  members: WallboardAgent[];
  conversationsToday: number;
  avgFirstResponseSeconds: number | null;
  /** The 20 longest waits; atRiskCount counts them all. */
  atRisk: WallboardAtRisk[];
  atRiskCount: number;
};
export type Wallboard = {
  generatedAt: string;
  firstResponseTargetSeconds: number;
  teams: WallboardTeam[];
  totals: { queue: number; online: number; conversationsToday: number; avgFirstResponseSeconds: number | null; atRisk: number };
};

export const wallboardApi = {
  get: (signal?: AbortSignal) => api.get<Wallboard>('/api/routing/wallboard', undefined, signal),
};

/** A wait as the floor reads it: 4:05, or 1:02:03 past an hour. */
export function formatWait(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** How close a wait is to the first-response target: the same 80% the server uses for 即将超时. */
export function waitLevel(seconds: number, targetSeconds: number): 'ok' | 'warning' | 'late' {
  if (seconds >= targetSeconds) return 'late';
  if (seconds >= targetSeconds * 0.8) return 'warning';
  return 'ok';
}
