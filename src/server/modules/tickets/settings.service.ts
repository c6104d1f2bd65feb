import type { z } from 'zod';
import type * as T from '../../../contracts/tickets.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../accounts/index.ts';
import type { StoredCalendarDay, StoredEscalation, StoredField, StoredSlaTarget, StoredWorkPeriod } from './tickets.tables.ts';

/**
 * The settings of work orders (工单设置): service calendars (服务时间), SLA policies (SLA 策略) and
 * work order types (工单类型). Each check says which field is at fault, in the user's language.
 */
export type SlaCalendar = z.infer<typeof T.SlaCalendar>;
export type SlaCalendarInput = z.infer<typeof T.SlaCalendarBody>;
export type SlaPolicy = z.infer<typeof T.SlaPolicy>;
export type SlaPolicyInput = z.infer<typeof T.SlaPolicyBody>;
export type WorkOrderType = z.infer<typeof T.WorkOrderType>;
export type WorkOrderTypeInput = z.infer<typeof T.WorkOrderTypeBody>;
export type WorkOrderTypePatch = z.infer<typeof T.WorkOrderTypePatch>;

const isUnique = (err: unknown) => (err as { code?: string } | null)?.code === '23505';
const isForeignKey = (err: unknown) => (err as { code?: string } | null)?.code === '23503';
const json = (v: unknown) => JSON.stringify(v);

// ——— Service calendars (服务时间) ———

/** An IANA zone (Asia/Shanghai, Europe/Berlin, UTC), not an offset like +08:00 that Intl also takes. */
export function isIanaZone(zone: string): boolean {
  if (/^[+-]/.test(zone) || /^(GMT|UTC)[+-]/i.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkDays(days: StoredCalendarDay[]): StoredCalendarDay[] {
  const seen = new Set<string>();
  for (const d of days) {
    const parsed = new Date(`${d.date}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d.date || seen.has(d.date)) {
      throw new AppError('sla_calendar_day_invalid', { field: 'days', vars: { date: d.date } });
    }
    seen.add(d.date);
  }
  return [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) }));
}

type CalendarRow = { id: string; name: string; timezone: string; week: StoredWorkPeriod[][]; days: StoredCalendarDay[]; make_up_hours: StoredWorkPeriod[] | null; used_by: number | string };

const presentCalendar = (r: CalendarRow): SlaCalendar => ({
  id: r.id, name: r.name, timezone: r.timezone, week: r.week, days: r.days, makeUpHours: r.make_up_hours ?? null, usedBy: Number(r.used_by),
});

function calendarQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('sla_calendars as c')
    .select(['c.id', 'c.name', 'c.timezone', 'c.week', 'c.days', 'c.make_up_hours'])
    .select((eb) => eb.selectFrom('sla_policies as p').select(eb.fn.countAll<string>().as('n')).whereRef('p.account_id', '=', 'c.account_id').whereRef('p.calendar_id', '=', 'c.id').as('used_by'))
    .where('c.account_id', '=', ctx.accountId);
}

export async function listCalendars(ctx: Ctx): Promise<SlaCalendar[]> {
  const rows = await calendarQuery(ctx).orderBy('c.created_at').orderBy('c.id').execute();
  return rows.map((r) => presentCalendar(r as CalendarRow));
}

export async function getCalendar(ctx: Ctx, id: string): Promise<SlaCalendar> {
  const row = await calendarQuery(ctx).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('sla_calendar');
  return presentCalendar(row as CalendarRow);
}

function checkTimezone(zone: string): string {
  if (!isIanaZone(zone)) throw new AppError('sla_calendar_timezone_invalid', { field: 'timezone', vars: { timezone: zone } });
  return zone;
}

export async function createCalendar(ctx: Ctx, input: SlaCalendarInput): Promise<SlaCalendar> {
  const timezone = checkTimezone(input.timezone ?? 'Asia/Shanghai');
  const days = checkDays(input.days ?? []);
  return inTransaction(ctx, async (ctx) => {
    const id = newId('slc');
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('sla_calendars')
      .values({ id, account_id: ctx.accountId, name: input.name, timezone, week: json(input.week), days: json(days), make_up_hours: input.makeUpHours ? json(input.makeUpHours) : null, created_at: now, updated_at: now })
      .execute();
    await recordAudit(ctx, 'work_orders.sla_calendar_created', { type: 'sla_calendar', id, label: input.name }, { timezone, days: days.length });
    return getCalendar(ctx, id);
  });
}

export async function updateCalendar(ctx: Ctx, id: string, input: Partial<SlaCalendarInput>): Promise<SlaCalendar> {
  if (input.timezone !== undefined) checkTimezone(input.timezone);
  const days = input.days !== undefined ? checkDays(input.days) : undefined;
  return inTransaction(ctx, async (ctx) => {
    const before = await ctx.db.selectFrom('sla_calendars').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('sla_calendar');
    const next = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      ...(input.week !== undefined ? { week: json(input.week) } : {}),
      ...(days !== undefined ? { days: json(days) } : {}),
      ...(input.makeUpHours !== undefined ? { make_up_hours: input.makeUpHours ? json(input.makeUpHours) : null } : {}),
    };
    if (Object.keys(next).length === 0) return getCalendar(ctx, id);
    await ctx.db.updateTable('sla_calendars').set({ ...next, updated_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'work_orders.sla_calendar_updated', { type: 'sla_calendar', id, label: input.name ?? before.name }, { changed: Object.keys(input) });
    return getCalendar(ctx, id);
  });
}

/** Refused while a policy runs on it: its work orders' clocks would have no calendar to run on. */
export async function deleteCalendar(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const row = await ctx.db.selectFrom('sla_calendars').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('sla_calendar');
    const used = await ctx.db.selectFrom('sla_policies').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', ctx.accountId).where('calendar_id', '=', id).executeTakeFirstOrThrow();
    if (Number(used.n) > 0) throw new AppError('sla_calendar_in_use', { vars: { count: Number(used.n) } });
    await ctx.db.deleteFrom('sla_calendars').where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'work_orders.sla_calendar_deleted', { type: 'sla_calendar', id, label: row.name });
  });
}

// ——— SLA policies (SLA 策略) ———

type PolicyRow = { id: string; name: string; calendar_id: string | null; calendar_name: string | null; targets: StoredSlaTarget[]; reminder_share: string; escalation: StoredEscalation[]; used_by: number | string };

const presentPolicy = (r: PolicyRow): SlaPolicy => ({
  id: r.id, name: r.name, calendarId: r.calendar_id, calendarName: r.calendar_name, targets: r.targets, reminderShare: Number(r.reminder_share), escalation: r.escalation, usedBy: Number(r.used_by),
});

function policyQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('sla_policies as p')
    .leftJoin('sla_calendars as c', (j) => j.onRef('c.account_id', '=', 'p.account_id').onRef('c.id', '=', 'p.calendar_id'))
    .select(['p.id', 'p.name', 'p.calendar_id', 'c.name as calendar_name', 'p.targets', 'p.reminder_share', 'p.escalation'])
    .select((eb) => eb.selectFrom('work_order_types as t').select(eb.fn.countAll<string>().as('n')).whereRef('t.account_id', '=', 'p.account_id').whereRef('t.sla_policy_id', '=', 'p.id').as('used_by'))
    .where('p.account_id', '=', ctx.accountId);
}

export async function listPolicies(ctx: Ctx): Promise<SlaPolicy[]> {
  const rows = await policyQuery(ctx).orderBy('p.created_at').orderBy('p.id').execute();
  return rows.map((r) => presentPolicy(r as PolicyRow));
}

export async function getPolicy(ctx: Ctx, id: string): Promise<SlaPolicy> {
  const row = await policyQuery(ctx).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('sla_policy');
  return presentPolicy(row as PolicyRow);
}

async function checkCalendar(ctx: Ctx, calendarId: string | null | undefined): Promise<void> {
  if (!calendarId) return;
  const c = await ctx.db.selectFrom('sla_calendars').select('id').where('account_id', '=', ctx.accountId).where('id', '=', calendarId).executeTakeFirst();
  if (!c) throw new AppError('sla_policy_calendar_invalid', { field: 'calendarId' });
}

/** One row per priority × tier, each tier one of the account's; returned catch-all first, then by priority and tier. */
async function checkTargets(ctx: Ctx, targets: StoredSlaTarget[]): Promise<StoredSlaTarget[]> {
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.priority ?? '*'}|${t.tierId ?? '*'}`;
    if (seen.has(key)) throw new AppError('sla_policy_target_duplicate', { field: 'targets' });
    seen.add(key);
  }
  const tiers = [...new Set(targets.map((t) => t.tierId).filter((t): t is string => t !== null))];
  if (tiers.length) {
    const found = new Set((await ctx.db.selectFrom('loyalty_tiers').select('key').where('account_id', '=', ctx.accountId).where('key', 'in', tiers).execute()).map((r) => r.key));
    const missing = tiers.find((t) => !found.has(t));
    if (missing) throw new AppError('sla_policy_tier_invalid', { field: 'targets', vars: { tier: missing } });
  }
  const order = [null, 'urgent', 'high', 'normal', 'low'];
  return targets
    .map((t) => ({ priority: t.priority, tierId: t.tierId, firstResponseMinutes: t.firstResponseMinutes, nextResponseMinutes: t.nextResponseMinutes, resolutionMinutes: t.resolutionMinutes }))
    .sort((a, b) => order.indexOf(a.priority) - order.indexOf(b.priority) || Number(a.tierId !== null) - Number(b.tierId !== null) || (a.tierId ?? '').localeCompare(b.tierId ?? ''));
}

/** Levels 1, 2, … with times that do not go back: level 2 never fires before level 1. */
function checkEscalation(levels: StoredEscalation[]): StoredEscalation[] {
  const sorted = [...levels].sort((a, b) => a.level - b.level);
  sorted.forEach((l, i) => {
    if (l.level !== i + 1 || (i > 0 && l.afterMinutes < sorted[i - 1].afterMinutes)) throw new AppError('sla_policy_escalation_invalid', { field: 'escalation' });
  });
  return sorted.map((l) => ({ level: l.level, afterMinutes: l.afterMinutes, notify: l.notify }));
}

export async function createPolicy(ctx: Ctx, input: SlaPolicyInput): Promise<SlaPolicy> {
  return inTransaction(ctx, async (ctx) => {
    await checkCalendar(ctx, input.calendarId);
    const targets = await checkTargets(ctx, input.targets);
    const escalation = checkEscalation(input.escalation ?? []);
    const id = newId('slp');
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('sla_policies')
      .values({ id, account_id: ctx.accountId, name: input.name, calendar_id: input.calendarId ?? null, targets: json(targets), reminder_share: input.reminderShare ?? 0.8, escalation: json(escalation), created_at: now, updated_at: now })
      .execute();
    await recordAudit(ctx, 'work_orders.sla_policy_created', { type: 'sla_policy', id, label: input.name }, { calendarId: input.calendarId ?? null, targets: targets.length });
    return getPolicy(ctx, id);
  });
}

/** New targets apply to work orders created from now on; those open keep the due times they were given. */
export async function updatePolicy(ctx: Ctx, id: string, input: Partial<SlaPolicyInput>): Promise<SlaPolicy> {
  return inTransaction(ctx, async (ctx) => {
    const before = await ctx.db.selectFrom('sla_policies').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('sla_policy');
    if (input.calendarId !== undefined) await checkCalendar(ctx, input.calendarId);
    const next = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.calendarId !== undefined ? { calendar_id: input.calendarId } : {}),
      ...(input.targets !== undefined ? { targets: json(await checkTargets(ctx, input.targets)) } : {}),
      ...(input.reminderShare !== undefined ? { reminder_share: input.reminderShare } : {}),
      ...(input.escalation !== undefined ? { escalation: json(checkEscalation(input.escalation)) } : {}),
    };
    if (Object.keys(next).length === 0) return getPolicy(ctx, id);
    await ctx.db.updateTable('sla_policies').set({ ...next, updated_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'work_orders.sla_policy_updated', { type: 'sla_policy', id, label: input.name ?? before.name }, { changed: Object.keys(input) });
    return getPolicy(ctx, id);
  });
}

/** Refused while a work order type (archived ones too) uses it. */
export async function deletePolicy(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const row = await ctx.db.selectFrom('sla_policies').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('sla_policy');
    const used = await ctx.db.selectFrom('work_order_types').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', ctx.accountId).where('sla_policy_id', '=', id).executeTakeFirstOrThrow();
    if (Number(used.n) > 0) throw new AppError('sla_policy_in_use', { vars: { count: Number(used.n) } });
    await ctx.db.deleteFrom('sla_policies').where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'work_orders.sla_policy_deleted', { type: 'sla_policy', id, label: row.name });
  });
}

// ——— Work order types (工单类型) ———

type TypeRow = {
  id: string; name: string; description: string | null; fields: StoredField[]; default_team_id: string | null; team_name: string | null;
  default_priority: WorkOrderType['defaultPriority']; sla_policy_id: string | null; policy_name: string | null; archived: boolean;
};

const presentType = (r: TypeRow): WorkOrderType => ({
  id: r.id, name: r.name, description: r.description, fields: r.fields, defaultTeamId: r.default_team_id, defaultTeamName: r.team_name,
  defaultPriority: r.default_priority, slaPolicyId: r.sla_policy_id, slaPolicyName: r.policy_name, archived: r.archived,
});

function typeQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('work_order_types as t')
    .leftJoin('teams as tm', (j) => j.onRef('tm.account_id', '=', 't.account_id').onRef('tm.id', '=', 't.default_team_id'))
    .leftJoin('sla_policies as p', (j) => j.onRef('p.account_id', '=', 't.account_id').onRef('p.id', '=', 't.sla_policy_id'))
    .select(['t.id', 't.name', 't.description', 't.fields', 't.default_team_id', 'tm.name as team_name', 't.default_priority', 't.sla_policy_id', 'p.name as policy_name', 't.archived'])
    .where('t.account_id', '=', ctx.accountId);
}

/** The types in use, in their order; archived ones after them when asked for (the settings page). */
export async function listTypes(ctx: Ctx, opts: { includeArchived?: boolean } = {}): Promise<WorkOrderType[]> {
  let q = typeQuery(ctx);
  if (!opts.includeArchived) q = q.where('t.archived', '=', false);
  const rows = await q.orderBy('t.archived').orderBy('t.sort').orderBy('t.created_at').orderBy('t.id').execute();
  return rows.map((r) => presentType(r as TypeRow));
}

export async function getType(ctx: Ctx, id: string): Promise<WorkOrderType> {
  const row = await typeQuery(ctx).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('work_order_type');
  return presentType(row as TypeRow);
}

/** Keys unique, a select with its options (each once); options only on a select. */
export function checkFields(fields: StoredField[]): StoredField[] {
  const keys = new Set<string>();
  return fields.map((f) => {
    if (keys.has(f.key)) throw new AppError('work_order_type_fields_invalid', { field: 'fields', vars: { reason: `key ${f.key} ×2` } });
    keys.add(f.key);
    if (f.kind === 'select') {
      const options = [...new Set(f.options ?? [])];
      if (options.length === 0) throw new AppError('work_order_type_fields_invalid', { field: 'fields', vars: { reason: `${f.label}: options` } });
      return { key: f.key, label: f.label, kind: f.kind, options, required: Boolean(f.required) };
    }
    return { key: f.key, label: f.label, kind: f.kind, required: Boolean(f.required) };
  });
}

async function checkTypeRefs(ctx: Ctx, input: Partial<WorkOrderTypeInput>): Promise<void> {
  if (input.defaultTeamId) {
    const t = await ctx.db.selectFrom('teams').select('id').where('account_id', '=', ctx.accountId).where('id', '=', input.defaultTeamId).executeTakeFirst();
    if (!t) throw new AppError('work_order_team_invalid', { field: 'defaultTeamId' });
  }
  if (input.slaPolicyId) {
    const p = await ctx.db.selectFrom('sla_policies').select('id').where('account_id', '=', ctx.accountId).where('id', '=', input.slaPolicyId).executeTakeFirst();
    if (!p) throw new AppError('work_order_type_policy_invalid', { field: 'slaPolicyId' });
  }
}

function typeWriteFailed(err: unknown): never {
  if (isUnique(err)) throw new AppError('work_order_type_name_taken', { field: 'name' });
  // A team or policy deleted between the check and the write.
  if (isForeignKey(err)) throw new AppError('work_order_type_policy_invalid', { field: 'slaPolicyId' });
  throw err;
}

export async function createType(ctx: Ctx, input: WorkOrderTypeInput): Promise<WorkOrderType> {
  const fields = checkFields(input.fields ?? []);
  return inTransaction(ctx, async (ctx) => {
    await checkTypeRefs(ctx, input);
    const id = newId('wot');
    const now = ctx.clock.now();
    const last = await ctx.db.selectFrom('work_order_types').select((eb) => eb.fn.max('sort').as('sort')).where('account_id', '=', ctx.accountId).executeTakeFirst();
    try {
      await ctx.db
        .insertInto('work_order_types')
        .values({
          id, account_id: ctx.accountId, name: input.name, description: input.description || null, fields: json(fields), default_team_id: input.defaultTeamId ?? null,
          default_priority: input.defaultPriority ?? 'normal', sla_policy_id: input.slaPolicyId ?? null, sort: (last?.sort ?? -1) + 1, created_at: now, updated_at: now,
        })
        .execute();
    } catch (err) {
      typeWriteFailed(err);
    }
    await recordAudit(ctx, 'work_orders.type_created', { type: 'work_order_type', id, label: input.name }, { fields: fields.map((f) => f.key), slaPolicyId: input.slaPolicyId ?? null });
    return getType(ctx, id);
  });
}

/** Changes, archives (archived: true) or restores a type. Open work orders keep the fields they were filled with. */
export async function updateType(ctx: Ctx, id: string, input: WorkOrderTypePatch): Promise<WorkOrderType> {
  const fields = input.fields !== undefined ? checkFields(input.fields) : undefined;
  return inTransaction(ctx, async (ctx) => {
    const before = await ctx.db.selectFrom('work_order_types').select(['id', 'name', 'archived']).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('work_order_type');
    await checkTypeRefs(ctx, input);
    const next = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      ...(fields !== undefined ? { fields: json(fields) } : {}),
      ...(input.defaultTeamId !== undefined ? { default_team_id: input.defaultTeamId } : {}),
      ...(input.defaultPriority !== undefined ? { default_priority: input.defaultPriority } : {}),
      ...(input.slaPolicyId !== undefined ? { sla_policy_id: input.slaPolicyId } : {}),
      ...(input.archived !== undefined ? { archived: input.archived } : {}),
    };
    if (Object.keys(next).length === 0) return getType(ctx, id);
    try {
      await ctx.db.updateTable('work_order_types').set({ ...next, updated_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    } catch (err) {
      typeWriteFailed(err);
    }
    const label = input.name ?? before.name;
    if (input.archived !== undefined && input.archived !== before.archived) {
      await recordAudit(ctx, input.archived ? 'work_orders.type_archived' : 'work_orders.type_restored', { type: 'work_order_type', id, label });
    }
    const changed = Object.keys(input).filter((k) => k !== 'archived');
    if (changed.length) await recordAudit(ctx, 'work_orders.type_updated', { type: 'work_order_type', id, label }, { changed });
    return getType(ctx, id);
  });
}

/** Only a type no work order was ever made of goes for good; one in use is archived instead. */
export async function deleteType(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const row = await ctx.db.selectFrom('work_order_types').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('work_order_type');
    const used = await ctx.db.selectFrom('work_orders').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', ctx.accountId).where('type_id', '=', id).executeTakeFirstOrThrow();
    if (Number(used.n) > 0) throw new AppError('work_order_type_in_use', { vars: { count: Number(used.n) } });
    await ctx.db.deleteFrom('work_order_types').where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'work_orders.type_deleted', { type: 'work_order_type', id, label: row.name });
  });
}
