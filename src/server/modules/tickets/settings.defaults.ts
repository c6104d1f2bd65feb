import { sql } from 'kysely';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { defaultSlaCalendar } from './sla/sla-calendar.ts';
import type { StoredEscalation, StoredField, StoredSlaTarget } from './tickets.tables.ts';

/**
 * What a new account finds in 设置 → 工单 (seed 001): an operations week with China's holidays, a
 * standard SLA, and the work orders customer service hands over most — visa progress, order review,
 * logistics problems, returns and exchanges. All of it is the shop's to change.
 */
export const DEFAULT_CALENDAR_NAME = '工作日 9:00–18:00';
export const DEFAULT_POLICY_NAME = '标准 SLA';

const h = (hours: number) => hours * 60;

/** Working time: the catch-all row, tighter for urgent and high. */
export const DEFAULT_TARGETS: StoredSlaTarget[] = [
  { priority: null, tierId: null, firstResponseMinutes: h(4), nextResponseMinutes: h(8), resolutionMinutes: h(24) },
  { priority: 'urgent', tierId: null, firstResponseMinutes: 30, nextResponseMinutes: h(1), resolutionMinutes: h(4) },
  { priority: 'high', tierId: null, firstResponseMinutes: h(1), nextResponseMinutes: h(2), resolutionMinutes: h(8) },
];

export const DEFAULT_ESCALATION: StoredEscalation[] = [
  { level: 1, afterMinutes: 0, notify: 'team_lead' },
  { level: 2, afterMinutes: 120, notify: 'supervisor' },
];

export const DEFAULT_TYPES: Array<{ name: string; description: string; fields: StoredField[] }> = [
  {
    name: '签证进度查询',
    description: '顾客询问签证办理进度，转签证操作部门查询并答复',
    fields: [
      { key: 'passport_no', label: '护照号', kind: 'text', required: true },
      { key: 'country', label: '送签国家', kind: 'select', options: ['日本', '韩国', '美国', '加拿大', '澳大利亚', '申根国家', '东南亚国家', '其他'], required: true },
      { key: 'travel_date', label: '出行日期', kind: 'date', required: false },
    ],
  },
  {
    name: '订单审核',
    description: '特殊订单、贵重商品或未付款订单，交订单审核人员处理',
    fields: [
      { key: 'order_no', label: '订单号', kind: 'text', required: true },
      { key: 'reason', label: '审核原因', kind: 'select', options: ['特殊订单', '贵重商品', '未付款', '地址待确认', '其他'], required: true },
    ],
  },
  {
    name: '物流异常',
    description: '快递停滞、丢件、破损或地址错误，交仓储物流部门跟进',
    fields: [
      { key: 'waybill_no', label: '快递单号', kind: 'text', required: true },
      { key: 'courier', label: '快递公司', kind: 'text', required: false },
      { key: 'problem', label: '异常类型', kind: 'select', options: ['物流停滞', '丢件', '破损', '地址错误', '其他'], required: true },
    ],
  },
  {
    name: '退换货',
    description: '退货、换货及运费承担，交售后与仓库处理',
    fields: [
      { key: 'order_no', label: '订单号', kind: 'text', required: true },
      { key: 'kind', label: '申请类型', kind: 'select', options: ['退货', '换货', '仅退款'], required: true },
      { key: 'reason', label: '原因', kind: 'textarea', required: false },
    ],
  },
];

async function hasAny(ctx: Ctx): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`
    select exists (select 1 from sla_calendars where account_id = ${ctx.accountId})
        or exists (select 1 from sla_policies where account_id = ${ctx.accountId})
        or exists (select 1 from work_order_types where account_id = ${ctx.accountId}) as any`.execute(ctx.db);
  return Boolean(rows[0]?.any);
}

/**
 * Creates the defaults when the account has no calendar, policy or type at all: once, since a type
 * is never deleted once used, and a shop that set up its own keeps them. Two first visits at once
 * queue on an advisory lock of the account and the second finds the first's.
 */
export async function ensureTicketDefaults(ctx: Ctx): Promise<void> {
  if (await hasAny(ctx)) return;
  await inTransaction(ctx, async (ctx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`tickets.defaults:${ctx.accountId}`}))`.execute(ctx.db);
    if (await hasAny(ctx)) return;
    const now = ctx.clock.now();
    const cal = defaultSlaCalendar();
    const calendarId = newId('slc');
    await ctx.db
      .insertInto('sla_calendars')
      .values({ id: calendarId, account_id: ctx.accountId, name: DEFAULT_CALENDAR_NAME, timezone: cal.timezone, week: JSON.stringify(cal.week), days: JSON.stringify(cal.days), make_up_hours: null, created_at: now, updated_at: now })
      .execute();
    const policyId = newId('slp');
    await ctx.db
      .insertInto('sla_policies')
      .values({ id: policyId, account_id: ctx.accountId, name: DEFAULT_POLICY_NAME, calendar_id: calendarId, targets: JSON.stringify(DEFAULT_TARGETS), reminder_share: 0.8, escalation: JSON.stringify(DEFAULT_ESCALATION), created_at: now, updated_at: now })
      .execute();
    await ctx.db
      .insertInto('work_order_types')
      .values(DEFAULT_TYPES.map((t, i) => ({
        id: newId('wot'), account_id: ctx.accountId, name: t.name, description: t.description, fields: JSON.stringify(t.fields),
        default_team_id: null, default_priority: 'normal' as const, sla_policy_id: policyId, sort: i, created_at: now, updated_at: now,
      })))
      .execute();
  });
}
