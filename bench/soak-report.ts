// The soak's report: the per-minute table it prints as it goes, and the figures of its last line.
import type { CpuUse } from './chat-cpu.ts';
import type { DatabaseSample, ServerSample } from './soak-server.ts';
import { changePct, pct, round1, slope, type Minute } from './soak-stats.ts';

/** The lowest heap in use seen in the minute: close to what survives garbage collection. */
const heapFloor = (m: Minute) => (m.heapSamples.length ? Math.min(...m.heapSamples) : null);

export type Row = { minute: Minute; server: ServerSample; db: DatabaseSample | null; cpu: CpuUse; achievedPerS: number };

const fmt = (n: number | null, width: number, digits = 1) => (n === null ? '—' : n.toFixed(digits)).padStart(width);
export const HEADER = ' min   reqs  req/s  errs  p50 ms  p99 ms  rt p50  rt p99  reply p99  raw p99  rss MB  heap MB min/max  lag p99  cpu srv/pg/other  open conv  outbox';

export function rowLine(r: Row): string {
  const m = r.minute;
  const cpu = `${r.cpu.server}/${r.cpu.postgres}/${r.cpu.other}`.padStart(17);
  return `${String(m.index).padStart(4)} ${String(m.requests.length).padStart(6)} ${fmt(r.achievedPerS, 6)} ${String(m.errors).padStart(5)} ${fmt(pct(m.requests, 50), 7)} ${fmt(pct(m.requests, 99), 7)} ${fmt(pct(m.roundTrip, 50), 7)} ${fmt(pct(m.roundTrip, 99), 7)} ${fmt(pct(m.replyRoundTrip, 99), 10)} ${fmt(pct(m.rawProbe, 99), 8)} ${fmt(r.server.rssMb, 7)} ${`${fmt(heapFloor(m), 0)}/${fmt(m.heapSamples.length ? Math.max(...m.heapSamples) : null, 0)}`.padStart(16)} ${fmt(r.server.eventLoopLagP99Ms, 8)} ${cpu} ${String(r.db?.openConversations ?? '—').padStart(10)} ${String(r.db?.outboxPending ?? '—').padStart(7)}`;
}

export function figures(rows: Row[], raw: { samples: number[]; errors: number } | null, run: { store: string; rate: number; warmupMinutes: number }) {
  const all = rows.map((r) => r.minute);
  const requests = all.flatMap((m) => m.requests);
  const roundTrips = all.flatMap((m) => m.roundTrip);
  const first = rows[0];
  const second = rows[1] ?? rows[0];
  const last = rows[rows.length - 1];
  const p99 = (m: Minute) => round1(pct(m.requests, 99));
  const rtP99 = (m: Minute) => round1(pct(m.roundTrip, 99));
  const settled = rows.filter((r) => r.minute.index > run.warmupMinutes);
  const rssSlope = round1(slope(settled.map((r) => [r.minute.index, r.server.rssMb])));
  const heapSlope = settled.every((r) => heapFloor(r.minute) !== null) ? round1(slope(settled.map((r) => [r.minute.index, heapFloor(r.minute)!]))) : null;
  const rawP99 = raw ? round1(pct(raw.samples, 99)) : null;
  const p99All = round1(pct(requests, 99));
  const rtP99All = round1(pct(roundTrips, 99));
  const settledFrom = settled[0] ?? last;
  return {
    minutes: rows.length,
    store: run.store,
    rate_per_s: run.rate,
    achieved_per_s: round1(requests.length / (rows.length * 60)),
    requests: requests.length,
    errors: all.reduce((n, m) => n + m.errors, 0),
    rss_mb_first: first.server.rssMb,
    rss_mb_last: last.server.rssMb,
    rss_growth_pct: changePct(first.server.rssMb, last.server.rssMb),
    rss_mb_after_warmup: settledFrom.server.rssMb,
    rss_slope_mb_per_min_after_warmup: rssSlope,
    heap_floor_mb_first: heapFloor(first.minute),
    heap_floor_mb_after_warmup: heapFloor(settledFrom.minute),
    heap_floor_mb_last: heapFloor(last.minute),
    heap_slope_mb_per_min_after_warmup: heapSlope,
    p50_ms: round1(pct(requests, 50)),
    p99_ms: p99All,
    p99_ms_first_minute: p99(first.minute),
    p99_ms_second_minute: p99(second.minute),
    p99_ms_last_minute: p99(last.minute),
    p99_drift_pct: changePct(p99(second.minute), p99(last.minute)),
    rt_p50_ms: round1(pct(roundTrips, 50)),
    rt_p99_ms: rtP99All,
    rt_p99_ms_second_minute: rtP99(second.minute),
    rt_p99_ms_last_minute: rtP99(last.minute),
    rt_p99_drift_pct: changePct(rtP99(second.minute), rtP99(last.minute)),
    reply_rt_p99_ms: round1(pct(all.flatMap((m) => m.replyRoundTrip), 99)),
    probe_p99_ms: round1(pct(all.flatMap((m) => m.rawProbe), 99)),
    probe_p99_ms_second_minute: round1(pct(second.minute.rawProbe, 99)),
    probe_p99_ms_last_minute: round1(pct(last.minute.rawProbe, 99)),
    raw_pg_p50_ms: raw ? round1(pct(raw.samples, 50)) : null,
    raw_pg_p99_ms: rawP99,
    ratio_p99: rawP99 && p99All !== null ? round1(p99All / rawP99) : null,
    ratio_rt_p99: rawP99 && rtP99All !== null ? round1(rtP99All / rawP99) : null,
  };
}
