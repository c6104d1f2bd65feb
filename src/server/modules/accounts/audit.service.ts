import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import type { Locale, Localized } from '../../platform/locale.ts';

export const AUDIT_ACTIONS = {
  'account.created': { 'zh-CN': '创建店铺账户', en: 'Account created' },
  'account.updated': { 'zh-CN': '修改店铺设置', en: 'Account settings changed' },
  'auth.login': { 'zh-CN': '登录', en: 'Signed in' },
  'auth.login_failed': { 'zh-CN': '登录失败', en: 'Failed sign-in' },
  'auth.logout': { 'zh-CN': '退出登录', en: 'Signed out' },
  'auth.password_changed': { 'zh-CN': '修改密码', en: 'Password changed' },
  'user.created': { 'zh-CN': '创建成员', en: 'User created' },
  'user.invited': { 'zh-CN': '邀请成员', en: 'User invited' },
  'user.updated': { 'zh-CN': '修改成员资料', en: 'User updated' },
  'user.role_changed': { 'zh-CN': '变更成员角色', en: 'User role changed' },
  'user.deactivated': { 'zh-CN': '停用成员', en: 'User deactivated' },
  'user.reactivated': { 'zh-CN': '启用成员', en: 'User reactivated' },
  'invitation.revoked': { 'zh-CN': '撤销邀请', en: 'Invitation revoked' },
  'invitation.accepted': { 'zh-CN': '接受邀请', en: 'Invitation accepted' },
  'token.created': { 'zh-CN': '创建接口令牌', en: 'API token created' },
  'token.revoked': { 'zh-CN': '吊销接口令牌', en: 'API token revoked' },
  'inbox.secret_rotated': { 'zh-CN': '更换咨询入口身份密钥', en: 'Inbox identity secret replaced' },
  'inbox.created': { 'zh-CN': '新建咨询入口', en: 'Inbox created' },
  'inbox.webhook_secret_rotated': { 'zh-CN': '更换接口渠道推送签名密钥', en: 'API channel webhook signing secret replaced' },
  'inbox.email_settings_changed': { 'zh-CN': '修改邮件入口设置', en: 'Email inbox settings changed' },
  'inbox.inbound_key_rotated': { 'zh-CN': '更换邮件接收密钥', en: 'Email inbound key replaced' },
  'routing.rule_created': { 'zh-CN': '新建分配规则', en: 'Routing rule created' },
  'routing.rule_updated': { 'zh-CN': '修改分配规则', en: 'Routing rule changed' },
  'routing.rule_deleted': { 'zh-CN': '删除分配规则', en: 'Routing rule deleted' },
  'routing.rules_reordered': { 'zh-CN': '调整分配规则顺序', en: 'Routing rules reordered' },
  'routing.settings_changed': { 'zh-CN': '修改分配与排队设置', en: 'Routing settings changed' },
  'routing.team_created': { 'zh-CN': '新建团队', en: 'Team created' },
  'routing.team_updated': { 'zh-CN': '修改团队', en: 'Team changed' },
  'routing.team_deleted': { 'zh-CN': '删除团队', en: 'Team deleted' },
  'routing.team_members_changed': { 'zh-CN': '调整团队成员', en: 'Team members changed' },
  'routing.agent_updated': { 'zh-CN': '修改客服名称、接待上限或所属团队', en: 'Agent’s names, capacity or teams changed' },
  'routing.agent_status_set': { 'zh-CN': '代客服切换接待状态', en: 'Agent’s status set by a supervisor' },
  'routing.product_agents_changed': { 'zh-CN': '设置商品专属客服', en: 'Product’s dedicated agents changed' },
  'customer.created': { 'zh-CN': '新建客户档案', en: 'Customer record created' },
  'customer.updated': { 'zh-CN': '修改客户档案', en: 'Customer record changed' },
  'customer.tags_changed': { 'zh-CN': '修改客户标签', en: 'Customer tags changed' },
  'customer_attribute.created': { 'zh-CN': '新建客户属性', en: 'Customer attribute created' },
  'customer_attribute.updated': { 'zh-CN': '修改客户属性', en: 'Customer attribute changed' },
  'customer_attribute.deleted': { 'zh-CN': '删除客户属性', en: 'Customer attribute deleted' },
  'customer.contact_revealed': { 'zh-CN': '查看客户完整联系方式', en: 'Customer’s full contact details revealed' },
  'customer.contact_viewed': { 'zh-CN': '看到客户完整联系方式（当日首次）', en: 'Customer’s full contact details seen (first time that day)' },
  'customer.exported': { 'zh-CN': '导出客户个人数据', en: 'Customer’s personal data exported' },
  'customer.erased': { 'zh-CN': '删除客户个人数据', en: 'Customer’s personal data erased' },
  'customer.merged': { 'zh-CN': '合并客户', en: 'Customers merged' },
  'customer.merge_undone': { 'zh-CN': '撤销客户合并', en: 'Customer merge undone' },
  'customer.duplicate_dismissed': { 'zh-CN': '标记为不是同一客户', en: 'Marked as not a duplicate' },
  'key_account.changed': { 'zh-CN': '设置大客户档案', en: 'Key account changed' },
  'key_account.removed': { 'zh-CN': '取消大客户', en: 'Key account removed' },
  'loyalty.tiers_changed': { 'zh-CN': '修改会员等级', en: 'Membership tiers changed' },
  'loyalty.settings_changed': { 'zh-CN': '修改积分规则', en: 'Points rules changed' },
  'loyalty.gift_created': { 'zh-CN': '新建积分礼品', en: 'Points gift created' },
  'loyalty.gift_updated': { 'zh-CN': '修改积分礼品', en: 'Points gift changed' },
  'loyalty.gift_deleted': { 'zh-CN': '删除积分礼品', en: 'Points gift deleted' },
  'loyalty.points_adjusted': { 'zh-CN': '手动调整客户积分', en: 'Customer’s points adjusted by hand' },
  'loyalty.points_redeemed': { 'zh-CN': '为客户兑换积分礼品', en: 'Points redeemed for a customer' },
  'orders.webhook_secret_rotated': { 'zh-CN': '更换订单推送签名密钥', en: 'Order webhook signing secret replaced' },
  'orders.imported': { 'zh-CN': '导入订单文件', en: 'Order file imported' },
  'work_orders.created': { 'zh-CN': '新建工单', en: 'Work order created' },
  'work_orders.sla_calendar_created': { 'zh-CN': '新建服务时间', en: 'Service calendar created' },
  'work_orders.sla_calendar_updated': { 'zh-CN': '修改服务时间', en: 'Service calendar changed' },
  'work_orders.sla_calendar_deleted': { 'zh-CN': '删除服务时间', en: 'Service calendar deleted' },
  'work_orders.sla_policy_created': { 'zh-CN': '新建 SLA 策略', en: 'SLA policy created' },
  'work_orders.sla_policy_updated': { 'zh-CN': '修改 SLA 策略', en: 'SLA policy changed' },
  'work_orders.sla_policy_deleted': { 'zh-CN': '删除 SLA 策略', en: 'SLA policy deleted' },
  'work_orders.type_created': { 'zh-CN': '新建工单类型', en: 'Work order type created' },
  'work_orders.type_updated': { 'zh-CN': '修改工单类型', en: 'Work order type changed' },
  'work_orders.type_archived': { 'zh-CN': '停用工单类型', en: 'Work order type archived' },
  'work_orders.type_restored': { 'zh-CN': '启用工单类型', en: 'Work order type restored' },
  'work_orders.type_deleted': { 'zh-CN': '删除工单类型', en: 'Work order type deleted' },
} as const satisfies Record<string, Localized>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function auditActionLabel(action: string, locale: Locale): string {
  return (AUDIT_ACTIONS as Record<string, Localized>)[action]?.[locale] ?? action;
}

export type AuditTarget = { type: string; id: string; label?: string | null };

/** Records a sensitive action: who, what, on what, when, from where. Runs in the caller's transaction. */
export async function recordAudit(ctx: Ctx, action: AuditAction, target: AuditTarget | null, data: Record<string, unknown> = {}): Promise<void> {
  await ctx.db
    .insertInto('audit_log')
    .values({
      id: newId('aud'),
      account_id: ctx.accountId,
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.name,
      action,
      target_type: target?.type ?? null,
      target_id: target?.id ?? null,
      target_label: target?.label ?? null,
      data: JSON.stringify(data),
      ip: ctx.ip ?? null,
      user_agent: ctx.userAgent ?? null,
      created_at: ctx.clock.now(),
    })
    .execute();
}

export type AuditQuery = { action?: string; actorId?: string; from?: Date; to?: Date; cursor?: string; limit: number };

export async function listAudit(ctx: Ctx, q: AuditQuery) {
  let query = ctx.db.selectFrom('audit_log').selectAll().where('account_id', '=', ctx.accountId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.from) query = query.where('created_at', '>=', q.from);
  if (q.to) query = query.where('created_at', '<', q.to);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1].id : null };
}

export async function countAudit(ctx: Ctx, action: AuditAction): Promise<number> {
  const row = await ctx.db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)`.as('n'))
    .where('account_id', '=', ctx.accountId)
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return row.n;
}
