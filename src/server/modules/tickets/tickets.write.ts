import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { notify } from './notifications.service.ts';
import { calendarOfPolicies, dueTimes, slaSteps } from './tickets.sla.ts';
import type { NotificationKind, StoredField, WorkOrderEventKind, WorkOrdersTable } from './tickets.tables.ts';

/**
 * What the work order commands share: the timeline entry, the checks of their input, who hears of
 * a change, and `save`, the one write that replans a work order's due times and SLA check.
 */
export type Row = Selectable<WorkOrdersTable>;

export const actorId = (ctx: Ctx) => (ctx.actor.type === 'user' ? ctx.actor.id : null);

export async function actorName(ctx: Ctx): Promise<string> {
  if (ctx.actor.type !== 'user') return ctx.actor.name;
  const u = await ctx.db.selectFrom('users').select(['name', 'display_name']).where('account_id', '=', ctx.accountId).where('id', '=', ctx.actor.id).executeTakeFirst();
  return u?.display_name || u?.name || ctx.actor.name;
}

export async function addEvent(ctx: Ctx, workOrderId: string, kind: WorkOrderEventKind, input: { body?: string | null; public?: boolean; meta?: Record<string, unknown>; name?: string }): Promise<string> {
  const row = await ctx.db
    .insertInto('work_order_events')
    .values({
      account_id: ctx.accountId,
      work_order_id: workOrderId,
      kind,
      public: input.public ?? false,
      actor_id: actorId(ctx),
      actor_name: input.name ?? (await actorName(ctx)),
      body: input.body ?? null,
      meta: JSON.stringify(input.meta ?? {}),
      created_at: ctx.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** Lists and open pages refresh when a work order changes (the account channel, after commit). */
export const changed = (ctx: Ctx, id: string) => emit(ctx, 'work_order.changed', { id });

/** Names of teams and members by id, for timeline entries that outlive a rename or a departure. */
export async function namesOf(ctx: Ctx, teamIds: Array<string | null>, userIds: Array<string | null>): Promise<Map<string | null, string>> {
  const teams = teamIds.filter((x): x is string => Boolean(x));
  const users = userIds.filter((x): x is string => Boolean(x));
  const out = new Map<string | null, string>();
  if (teams.length) for (const t of await ctx.db.selectFrom('teams').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', 'in', teams).execute()) out.set(t.id, t.name);
  if (users.length) for (const u of await ctx.db.selectFrom('users').select(['id', 'name', 'display_name']).where('account_id', '=', ctx.accountId).where('id', 'in', users).execute()) out.set(u.id, u.display_name || u.name);
  return out;
}

// ——— Checks ———

export async function checkTeam(ctx: Ctx, teamId: string | null | undefined) {
  if (!teamId) return;
  const t = await ctx.db.selectFrom('teams').select('id').where('account_id', '=', ctx.accountId).where('id', '=', teamId).executeTakeFirst();
  if (!t) throw new AppError('work_order_team_invalid', { field: 'teamId' });
}

export async function checkMembers(ctx: Ctx, ids: string[], code: 'work_order_assignee_invalid' | 'work_order_mention_invalid', field: string) {
  if (ids.length === 0) return;
  const found = await ctx.db.selectFrom('users').select('id').where('account_id', '=', ctx.accountId).where('id', 'in', ids).where('status', '=', 'active').execute();
  if (found.length !== new Set(ids).size) throw new AppError(code, { field });
}

/** The values of a type's own fields: required ones present, each of its kind; unknown keys refused. */
export function checkFields(fields: readonly StoredField[], values: Record<string, unknown>, locale: 'zh-CN' | 'en'): Record<string, unknown> {
  const bad = (f: StoredField, zh: string, en: string) => new AppError('work_order_field_invalid', { field: `fields.${f.key}`, vars: { label: f.label, reason: locale === 'en' ? en : zh } });
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) throw new AppError('validation_failed', { field: `fields.${key}`, vars: { detail: locale === 'en' ? `fields.${key}: this type has no such field` : `fields.${key}: 该工单类型没有这个字段` } });
  }
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '') {
      if (f.required) throw bad(f, '必填', 'required');
      continue;
    }
    if (f.kind === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(f, '应为数字', 'a number is expected');
    } else if (f.kind === 'date') {
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw bad(f, '应为日期（年-月-日）', 'a date (YYYY-MM-DD) is expected');
    } else if (f.kind === 'select') {
      if (typeof v !== 'string' || !(f.options ?? []).includes(v)) throw bad(f, '请从选项中选择', 'choose one of the options');
    } else if (typeof v !== 'string' || v.length > (f.kind === 'textarea' ? 5000 : 500)) {
      throw bad(f, '应为不超过限定长度的文字', 'text within the length limit is expected');
    }
    out[f.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

// ——— Who hears of it ———

export async function teamMembers(ctx: Ctx, teamId: string | null, leadsOnly = false): Promise<string[]> {
  if (!teamId) return [];
  let q = ctx.db
    .selectFrom('team_members as m')
    .innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 'm.account_id').onRef('u.id', '=', 'm.user_id'))
    .select('m.user_id')
    .where('m.account_id', '=', ctx.accountId)
    .where('m.team_id', '=', teamId)
    .where('u.status', '=', 'active');
  if (leadsOnly) q = q.where('m.is_lead', '=', true);
  return (await q.execute()).map((r) => r.user_id);
}

export async function watchersOf(ctx: Ctx, id: string): Promise<string[]> {
  return (await ctx.db.selectFrom('work_order_watchers').select('user_id').where('account_id', '=', ctx.accountId).where('work_order_id', '=', id).execute()).map((r) => r.user_id);
}

/** Those who follow a work order: its assignee (or, with none, its team's queue), its creator and its watchers. */
export async function followers(ctx: Ctx, row: Row): Promise<string[]> {
  const queue = row.assignee_id ? [row.assignee_id] : await teamMembers(ctx, row.team_id);
  return [...queue, ...(row.created_by ? [row.created_by] : []), ...(await watchersOf(ctx, row.id))];
}

export const title = (row: Pick<Row, 'number' | 'title'>) => `#${row.number} ${row.title}`;

export async function tell(ctx: Ctx, row: Row, kind: NotificationKind, userIds: string[], headline: string, body?: string | null) {
  await notify(ctx, { userIds, kind, workOrderId: row.id, title: `${headline}：${title(row)}`, body: body ?? null });
}

// ——— The SLA plan ———

/** Due times and when the SLA job must look next, for the row as it now stands. */
export async function planned(ctx: Ctx, row: Row) {
  const calendars = await calendarOfPolicies(ctx.db, ctx.accountId, [row.sla_policy_id]);
  const calendar = row.sla_policy_id ? (calendars.get(row.sla_policy_id) ?? null) : null;
  const now = ctx.clock.now();
  const { steps, checkAt } = slaSteps(calendar, row, now);
  // Something already owed (a due time passed while paused, say) is for the job's next round.
  return { ...dueTimes(calendar, row, now), sla_check_at: steps.length ? now : checkAt };
}

export async function save(ctx: Ctx, row: Row, set: Partial<Row>): Promise<Row> {
  const next = { ...row, ...set, updated_at: ctx.clock.now() } as Row;
  const plan = await planned(ctx, next);
  const values = { ...set, ...plan, updated_at: next.updated_at } as Record<string, unknown>;
  for (const k of ['pauses', 'breached', 'reminded', 'escalation', 'fields'] as const) if (k in values) values[k] = JSON.stringify(values[k]);
  return ctx.db.updateTable('work_orders').set(values).where('account_id', '=', ctx.accountId).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
}

export async function publicName(ctx: Ctx): Promise<string> {
  if (ctx.actor.type !== 'user') return ctx.actor.name;
  const u = await ctx.db.selectFrom('users').select(['name', 'nickname']).where('account_id', '=', ctx.accountId).where('id', '=', ctx.actor.id).executeTakeFirst();
  return u?.nickname ?? u?.name ?? ctx.actor.name;
}

/**
 * An internal comment (内部评论), or a reply the customer sees (回复顾客) sent through the linked
 * conversation's channel. Anyone but the creator answering is the first response, and meets a
 * running next-response clock. Mentioned members, the assignee, the creator and watchers are told.
 */
