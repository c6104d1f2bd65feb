import { sql } from 'kysely';
import { RuleActions, RuleConditions } from '../../../contracts/routing.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, defineErrors, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../accounts/index.ts';
import './routing.errors.ts';

/**
 * Routing rules (分配规则), tried in position order, and the account's routing settings (排队设置).
 * Positions are kept dense, 0..n-1, by every change.
 */

export type LoadedRule = { id: string; name: string; conditions: RuleConditions; actions: RuleActions };

export type LoadedRoutingSettings = {
  enabled: boolean;
  fallbackTeamId: string | null;
  overflowAfterSeconds: number;
  answerTimeoutSeconds: number;
  autoAwayMinutes: number;
  firstResponseTargetSeconds: number;
};

/** What an account without a settings row has: the column defaults of migration 0006. */
export const ROUTING_DEFAULTS: LoadedRoutingSettings = {
  enabled: false,
  fallbackTeamId: null,
  overflowAfterSeconds: 180,
  answerTimeoutSeconds: 90,
  autoAwayMinutes: 15,
  firstResponseTargetSeconds: 60,
};

/**
 * Stored jsonb read back through the contract, so the engine never sees a shape the API would refuse;
 * a row that no longer parses (written by hand) loses the part at fault rather than failing routing.
 */
function parseConditions(value: unknown): RuleConditions {
  const parsed = RuleConditions.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

function parseActions(value: unknown): RuleActions {
  const parsed = RuleActions.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** The enabled rules of the account, in the order they are tried. */
export async function loadRules(db: Db, accountId: string): Promise<LoadedRule[]> {
  const rows = await db
    .selectFrom('routing_rules')
    .select(['id', 'name', 'conditions', 'actions'])
    .where('account_id', '=', accountId)
    .where('enabled', '=', true)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, conditions: parseConditions(r.conditions), actions: parseActions(r.actions) }));
}

type SettingsRow = {
  enabled: boolean;
  fallback_team_id: string | null;
  overflow_after_seconds: number;
  answer_timeout_seconds: number;
  auto_away_minutes: number;
  first_response_target_seconds: number;
};

function settingsOf(row: SettingsRow | undefined): LoadedRoutingSettings {
  if (!row) return { ...ROUTING_DEFAULTS };
  return {
    enabled: row.enabled,
    fallbackTeamId: row.fallback_team_id,
    overflowAfterSeconds: row.overflow_after_seconds,
    answerTimeoutSeconds: row.answer_timeout_seconds,
    autoAwayMinutes: row.auto_away_minutes,
    firstResponseTargetSeconds: row.first_response_target_seconds,
  };
}

/** The account's routing settings, with the defaults where it has never saved any. */
export async function loadRoutingSettings(db: Db, accountId: string): Promise<LoadedRoutingSettings> {
  const row = await db
    .selectFrom('routing_settings')
    .select(['enabled', 'fallback_team_id', 'overflow_after_seconds', 'answer_timeout_seconds', 'auto_away_minutes', 'first_response_target_seconds'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return settingsOf(row);
}

export const rulesErrors = defineErrors({
  rule_condition_invalid: { status: 400, message: { 'zh-CN': '规则条件无效：所选商品或商品分组不存在', en: 'The rule’s condition is invalid: the product or product group does not exist' } },
  rule_labels_invalid: { status: 400, message: { 'zh-CN': '规则要加的标签不存在，请刷新后重试', en: 'A label the rule adds does not exist; reload and try again' } },
  rule_empty: { status: 400, message: { 'zh-CN': '规则至少要设置分配目标、优先级或标签中的一项', en: 'A rule must set a target, a priority or labels' } },
  routing_fallback_invalid: { status: 400, message: { 'zh-CN': '兜底团队不存在', en: 'The fallback team does not exist' } },
});

/** The one event of this file: the engine drops what it holds of the account's rules and settings. */
const CHANGED = 'routing.rules_changed';

export type RuleInput = { name: string; enabled: boolean; conditions: RuleConditions; actions: RuleActions; position?: number };
export type RulePatch = Partial<Omit<RuleInput, 'position'>>;

type RuleRow = { id: string; name: string; position: number; enabled: boolean; conditions: unknown; actions: unknown; created_at: Date; updated_at: Date };

function present(r: RuleRow) {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    enabled: r.enabled,
    conditions: parseConditions(r.conditions),
    actions: parseActions(r.actions),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export type Rule = ReturnType<typeof present>;

function rules(ctx: Ctx) {
  return ctx.db
    .selectFrom('routing_rules')
    .select(['id', 'name', 'position', 'enabled', 'conditions', 'actions', 'created_at', 'updated_at'])
    .where('account_id', '=', ctx.accountId);
}

export async function listRules(ctx: Ctx): Promise<Rule[]> {
  return (await rules(ctx).orderBy('position').orderBy('id').execute()).map(present);
}

async function getRule(ctx: Ctx, id: string): Promise<RuleRow> {
  const row = await rules(ctx).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('rule');
  return row;
}

/** Changes to the order of an account's rules take turns, so positions stay 0..n-1 with no gaps or ties. */
async function lockRules(ctx: Ctx) {
  await sql`select pg_advisory_xact_lock(hashtext(${`routing_rules:${ctx.accountId}`}))`.execute(ctx.db);
}

async function missing(ctx: Ctx, table: 'teams' | 'labels' | 'products' | 'product_groups', ids: string[]): Promise<boolean> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return false;
  const found = await ctx.db.selectFrom(table).select('id').where('account_id', '=', ctx.accountId).where('id', 'in', wanted).execute();
  return found.length !== wanted.length;
}

export async function teamExists(ctx: Ctx, teamId: string): Promise<boolean> {
  return !(await missing(ctx, 'teams', [teamId]));
}

/** What the schema cannot see: every id a rule names is of this account. */
async function checkConditions(ctx: Ctx, c: RuleConditions) {
  if (c.productIds && (await missing(ctx, 'products', c.productIds))) throw new AppError('rule_condition_invalid', { field: 'conditions.productIds' });
  if (c.productGroupIds && (await missing(ctx, 'product_groups', c.productGroupIds))) throw new AppError('rule_condition_invalid', { field: 'conditions.productGroupIds' });
}

async function checkActions(ctx: Ctx, a: RuleActions) {
  if (!a.target && a.priority === undefined && !a.labelIds?.length) throw new AppError('rule_empty', { field: 'actions' });
  const teamId = a.target && 'teamId' in a.target ? a.target.teamId : undefined;
  if (teamId !== undefined && !(await teamExists(ctx, teamId))) throw new AppError('rule_target_invalid', { field: 'actions.target.teamId' });
  if (a.labelIds && (await missing(ctx, 'labels', a.labelIds))) throw new AppError('rule_labels_invalid', { field: 'actions.labelIds' });
}

/** Renumbers the account's rules 0..n-1 in their present order; only rows out of place are written. */
async function compact(ctx: Ctx) {
  await sql`
    update routing_rules r set position = o.pos
      from (select id, (row_number() over (order by position, id) - 1)::int as pos from routing_rules where account_id = ${ctx.accountId}) o
     where r.account_id = ${ctx.accountId} and r.id = o.id and r.position <> o.pos`.execute(ctx.db);
}

const target = (r: { id: string; name: string }) => ({ type: 'routing_rule', id: r.id, label: r.name });

/** A new rule goes at the position asked for (the ones from there move down one), or at the end. */
export async function createRule(ctx: Ctx, input: RuleInput): Promise<Rule> {
  return inTransaction(ctx, async (ctx) => {
    await checkConditions(ctx, input.conditions);
    await checkActions(ctx, input.actions);
    await lockRules(ctx);
    const { n } = await ctx.db.selectFrom('routing_rules').select(sql<number>`count(*)::int`.as('n')).where('account_id', '=', ctx.accountId).executeTakeFirstOrThrow();
    const position = Math.min(input.position ?? n, n);
    if (position < n) {
      await ctx.db.updateTable('routing_rules').set({ position: sql`position + 1` }).where('account_id', '=', ctx.accountId).where('position', '>=', position).execute();
    }
    const id = newId('rul');
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('routing_rules')
      .values({
        id,
        account_id: ctx.accountId,
        name: input.name,
        position,
        enabled: input.enabled,
        conditions: JSON.stringify(input.conditions),
        actions: JSON.stringify(input.actions),
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(ctx, 'routing.rule_created', target({ id, name: input.name }), { position, enabled: input.enabled, conditions: input.conditions, actions: input.actions });
    await emit(ctx, CHANGED, {});
    return present(await getRule(ctx, id));
  });
}

/** Conditions and actions are replaced whole when given. */
export async function updateRule(ctx: Ctx, id: string, patch: RulePatch): Promise<Rule> {
  return inTransaction(ctx, async (ctx) => {
    const before = await getRule(ctx, id);
    if (patch.conditions) await checkConditions(ctx, patch.conditions);
    if (patch.actions) await checkActions(ctx, patch.actions);
    const was = present(before);
    const changed = (Object.keys(patch) as Array<keyof RulePatch>).filter((k) => patch[k] !== undefined && JSON.stringify(patch[k]) !== JSON.stringify(was[k]));
    if (changed.length === 0) return was;
    await ctx.db
      .updateTable('routing_rules')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.conditions ? { conditions: JSON.stringify(patch.conditions) } : {}),
        ...(patch.actions ? { actions: JSON.stringify(patch.actions) } : {}),
        updated_at: ctx.clock.now(),
      })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .execute();
    await recordAudit(ctx, 'routing.rule_updated', target({ id, name: patch.name ?? before.name }), {
      before: Object.fromEntries(changed.map((k) => [k, was[k]])),
      after: Object.fromEntries(changed.map((k) => [k, patch[k]])),
    });
    await emit(ctx, CHANGED, {});
    return present(await getRule(ctx, id));
  });
}

export async function deleteRule(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    await lockRules(ctx);
    const rule = await getRule(ctx, id);
    await ctx.db.deleteFrom('routing_rules').where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await compact(ctx);
    await recordAudit(ctx, 'routing.rule_deleted', target(rule), { position: rule.position, conditions: rule.conditions, actions: rule.actions });
    await emit(ctx, CHANGED, {});
  });
}

/** The whole order at once: every rule of the account, each exactly once. */
export async function reorderRules(ctx: Ctx, ids: string[]): Promise<Rule[]> {
  return inTransaction(ctx, async (ctx) => {
    await lockRules(ctx);
    const current = await ctx.db.selectFrom('routing_rules').select(['id', 'position']).where('account_id', '=', ctx.accountId).orderBy('position').orderBy('id').execute();
    const known = new Set(current.map((r) => r.id));
    if (ids.length !== current.length || new Set(ids).size !== ids.length || !ids.every((id) => known.has(id))) {
      throw new AppError('rule_order_invalid', { field: 'ids' });
    }
    const before = current.map((r) => r.id);
    if (before.some((id, i) => id !== ids[i] || current[i].position !== i)) {
      const order = sql.join(ids.map((id, i) => sql`(${id}, ${i}::int)`));
      await sql`
        update routing_rules r set position = o.pos
          from (values ${order}) as o(id, pos)
         where r.account_id = ${ctx.accountId} and r.id = o.id and r.position <> o.pos`.execute(ctx.db);
      await recordAudit(ctx, 'routing.rules_reordered', null, { before, after: ids });
      await emit(ctx, CHANGED, {});
    }
    return listRules(ctx);
  });
}

// ── Settings ───────────────────────────────────────────────────────────────────────────────────

export type RoutingSettingsPatch = Partial<LoadedRoutingSettings>;

const COLUMNS = {
  enabled: 'enabled',
  fallbackTeamId: 'fallback_team_id',
  overflowAfterSeconds: 'overflow_after_seconds',
  answerTimeoutSeconds: 'answer_timeout_seconds',
  autoAwayMinutes: 'auto_away_minutes',
  firstResponseTargetSeconds: 'first_response_target_seconds',
} as const satisfies Record<keyof LoadedRoutingSettings, string>;

export async function getRoutingSettings(ctx: Ctx): Promise<LoadedRoutingSettings> {
  return loadRoutingSettings(ctx.db, ctx.accountId);
}

/**
 * Saves what is given over what is stored (or the defaults). Automatic assignment needs somewhere
 * for what no rule takes: it cannot be on without a fallback team.
 */
export async function updateRoutingSettings(ctx: Ctx, patch: RoutingSettingsPatch): Promise<LoadedRoutingSettings> {
  return inTransaction(ctx, async (ctx) => {
    const row = await ctx.db
      .selectFrom('routing_settings')
      .select(['enabled', 'fallback_team_id', 'overflow_after_seconds', 'answer_timeout_seconds', 'auto_away_minutes', 'first_response_target_seconds'])
      .where('account_id', '=', ctx.accountId)
      .forUpdate()
      .executeTakeFirst();
    const before = settingsOf(row);
    const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as RoutingSettingsPatch;
    const next: LoadedRoutingSettings = { ...before, ...given };
    if (given.fallbackTeamId && given.fallbackTeamId !== before.fallbackTeamId && !(await teamExists(ctx, given.fallbackTeamId))) {
      throw new AppError('routing_fallback_invalid', { field: 'fallbackTeamId' });
    }
    if (next.enabled && !next.fallbackTeamId) throw new AppError('routing_needs_fallback', { field: 'fallbackTeamId' });
    const changed = (Object.keys(COLUMNS) as Array<keyof LoadedRoutingSettings>).filter((k) => next[k] !== before[k]);
    if (changed.length === 0) return before;
    const values = {
      enabled: next.enabled,
      fallback_team_id: next.fallbackTeamId,
      overflow_after_seconds: next.overflowAfterSeconds,
      answer_timeout_seconds: next.answerTimeoutSeconds,
      auto_away_minutes: next.autoAwayMinutes,
      first_response_target_seconds: next.firstResponseTargetSeconds,
      updated_at: ctx.clock.now(),
    };
    await ctx.db
      .insertInto('routing_settings')
      .values({ account_id: ctx.accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
      .execute();
    await recordAudit(ctx, 'routing.settings_changed', { type: 'routing_settings', id: ctx.accountId }, {
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
    });
    await emit(ctx, CHANGED, {});
    return next;
  });
}
