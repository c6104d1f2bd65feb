import { sql } from 'kysely';
import type { z } from 'zod';
import type * as T from '../../../contracts/tickets.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Work order reports (工单报表): how many work orders met their SLA, by team, type and month, and how
 * long the open ones have waited. Months are Beijing-time months (Asia/Shanghai).
 */
export type SlaReport = z.infer<typeof T.SlaReport>;
export type AgeReport = z.infer<typeof T.AgeReport>;
export type ReportQuery = z.infer<typeof T.ReportQuery>;

const ZONE = 'Asia/Shanghai';
const ACTIVE = ['new', 'open', 'pending_customer', 'pending_team'] as const;
const NO_TEAM = { 'zh-CN': '未指定团队', en: 'No team' } as const;

/** YYYY-MM of a moment, in Beijing time. */
function monthOf(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).formatToParts(d);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The first moment of a Beijing-time month (China keeps +08:00 all year). */
const startOf = (ym: string) => new Date(`${ym}-01T00:00:00+08:00`);

/** The months asked for: from and to inclusive; by default this month and the five before it. */
export function reportMonths(now: Date, q: ReportQuery): string[] {
  const to = q.to ?? monthOf(now);
  const from = q.from ?? addMonths(to, -5);
  const valid = (ym: string) => Number(ym.slice(5)) >= 1 && Number(ym.slice(5)) <= 12;
  if (!valid(from) || !valid(to) || from > to) throw new AppError('work_order_report_range_invalid', { field: from > to ? 'from' : 'to' });
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) {
    months.push(m);
    if (months.length > 36) throw new AppError('work_order_report_range_invalid', { field: 'from' });
  }
  return months;
}

type Row = { team_id: string | null; team_name: string | null; type_id: string; type_name: string; month: string; total: string | number; breached: string | number };
type Hit = SlaReport['byTeam'][number];

function sum(rows: Row[], keyOf: (r: Row) => string, nameOf: (r: Row) => string): Map<string, Hit> {
  const out = new Map<string, Hit>();
  for (const r of rows) {
    const key = keyOf(r);
    const hit = out.get(key) ?? { key, name: nameOf(r), total: 0, met: 0, breached: 0, rate: null };
    hit.total += Number(r.total);
    hit.breached += Number(r.breached);
    out.set(key, hit);
  }
  for (const hit of out.values()) {
    hit.met = hit.total - hit.breached;
    hit.rate = hit.total ? hit.met / hit.total : null;
  }
  return out;
}

const byTotal = (a: Hit, b: Hit) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN');

/**
 * SLA hit rate (SLA 达成率) of the work orders created in the months: met when none of its targets
 * was breached — neither recorded by the SLA job (breached) nor due and passed unmet as of now,
 * nor met late. Only work orders with a target count.
 */
export async function slaReport(ctx: Ctx, q: ReportQuery): Promise<SlaReport> {
  const now = ctx.clock.now();
  const months = reportMonths(now, q);
  const from = startOf(months[0]);
  const to = startOf(addMonths(months[months.length - 1], 1));
  const { rows } = await sql<Row>`
    select w.team_id, tm.name as team_name, w.type_id, t.name as type_name,
           to_char(w.created_at at time zone ${ZONE}, 'YYYY-MM') as month,
           count(*) as total,
           count(*) filter (where
                w.breached <> '{}'::jsonb
             or (w.first_response_due_at is not null and coalesce(w.first_responded_at, ${now}::timestamptz) > w.first_response_due_at)
             or (w.resolution_due_at is not null and coalesce(w.resolved_at, ${now}::timestamptz) > w.resolution_due_at)
           ) as breached
      from work_orders w
      join work_order_types t on t.account_id = w.account_id and t.id = w.type_id
      left join teams tm on tm.account_id = w.account_id and tm.id = w.team_id
     where w.account_id = ${ctx.accountId}
       and w.created_at >= ${from} and w.created_at < ${to}
       and (w.first_response_due_at is not null or w.next_response_due_at is not null or w.resolution_due_at is not null
            or w.first_response_minutes is not null or w.next_response_minutes is not null or w.resolution_minutes is not null)
     group by 1, 2, 3, 4, 5`.execute(ctx.db);
  const noTeam = NO_TEAM[ctx.locale];
  const byMonth = sum(rows, (r) => r.month, (r) => r.month);
  return {
    byTeam: [...sum(rows, (r) => r.team_id ?? '', (r) => r.team_name ?? noTeam).values()].sort(byTotal),
    byType: [...sum(rows, (r) => r.type_id, (r) => r.type_name).values()].sort(byTotal),
    byMonth: months.map((m) => byMonth.get(m) ?? { key: m, name: m, total: 0, met: 0, breached: 0, rate: null }),
  };
}

type AgeRow = { team_id: string | null; team_name: string | null; lt1d: string | number; d1to3: string | number; d3to7: string | number; gt7d: string | number };

/** The open work orders (new, open, pending) by how long since they were created: under a day, 1–3, 3–7, over 7 days. */
export async function ageReport(ctx: Ctx): Promise<AgeReport> {
  const now = ctx.clock.now();
  const day = 86_400_000;
  const at = (days: number) => new Date(now.getTime() - days * day);
  const { rows } = await sql<AgeRow>`
    select w.team_id, tm.name as team_name,
           count(*) filter (where w.created_at > ${at(1)}) as lt1d,
           count(*) filter (where w.created_at <= ${at(1)} and w.created_at > ${at(3)}) as d1to3,
           count(*) filter (where w.created_at <= ${at(3)} and w.created_at > ${at(7)}) as d3to7,
           count(*) filter (where w.created_at <= ${at(7)}) as gt7d
      from work_orders w
      left join teams tm on tm.account_id = w.account_id and tm.id = w.team_id
     where w.account_id = ${ctx.accountId} and w.status in (${sql.join([...ACTIVE])})
     group by 1, 2`.execute(ctx.db);
  const byTeam = rows
    .map((r) => ({ teamId: r.team_id, name: r.team_name ?? NO_TEAM[ctx.locale], lt1d: Number(r.lt1d), '1to3d': Number(r.d1to3), '3to7d': Number(r.d3to7), gt7d: Number(r.gt7d) }))
    .sort((a, b) => Number(a.teamId === null) - Number(b.teamId === null) || a.name.localeCompare(b.name, 'zh-CN'));
  const total = (k: 'lt1d' | '1to3d' | '3to7d' | 'gt7d') => byTeam.reduce((n, t) => n + t[k], 0);
  const buckets = (['lt1d', '1to3d', '3to7d', 'gt7d'] as const).map((key) => ({ key, count: total(key) }));
  return { buckets, byTeam, total: buckets.reduce((n, b) => n + b.count, 0) };
}
