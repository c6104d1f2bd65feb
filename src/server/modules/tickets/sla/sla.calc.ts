import type { SlaCalendar, WorkPeriod } from './sla-calendar.ts';

/**
 * The SLA clock (SLA 计时): how much working time has run between two instants, and when a target
 * falls due, on a calendar of working hours, holidays and make-up working days in its time zone,
 * less the spans the clock was paused (pending on the customer). Pure: no database, no "now" but
 * the one given. A calendar of null runs round the clock.
 */
export type Pause = { from: Date; to: Date | null };
type Span = [number, number];

const DAY_MS = 86_400_000;
/** How far ahead a due time is looked for: a calendar with no working time in three years has none. */
const HORIZON_DAYS = 3 * 366;
const WINDOW_DAYS = 14;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timezone, f);
  }
  return f;
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in ms (local = UTC + offset). Zones change their offset
 * on a quarter hour, so it is remembered per quarter hour (Intl is slow to ask).
 */
function offsetAt(ms: number, timezone: string): number {
  const key = `${timezone} ${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    offset = askOffset(Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR, timezone);
    offsets.set(key, offset);
  }
  return offset;
}

function askOffset(ms: number, timezone: string): number {
  const parts = formatterOf(timezone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(ms / 1000) * 1000;
}

/** The local date (days since 1970-01-01, as a UTC day number) of an instant. */
function localDay(ms: number, timezone: string): number {
  return Math.floor((ms + offsetAt(ms, timezone)) / DAY_MS);
}

/**
 * The instant of a local wall time. Where the clocks fall back, the first of the two readings is
 * taken; a time the clocks jump over (02:30 on a spring-forward night) is read after the jump.
 */
function instantOf(day: number, minutes: number, timezone: string): number {
  const wall = day * DAY_MS + minutes * 60_000;
  const a = wall - offsetAt(wall, timezone);
  const b = wall - offsetAt(a, timezone);
  const valid = [a, b].filter((c) => c + offsetAt(c, timezone) === wall);
  return valid.length ? Math.min(...valid) : Math.max(a, b);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dateText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function periodsOn(calendar: SlaCalendar, day: number, specials: Map<string, 'holiday' | 'workday'>): WorkPeriod[] {
  const special = specials.get(dateText(day));
  if (special === 'holiday') return [];
  if (special === 'workday') return calendar.makeUpHours ?? calendar.week[0] ?? [];
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  return calendar.week[weekday] ?? [];
}

const specialsCache = new WeakMap<SlaCalendar, Map<string, 'holiday' | 'workday'>>();
function specialsOf(calendar: SlaCalendar) {
  let m = specialsCache.get(calendar);
  if (!m) {
    m = new Map(calendar.days.map((d) => [d.date, d.kind]));
    specialsCache.set(calendar, m);
  }
  return m;
}

/** Sorted, non-overlapping spans, clipped to [from, to). */
function normalise(spans: Span[], from: number, to: number): Span[] {
  const sorted = spans.map(([a, b]): Span => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** The calendar's working spans within [from, to), before pauses. */
export function workingSpans(calendar: SlaCalendar | null, from: number, to: number): Span[] {
  if (to <= from) return [];
  if (!calendar) return [[from, to]];
  const specials = specialsOf(calendar);
  const spans: Span[] = [];
  // The day before, for a period that runs past midnight into the window.
  for (let day = localDay(from, calendar.timezone) - 1, last = localDay(to, calendar.timezone); day <= last; day++) {
    for (const p of periodsOn(calendar, day, specials)) {
      const start = minutesOf(p.from);
      const end = minutesOf(p.to);
      spans.push([instantOf(day, start, calendar.timezone), end > start ? instantOf(day, end, calendar.timezone) : instantOf(day + 1, end, calendar.timezone)]);
    }
  }
  return normalise(spans, from, to);
}

/** Pauses as sorted, merged spans (an open pause runs to the end of time). */
function pauseSpans(pauses: readonly Pause[]): Span[] {
  return normalise(pauses.map((p): Span => [p.from.getTime(), p.to ? p.to.getTime() : Number.POSITIVE_INFINITY]), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
}

/** Spans less the paused ones (`cuts` from pauseSpans). */
function withoutPauses(spans: Span[], cuts: Span[]): Span[] {
  if (cuts.length === 0) return spans;
  const out: Span[] = [];
  for (const [a, b] of spans) {
    let cursor = a;
    for (const [c, d] of cuts) {
      if (d <= cursor || c >= b) continue;
      if (c > cursor) out.push([cursor, c]);
      cursor = Math.max(cursor, d);
      if (cursor >= b) break;
    }
    if (cursor < b) out.push([cursor, b]);
  }
  return out;
}

/** Working time (ms) the clock ran between two instants, pauses left out. */
export function workingMs(calendar: SlaCalendar | null, from: Date, to: Date, pauses: readonly Pause[] = []): number {
  let total = 0;
  for (const [a, b] of withoutPauses(workingSpans(calendar, from.getTime(), to.getTime()), pauseSpans(pauses))) total += b - a;
  return total;
}

/**
 * The instant at which `durationMs` of working time has run since `start`, pauses left out; null
 * while an open pause stops the clock before it is reached, or if the calendar has no working time
 * within three years.
 */
export function addWorkingTime(calendar: SlaCalendar | null, start: Date, durationMs: number, pauses: readonly Pause[] = []): Date | null {
  if (durationMs < 0) throw new RangeError('a duration cannot be negative');
  let left = durationMs;
  const end = start.getTime() + HORIZON_DAYS * DAY_MS;
  const open = pauses.find((p) => p.to === null);
  const cuts = pauseSpans(pauses);
  for (let from = start.getTime(); from < end; from += WINDOW_DAYS * DAY_MS) {
    const to = from + WINDOW_DAYS * DAY_MS;
    for (const [a, b] of withoutPauses(workingSpans(calendar, from, to), cuts)) {
      if (b - a >= left) return new Date(a + left);
      left -= b - a;
    }
    if (open && open.from.getTime() < to) return null;
  }
  return null;
}

/** One target of a work order (first response, next response or resolution) at an instant. */
export type SlaTarget = { startedAt: Date; targetMs: number; pauses: readonly Pause[]; metAt?: Date | null };

export type SlaState = {
  /** When the target falls due; null while the clock is paused (or the calendar has no time). */
  dueAt: Date | null;
  /** Working time used, to the moment it was met or to now. */
  usedMs: number;
  /** Working time left (negative once overdue). */
  remainingMs: number;
  /** usedMs / targetMs: the share a reminder is set against. */
  share: number;
  paused: boolean;
  breached: boolean;
  met: boolean;
};

export function slaState(calendar: SlaCalendar | null, target: SlaTarget, now: Date): SlaState {
  const until = target.metAt && target.metAt < now ? target.metAt : now;
  const usedMs = workingMs(calendar, target.startedAt, until, target.pauses);
  const met = Boolean(target.metAt && target.metAt <= now);
  const paused = !met && target.pauses.some((p) => p.from <= now && (p.to === null || p.to > now));
  // As known at `now`: a pause not yet ended runs on (when it will end is not known yet).
  const pausesKnown = target.pauses.filter((p) => p.from <= now).map((p) => (p.to === null || p.to > now ? { from: p.from, to: null } : p));
  return {
    dueAt: addWorkingTime(calendar, target.startedAt, target.targetMs, pausesKnown),
    usedMs,
    remainingMs: target.targetMs - usedMs,
    share: target.targetMs === 0 ? 1 : usedMs / target.targetMs,
    paused,
    // Met exactly on time is on time; unmet, the due moment itself is late.
    breached: met ? usedMs > target.targetMs : usedMs >= target.targetMs,
    met,
  };
}

/** The instant a reminder at `share` of the target (0.8: at 80 %) is due, by the same clock. */
export function reminderAt(calendar: SlaCalendar | null, target: SlaTarget, share: number): Date | null {
  if (!(share > 0 && share <= 1)) throw new RangeError('a reminder share is above 0 and at most 1');
  return addWorkingTime(calendar, target.startedAt, Math.floor(target.targetMs * share), target.pauses);
}

/** An escalation level of an SLA policy: `afterMs` of working time past the due time, who is told. */
export type EscalationLevel = { level: number; afterMs: number; notify: 'team_lead' | 'supervisor' };

/** When each level falls (null while paused or never), in level order. */
export function escalationTimes(calendar: SlaCalendar | null, target: SlaTarget, levels: readonly EscalationLevel[]): Array<{ level: number; notify: EscalationLevel['notify']; at: Date | null }> {
  return [...levels]
    .sort((a, b) => a.level - b.level)
    .map((l) => ({ level: l.level, notify: l.notify, at: addWorkingTime(calendar, target.startedAt, target.targetMs + Math.max(0, l.afterMs), target.pauses) }));
}

/** The highest level reached at `now` (0: none); a target met before a level fell stops it. */
export function escalationLevelAt(calendar: SlaCalendar | null, target: SlaTarget, levels: readonly EscalationLevel[], now: Date): number {
  const end = target.metAt && target.metAt < now ? target.metAt : now;
  let reached = 0;
  for (const t of escalationTimes(calendar, target, levels)) if (t.at && t.at <= end) reached = Math.max(reached, t.level);
  return reached;
}
