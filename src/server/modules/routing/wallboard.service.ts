import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import type { AgentStatus } from './routing.tables.ts';
import { AGENT_ROLES } from './members.ts';

/**
 * The dispatcher's wallboard (调度大屏): per team, the queue and its longest wait, the members by
 * status with their load, today's conversations and first-response time, and the conversations about
 * to miss the first-response target. A business line's row covers itself and every group under it,
 * at any depth (an agent in two of its groups counts once); the totals count each conversation and
 * agent once. A handful of account-wide grouped queries, never one per team.
 */

/** Without a settings row the engine's default applies. */
const DEFAULT_FIRST_RESPONSE_TARGET_SECONDS = 60;
/** A first reply is at risk once the wait reaches this share of the target. */
const AT_RISK_SHARE = 0.8;
const AT_RISK_PER_TEAM = 20;
const NO_TEAM_NAME = { 'zh-CN': '未分组', en: 'No team' } as const;
/** A member without an agent_states row has never come online; the row, once made, starts with this. */
const DEFAULT_CAPACITY = 8;
const STATUS_ORDER: Record<AgentStatus, number> = { online: 0, busy: 1, away: 2, offline: 3 };

export type WallboardAgent = { userId: string; name: string; status: AgentStatus; load: number; capacity: number };
/** teamId: the conversation's own team (a business line's row lists its groups' conversations too). */
export type WallboardAtRisk = { conversationId: string; teamId: string | null; customerName: string | null; waitingSeconds: number; assigneeName: string | null };
export type WallboardTeam = {
  id: string | null;
  name: string;
  parentId: string | null;
  queue: number;
  longestWaitSeconds: number;
  agents: Record<AgentStatus, number>;
  members: WallboardAgent[];
  conversationsToday: number;
  avgFirstResponseSeconds: number | null;
  /** The longest waits, at most AT_RISK_PER_TEAM; atRiskCount counts them all. */
  atRisk: WallboardAtRisk[];
  atRiskCount: number;
};
export type Wallboard = {
  generatedAt: string;
  firstResponseTargetSeconds: number;
  teams: WallboardTeam[];
  totals: { queue: number; online: number; conversationsToday: number; avgFirstResponseSeconds: number | null; atRisk: number };
};

type TeamRow = { id: string; parent_id: string | null; name: string; sort: number };
type Figures = { queue: number; oldestQueuedAt: Date | null; today: number; firstResponseSum: number; firstResponseCount: number; open: number };

const seconds = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
const average = (sum: number, count: number) => (count > 0 ? Math.round(sum / count) : null);

/** Parents before their children; siblings by sort, then name. */
export function inTreeOrder<T extends TeamRow>(teams: T[]): T[] {
  const bySortThenName = (a: T, b: T) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN');
  const children = new Map<string | null, T[]>();
  const ids = new Set(teams.map((t) => t.id));
  for (const t of teams) {
    const parent = t.parent_id && ids.has(t.parent_id) ? t.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), t]);
  }
  const out: T[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null) => {
    for (const t of (children.get(parent) ?? []).sort(bySortThenName)) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      out.push(t);
      visit(t.id);
    }
  };
  visit(null);
  // A loop in the parents (which the teams service refuses) must not hide a team.
  for (const t of [...teams].sort(bySortThenName)) if (!seen.has(t.id)) out.push(t);
  return out;
}

/** Each team with every team under it, at any depth; a loop in the parents cannot make it spin. */
function subtrees(teams: Array<{ id: string; parent_id: string | null }>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const t of teams) if (t.parent_id) children.set(t.parent_id, [...(children.get(t.parent_id) ?? []), t.id]);
  const out = new Map<string, string[]>();
  for (const t of teams) {
    const ids = new Set([t.id]);
    for (const id of ids) for (const c of children.get(id) ?? []) ids.add(c);
    out.set(t.id, [...ids]);
  }
  return out;
}

/** The figures of several teams as one: sums, and the oldest of the waits. */
function sumFigures(list: Array<Figures | undefined>): Figures {
  const sum: Figures = { queue: 0, oldestQueuedAt: null, today: 0, firstResponseSum: 0, firstResponseCount: 0, open: 0 };
  for (const f of list) {
    if (!f) continue;
    sum.queue += f.queue;
    sum.today += f.today;
    sum.firstResponseSum += f.firstResponseSum;
    sum.firstResponseCount += f.firstResponseCount;
    sum.open += f.open;
    if (f.oldestQueuedAt && (!sum.oldestQueuedAt || f.oldestQueuedAt < sum.oldestQueuedAt)) sum.oldestQueuedAt = f.oldestQueuedAt;
  }
  return sum;
}

const byStatusThenName = (a: WallboardAgent, b: WallboardAgent) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name, 'zh-CN');

/** The members of several teams, each once. */
function uniqueMembers(lists: Array<WallboardAgent[] | undefined>): WallboardAgent[] {
  const byId = new Map<string, WallboardAgent>();
  for (const list of lists) for (const a of list ?? []) byId.set(a.userId, a);
  return [...byId.values()].sort(byStatusThenName);
}

/** The account's timezone gives "today"; midnight is worked out by the database so DST is right. */
async function loadSettings(ctx: Ctx, now: Date) {
  const row = await ctx.db
    .selectFrom('accounts as a')
    .leftJoin('routing_settings as rs', 'rs.account_id', 'a.id')
    .select(sql<number | null>`rs.first_response_target_seconds`.as('target'))
    .select(sql<Date>`date_trunc('day', ${now}::timestamptz at time zone a.timezone) at time zone a.timezone`.as('midnight'))
    .where('a.id', '=', ctx.accountId)
    .executeTakeFirstOrThrow();
  return { target: row.target ?? DEFAULT_FIRST_RESPONSE_TARGET_SECONDS, midnight: new Date(row.midnight) };
}

/** Queue, today's conversations and first-response time of every team (and of no team) in one pass. */
async function loadFigures(ctx: Ctx, midnight: Date): Promise<Map<string | null, Figures>> {
  const queued = sql`c.status = 'open' and c.routing_state = 'queued'`;
  const today = sql`c.created_at >= ${midnight}`;
  const rows = await ctx.db
    .selectFrom('conversations as c')
    .select('c.team_id')
    .select([
      sql<number>`count(*) filter (where ${queued})`.as('queue'),
      sql<Date | null>`min(c.queued_at) filter (where ${queued})`.as('oldest_queued_at'),
      sql<number>`count(*) filter (where ${today})`.as('today'),
      sql<number | null>`(sum(extract(epoch from c.first_reply_at - c.created_at)) filter (where ${today} and c.first_reply_at is not null))::float8`.as('fr_sum'),
      sql<number>`count(*) filter (where ${today} and c.first_reply_at is not null)`.as('fr_count'),
      sql<number>`count(*) filter (where c.status = 'open')`.as('open'),
    ])
    .where('c.account_id', '=', ctx.accountId)
    .where((eb) => eb.or([eb('c.status', '=', 'open'), eb('c.created_at', '>=', midnight)]))
    .groupBy('c.team_id')
    .execute();
  const out = new Map<string | null, Figures>();
  for (const r of rows) {
    out.set(r.team_id, {
      queue: Number(r.queue),
      oldestQueuedAt: r.oldest_queued_at ? new Date(r.oldest_queued_at) : null,
      today: Number(r.today),
      firstResponseSum: Number(r.fr_sum ?? 0),
      firstResponseCount: Number(r.fr_count),
      open: Number(r.open),
    });
  }
  return out;
}

/** Members of every team with their status and load; a member who never signed in has no row: offline. */
async function loadMembers(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('team_members as tm')
    .innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 'tm.account_id').onRef('u.id', '=', 'tm.user_id'))
    .leftJoin('agent_states as s', (j) => j.onRef('s.account_id', '=', 'tm.account_id').onRef('s.user_id', '=', 'tm.user_id'))
    .select(['tm.team_id', 'tm.user_id', 'u.name', 'u.display_name', 's.status', 's.load', 's.capacity'])
    .where('tm.account_id', '=', ctx.accountId)
    .where('u.status', '=', 'active')
    // Operations staff in a team take work orders, not chats: the wallboard shows those who answer.
    .where('u.role', 'in', AGENT_ROLES)
    .execute();
  const byTeam = new Map<string, WallboardAgent[]>();
  for (const r of rows) {
    const agent: WallboardAgent = { userId: r.user_id, name: r.display_name ?? r.name, status: r.status ?? 'offline', load: r.load ?? 0, capacity: r.capacity ?? DEFAULT_CAPACITY };
    byTeam.set(r.team_id, [...(byTeam.get(r.team_id) ?? []), agent]);
  }
  return byTeam;
}

/** Agents online in the account, each once however many teams they are in. */
async function countOnline(ctx: Ctx): Promise<number> {
  const row = await ctx.db
    .selectFrom('agent_states as s')
    .innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 's.account_id').onRef('u.id', '=', 's.user_id'))
    .select(sql<number>`count(*)`.as('n'))
    .where('s.account_id', '=', ctx.accountId)
    .where('s.status', '=', 'online')
    .where('u.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Open conversations still waiting for their first reply whose wait has reached the share of the
 * target: for each row of the board (a team with the teams under it, or no team) the longest waits
 * (at most AT_RISK_PER_TEAM) and how many there are; and how many there are in all, each once.
 */
async function loadAtRisk(ctx: Ctx, now: Date, target: number) {
  const cutoff = new Date(now.getTime() - Math.round(target * AT_RISK_SHARE * 1000));
  // lineage: every team paired with itself and each team above it, the rows it shows in.
  const { rows } = await sql<{ row_id: string | null; id: string; team_id: string | null; waiting_since: Date; customer_name: string | null; assignee_name: string | null; row_total: number; total: number }>`
    with recursive lineage (team_id, row_id) as (
      select id, id from teams where account_id = ${ctx.accountId}
      union
      select l.team_id, t.parent_id from lineage l join teams t on t.account_id = ${ctx.accountId} and t.id = l.row_id where t.parent_id is not null
    ), risky as (
      select c.id, c.team_id, c.waiting_since, coalesce(cu.name, cu.nickname) as customer_name, coalesce(u.display_name, u.name) as assignee_name
        from conversations c
        left join customers cu on cu.account_id = c.account_id and cu.id = c.customer_id
        left join users u on u.account_id = c.account_id and u.id = c.assignee_id
       where c.account_id = ${ctx.accountId} and c.status = 'open' and c.first_reply_at is null
         and c.waiting_since is not null and c.waiting_since <= ${cutoff}
    )
    select * from (
      select l.row_id, r.*,
             row_number() over (partition by l.row_id order by r.waiting_since, r.id) as rank,
             count(*) over (partition by l.row_id) as row_total,
             (select count(*) from risky) as total
        from risky r left join lineage l on l.team_id = r.team_id
    ) x where rank <= ${AT_RISK_PER_TEAM}
    order by waiting_since, id`.execute(ctx.db);
  const byRow = new Map<string | null, { items: WallboardAtRisk[]; count: number }>();
  for (const r of rows) {
    const item = { conversationId: r.id, teamId: r.team_id, customerName: r.customer_name, waitingSeconds: seconds(new Date(r.waiting_since), now), assigneeName: r.assignee_name };
    const entry = byRow.get(r.row_id) ?? { items: [], count: Number(r.row_total) };
    entry.items.push(item);
    byRow.set(r.row_id, entry);
  }
  return { byRow, total: Number(rows[0]?.total ?? 0) };
}

export async function getWallboard(ctx: Ctx): Promise<Wallboard> {
  const now = ctx.clock.now();
  const { target, midnight } = await loadSettings(ctx, now);
  // One after another: a screen refetching every few seconds should hold one connection, not five.
  const teams = await ctx.db.selectFrom('teams').select(['id', 'parent_id', 'name', 'sort']).where('account_id', '=', ctx.accountId).execute();
  const figures = await loadFigures(ctx, midnight);
  const members = await loadMembers(ctx);
  const online = await countOnline(ctx);
  const atRisk = await loadAtRisk(ctx, now, target);

  const subtree = subtrees(teams);
  // A row sums the figures of the teams it covers; "no team" covers only itself.
  const row = (id: string | null, name: string, parentId: string | null, covers: Array<string | null>): WallboardTeam => {
    const f = sumFigures(covers.map((t) => figures.get(t)));
    const agents = uniqueMembers(covers.map((t) => (t === null ? undefined : members.get(t))));
    const byStatus = { online: 0, busy: 0, away: 0, offline: 0 };
    for (const a of agents) byStatus[a.status] += 1;
    const risk = atRisk.byRow.get(id);
    return {
      id,
      name,
      parentId,
      queue: f.queue,
      longestWaitSeconds: f.oldestQueuedAt ? seconds(f.oldestQueuedAt, now) : 0,
      agents: byStatus,
      members: agents,
      conversationsToday: f.today,
      avgFirstResponseSeconds: average(f.firstResponseSum, f.firstResponseCount),
      atRisk: risk?.items ?? [],
      atRiskCount: risk?.count ?? 0,
    };
  };

  const rows = inTreeOrder(teams).map((t) => row(t.id, t.name, t.parent_id, subtree.get(t.id) ?? [t.id]));
  const noTeam = figures.get(null);
  if (noTeam && noTeam.open > 0) rows.push(row(null, NO_TEAM_NAME[ctx.locale], null, [null]));

  // Totals from each team's own figures: a conversation belongs to one team, however deep.
  const all = sumFigures([...figures.values()]);
  return {
    generatedAt: now.toISOString(),
    firstResponseTargetSeconds: target,
    teams: rows,
    totals: { queue: all.queue, online, conversationsToday: all.today, avgFirstResponseSeconds: average(all.firstResponseSum, all.firstResponseCount), atRisk: atRisk.total },
  };
}
