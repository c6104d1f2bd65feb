import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SlaCalendar } from './sla/sla-calendar.ts';
import { toCalendar } from './sla/sla-policy.ts';
import { addWorkingTime, escalationTimes, reminderAt, slaState, workingMs, type EscalationLevel, type Pause, type SlaTarget } from './sla/sla.calc.ts';
import { isActive } from './tickets.status.ts';
import type { SlaTargetKey, StoredPause, WorkOrdersTable } from './tickets.tables.ts';

/**
 * A work order's applied SLA (已应用的 SLA): the targets copied onto it at creation, read through
 * the pure clock of sla/sla.calc.ts. Nothing here reads "now" but the one given.
 */
export type SlaRow = Pick<
  Selectable<WorkOrdersTable>,
  | 'status'
  | 'created_at'
  | 'first_response_minutes'
  | 'next_response_minutes'
  | 'resolution_minutes'
  | 'reminder_share'
  | 'escalation'
  | 'pauses'
  | 'first_responded_at'
  | 'next_response_started_at'
  | 'resolved_at'
  | 'breached'
  | 'reminded'
  | 'escalation_level'
>;

export const TARGET_KEYS: readonly SlaTargetKey[] = ['first_response', 'next_response', 'resolution'];

export function pausesOf(stored: readonly StoredPause[]): Pause[] {
  return stored.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null }));
}

/** The clocks that apply to a work order, each with its target; a target without minutes is not run. */
export function targetsOf(row: SlaRow): Array<{ key: SlaTargetKey; minutes: number; target: SlaTarget }> {
  const pauses = pausesOf(row.pauses);
  const out: Array<{ key: SlaTargetKey; minutes: number; target: SlaTarget }> = [];
  if (row.first_response_minutes) out.push({ key: 'first_response', minutes: row.first_response_minutes, target: { startedAt: row.created_at, targetMs: row.first_response_minutes * 60_000, pauses, metAt: row.first_responded_at } });
  // The next response runs from the moment the customer came back (or the work order was reopened) to the shop's next answer.
  if (row.next_response_minutes && row.next_response_started_at) {
    const since = row.next_response_started_at;
    out.push({ key: 'next_response', minutes: row.next_response_minutes, target: { startedAt: since, targetMs: row.next_response_minutes * 60_000, pauses: pauses.filter((p) => p.to === null || p.to > since), metAt: null } });
  }
  if (row.resolution_minutes) out.push({ key: 'resolution', minutes: row.resolution_minutes, target: { startedAt: row.created_at, targetMs: row.resolution_minutes * 60_000, pauses, metAt: row.resolved_at } });
  return out;
}

export function levelsOf(row: SlaRow): EscalationLevel[] {
  return row.escalation.map((l) => ({ level: l.level, afterMs: l.afterMinutes * 60_000, notify: l.notify }));
}

/** A target still running: not met, and the work order still needs the shop. */
const running = (row: SlaRow, t: { target: SlaTarget }) => isActive(row.status) && !t.target.metAt;

/** The due times stored on the row (for lists, sorting and reports), as known at `now`. */
export function dueTimes(calendar: SlaCalendar | null, row: SlaRow, now: Date) {
  const due: Record<SlaTargetKey, Date | null> = { first_response: null, next_response: null, resolution: null };
  for (const t of targetsOf(row)) due[t.key] = slaState(calendar, t.target, now).dueAt;
  return { first_response_due_at: due.first_response, next_response_due_at: due.next_response, resolution_due_at: due.resolution };
}

/** The countdown a list shows: the first running target to fall due (a paused one shows as paused). */
export function countdownOf(calendar: SlaCalendar | null, row: SlaRow, now: Date) {
  let best: { target: SlaTargetKey; dueAt: Date | null; remainingMs: number; paused: boolean; breached: boolean; running: boolean; targetMinutes: number } | null = null;
  for (const t of targetsOf(row)) {
    if (!running(row, t)) continue;
    const s = slaState(calendar, t.target, now);
    const candidate = { target: t.key, dueAt: s.dueAt, remainingMs: s.remainingMs, paused: s.paused, breached: s.breached, running: !s.paused && inWorkingTime(calendar, now), targetMinutes: t.minutes };
    if (!best || candidate.remainingMs < best.remainingMs) best = candidate;
  }
  return best;
}

/** Whether the calendar's clock runs at `now` (a countdown ticks only then). */
export function inWorkingTime(calendar: SlaCalendar | null, now: Date): boolean {
  return workingMs(calendar, now, new Date(now.getTime() + 1000)) > 0;
}

export type SlaStep =
  | { kind: 'reminder'; key: SlaTargetKey; at: Date }
  | { kind: 'breach'; key: SlaTargetKey; at: Date }
  | { kind: 'escalation'; level: number; notify: EscalationLevel['notify']; key: SlaTargetKey; at: Date };

/**
 * What the SLA job owes a work order at `now` — reminders at the policy's share, breaches at the due
 * time, escalation levels past it — that it has not done yet, and when to look again (the next
 * such moment, or null when nothing is pending: met, resolved, or paused).
 */
export function slaSteps(calendar: SlaCalendar | null, row: SlaRow, now: Date): { steps: SlaStep[]; checkAt: Date | null } {
  const steps: SlaStep[] = [];
  let checkAt: Date | null = null;
  const later = (at: Date | null) => {
    if (at && at > now && (!checkAt || at < checkAt)) checkAt = at;
  };
  const share = row.reminder_share === null ? null : Number(row.reminder_share);
  const levels = levelsOf(row);
  const reached = new Map<number, SlaStep>();
  for (const t of targetsOf(row)) {
    if (!running(row, t)) continue;
    if (share !== null && share < 1 && !row.reminded[t.key] && !row.breached[t.key]) {
      const at = reminderAt(calendar, t.target, share);
      if (at && at <= now) steps.push({ kind: 'reminder', key: t.key, at });
      else later(at);
    }
    if (!row.breached[t.key]) {
      const s = slaState(calendar, t.target, now);
      if (s.breached && s.dueAt) steps.push({ kind: 'breach', key: t.key, at: s.dueAt });
      else later(s.dueAt ?? addWorkingTime(calendar, t.target.startedAt, t.target.targetMs, t.target.pauses));
    }
    for (const e of escalationTimes(calendar, t.target, levels)) {
      if (e.level <= row.escalation_level) continue;
      if (e.at && e.at <= now) {
        if (!reached.has(e.level)) reached.set(e.level, { kind: 'escalation', level: e.level, notify: e.notify, key: t.key, at: e.at });
      } else later(e.at);
    }
  }
  steps.push(...[...reached.values()].sort((a, b) => (a.kind === 'escalation' && b.kind === 'escalation' ? a.level - b.level : 0)));
  // A paused clock has no due time: the job looks again when the status changes, which replans.
  return { steps, checkAt };
}

/** The account's calendars by id, read once per request or sweep. */
export async function calendarsOf(db: Db, accountId: string, ids: Array<string | null>): Promise<Map<string, SlaCalendar>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const out = new Map<string, SlaCalendar>();
  if (wanted.length === 0) return out;
  const rows = await db.selectFrom('sla_calendars').select(['id', 'timezone', 'week', 'days', 'make_up_hours']).where('account_id', '=', accountId).where('id', 'in', wanted).execute();
  for (const r of rows) out.set(r.id, toCalendar(r));
  return out;
}

/** The calendar a work order's clock runs on: its policy's, or round the clock when the policy has none (or is gone). */
export async function calendarOfPolicies(db: Db, accountId: string, policyIds: Array<string | null>): Promise<Map<string, SlaCalendar | null>> {
  const wanted = [...new Set(policyIds.filter((id): id is string => Boolean(id)))];
  const out = new Map<string, SlaCalendar | null>();
  if (wanted.length === 0) return out;
  const policies = await db.selectFrom('sla_policies').select(['id', 'calendar_id']).where('account_id', '=', accountId).where('id', 'in', wanted).execute();
  const calendars = await calendarsOf(db, accountId, policies.map((p) => p.calendar_id));
  for (const p of policies) out.set(p.id, p.calendar_id ? (calendars.get(p.calendar_id) ?? null) : null);
  return out;
}
