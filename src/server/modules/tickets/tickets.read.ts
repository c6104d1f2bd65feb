import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type * as T from '../../../contracts/tickets.ts';
import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../customers/cursor.ts';
import { scopeOf, teamsOf, visibleTo } from './tickets.policy.ts';
import { calendarOfPolicies, countdownOf, inWorkingTime, levelsOf, targetsOf } from './tickets.sla.ts';
import { actionsFrom, isActive, type WorkOrderStatus } from './tickets.status.ts';
import type { WorkOrdersTable } from './tickets.tables.ts';
import { escalationTimes, reminderAt, slaState } from './sla/sla.calc.ts';
import type { SlaCalendar } from './sla/sla-calendar.ts';

export type WorkOrderListItem = z.infer<typeof T.WorkOrderListItem>;
export type WorkOrder = z.infer<typeof T.WorkOrder>;
export type ListQuery = z.infer<typeof T.WorkOrderListQuery>;
type Row = Selectable<WorkOrdersTable>;

const ACTIVE: WorkOrderStatus[] = ['new', 'open', 'pending_customer', 'pending_team'];

/** The names a list shows beside its rows: types, teams, people and customers, one query each. */
async function namesFor(db: Db, accountId: string, rows: Row[]) {
  const ids = (pick: (r: Row) => string | null) => [...new Set(rows.map(pick).filter((v): v is string => Boolean(v)))];
  const typeIds = ids((r) => r.type_id);
  const teamIds = ids((r) => r.team_id);
  const userIds = ids((r) => r.assignee_id).concat(ids((r) => r.created_by));
  const customerIds = ids((r) => r.customer_id);
  const [types, teams, users, customers] = await Promise.all([
    typeIds.length ? db.selectFrom('work_order_types').select(['id', 'name', 'fields']).where('account_id', '=', accountId).where('id', 'in', typeIds).execute() : [],
    teamIds.length ? db.selectFrom('teams').select(['id', 'name']).where('account_id', '=', accountId).where('id', 'in', teamIds).execute() : [],
    userIds.length ? db.selectFrom('users').select(['id', 'name', 'display_name']).where('account_id', '=', accountId).where('id', 'in', [...new Set(userIds)]).execute() : [],
    customerIds.length ? db.selectFrom('customers').select(['id', 'name', 'nickname']).where('account_id', '=', accountId).where('id', 'in', customerIds).execute() : [],
  ]);
  return {
    types: new Map(types.map((t) => [t.id, t])),
    teams: new Map(teams.map((t) => [t.id, t.name])),
    users: new Map(users.map((u) => [u.id, u.display_name || u.name])),
    customers: new Map(customers.map((c) => [c.id, c.name ?? c.nickname ?? null])),
  };
}

type Names = Awaited<ReturnType<typeof namesFor>>;

function presentItem(r: Row, names: Names, calendar: SlaCalendar | null, now: Date): WorkOrderListItem {
  const person = (id: string | null, from: Map<string, string>) => (id ? { id, name: from.get(id) ?? '—' } : null);
  const clock = countdownOf(calendar, r, now);
  return {
    id: r.id,
    number: Number(r.number),
    title: r.title,
    typeId: r.type_id,
    typeName: names.types.get(r.type_id)?.name ?? '—',
    priority: r.priority,
    status: r.status,
    isTracker: r.is_tracker,
    team: person(r.team_id, names.teams),
    assignee: person(r.assignee_id, names.users),
    customer: r.customer_id ? { id: r.customer_id, name: names.customers.get(r.customer_id) ?? null } : null,
    conversationId: r.conversation_id,
    sla: clock ? { target: clock.target, dueAt: clock.dueAt?.toISOString() ?? null, remainingMs: clock.remainingMs, paused: clock.paused, breached: clock.breached, running: clock.running, targetMinutes: clock.targetMinutes } : null,
    escalationLevel: r.escalation_level,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * Work orders the caller may see, newest first, a page at a time (keyset on created_at, id).
 * Views: mine (assigned to me), team (my teams' queue), watching, all.
 */
export async function listWorkOrders(ctx: Ctx, q: ListQuery): Promise<{ items: WorkOrderListItem[]; nextCursor: string | null }> {
  const scope = scopeOf(ctx);
  const me = ctx.actor.type === 'user' ? ctx.actor.id : null;
  let query = ctx.db.selectFrom('work_orders as w').selectAll('w').where('w.account_id', '=', ctx.accountId).where(visibleTo(scope));
  if (q.view === 'mine') query = query.where('w.assignee_id', '=', me ?? '');
  if (q.view === 'watching') query = query.where((eb) => eb.exists(eb.selectFrom('work_order_watchers as ww').select(sql`1`.as('one')).whereRef('ww.account_id', '=', 'w.account_id').whereRef('ww.work_order_id', '=', 'w.id').where('ww.user_id', '=', me ?? '')));
  if (q.view === 'team') {
    query = query.where('w.team_id', 'in', teamsOf(ctx.accountId, me ?? ''));
  }
  if (q.status === 'active') query = query.where('w.status', 'in', ACTIVE);
  else if (q.status) query = query.where('w.status', '=', q.status);
  if (q.typeId) query = query.where('w.type_id', '=', q.typeId);
  if (q.teamId) query = query.where('w.team_id', '=', q.teamId);
  if (q.customerId) query = query.where('w.customer_id', '=', q.customerId);
  if (q.conversationId) {
    const conversationId = q.conversationId;
    query = query.where((eb) => eb.or([
      eb('w.conversation_id', '=', conversationId),
      eb.exists(eb.selectFrom('work_order_links as l').select(sql`1`.as('one')).whereRef('l.account_id', '=', 'w.account_id').whereRef('l.work_order_id', '=', 'w.id').where('l.conversation_id', '=', conversationId)),
    ]));
  }
  if (q.q) {
    const text = q.q.trim();
    const number = /^#?(\d{1,12})$/.exec(text);
    if (number) query = query.where('w.number', '=', number[1]);
    else query = query.where(sql<boolean>`strpos(lower(w.title), lower(${text})) > 0`);
  }
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, ctx.locale) as [string, string];
    query = query.where((eb) => eb.or([eb('w.created_at', '<', new Date(at)), eb.and([eb('w.created_at', '=', new Date(at)), eb('w.id', '<', id)])]));
  }
  const rows = await query.orderBy('w.created_at', 'desc').orderBy('w.id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const [names, calendars] = await Promise.all([namesFor(ctx.db, ctx.accountId, page), calendarOfPolicies(ctx.db, ctx.accountId, page.map((r) => r.sla_policy_id))]);
  const now = ctx.clock.now();
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentItem(r, names, r.sla_policy_id ? (calendars.get(r.sla_policy_id) ?? null) : null, now)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
  };
}

/** One work order the caller may see, or not_found (never "forbidden": it does not say it exists). */
export async function loadVisible(ctx: Ctx, id: string, forUpdate = false): Promise<Row> {
  let query = ctx.db.selectFrom('work_orders as w').selectAll('w').where('w.account_id', '=', ctx.accountId).where('w.id', '=', id).where(visibleTo(scopeOf(ctx)));
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('work_order');
  return row;
}

export async function getWorkOrder(ctx: Ctx, id: string): Promise<WorkOrder> {
  return presentWorkOrder(ctx, await loadVisible(ctx, id));
}

export async function presentWorkOrder(ctx: Ctx, row: Row): Promise<WorkOrder> {
  const { db, accountId } = ctx;
  const [names, calendars, events, attachments, watchers, links, policy] = await Promise.all([
    namesFor(db, accountId, [row]),
    calendarOfPolicies(db, accountId, [row.sla_policy_id]),
    db.selectFrom('work_order_events').selectAll().where('account_id', '=', accountId).where('work_order_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('work_order_attachments').select(['id', 'event_id', 'file_name', 'content_type', 'byte_size']).where('account_id', '=', accountId).where('work_order_id', '=', row.id).orderBy('created_at').execute(),
    db.selectFrom('work_order_watchers as ww').innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 'ww.account_id').onRef('u.id', '=', 'ww.user_id')).select(['u.id', 'u.name', 'u.display_name']).where('ww.account_id', '=', accountId).where('ww.work_order_id', '=', row.id).orderBy('ww.created_at').execute(),
    db.selectFrom('work_order_links as l').leftJoin('customers as c', (j) => j.onRef('c.account_id', '=', 'l.account_id').onRef('c.id', '=', 'l.customer_id')).select(['l.conversation_id', 'l.customer_id', 'c.name', 'l.linked_at', 'l.notified_at']).where('l.account_id', '=', accountId).where('l.work_order_id', '=', row.id).orderBy('l.linked_at').execute(),
    row.sla_policy_id ? db.selectFrom('sla_policies').select('name').where('account_id', '=', accountId).where('id', '=', row.sla_policy_id).executeTakeFirst() : undefined,
  ]);
  const calendar = row.sla_policy_id ? (calendars.get(row.sla_policy_id) ?? null) : null;
  const now = ctx.clock.now();
  const share = row.reminder_share === null ? null : Number(row.reminder_share);
  const targets = targetsOf(row);
  const slaTargets = targets.map((t) => {
    const s = slaState(calendar, t.target, now);
    return {
      target: t.key,
      targetMinutes: t.minutes,
      dueAt: s.dueAt?.toISOString() ?? null,
      metAt: t.target.metAt?.toISOString() ?? null,
      remainingMs: s.remainingMs,
      paused: s.paused,
      breached: s.breached || Boolean(row.breached[t.key]),
      running: !s.met && !s.paused && isActive(row.status) && inWorkingTime(calendar, now),
      reminderAt: share !== null && share < 1 ? (reminderAt(calendar, t.target, share)?.toISOString() ?? null) : null,
    };
  });
  // The escalation ladder against the target that runs longest: resolution when set, else the first one.
  const main = targets.find((t) => t.key === 'resolution') ?? targets[0];
  const ladder = main ? escalationTimes(calendar, main.target, levelsOf(row)) : [];
  const me = ctx.actor.type === 'user' ? ctx.actor.id : null;
  const byEvent = new Map<string, WorkOrder['events'][number]['attachments']>();
  for (const a of attachments) if (a.event_id) byEvent.set(String(a.event_id), [...(byEvent.get(String(a.event_id)) ?? []), { id: a.id, fileName: a.file_name, contentType: a.content_type, byteSize: a.byte_size }]);
  const type = names.types.get(row.type_id);
  return {
    ...presentItem(row, names, calendar, now),
    description: row.description,
    fields: row.fields,
    typeFields: type?.fields ?? [],
    createdBy: row.created_by ? { id: row.created_by, name: names.users.get(row.created_by) ?? '—' } : null,
    slaPolicyName: policy?.name ?? null,
    slaTargets,
    escalation: row.escalation.map((l) => {
      const at = ladder.find((x) => x.level === l.level)?.at ?? null;
      return { ...l, at: at?.toISOString() ?? null, reached: row.escalation_level >= l.level };
    }),
    actions: actionsFrom(row.status),
    watchers: watchers.map((w) => ({ id: w.id, name: w.display_name || w.name })),
    watching: Boolean(me && watchers.some((w) => w.id === me)),
    links: links.map((l) => ({ conversationId: l.conversation_id, customer: l.customer_id ? { id: l.customer_id, name: l.name } : null, linkedAt: l.linked_at.toISOString(), notifiedAt: l.notified_at?.toISOString() ?? null })),
    events: events.map((e) => ({
      id: String(e.id),
      kind: e.kind,
      public: e.public,
      actor: e.actor_id || e.actor_name ? { id: e.actor_id ?? '', name: e.actor_name ?? '—' } : null,
      body: e.body,
      meta: e.meta,
      attachments: byEvent.get(String(e.id)) ?? [],
      createdAt: e.created_at.toISOString(),
    })),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}
