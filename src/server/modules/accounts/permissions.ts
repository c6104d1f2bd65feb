import type { Localized } from '../../platform/locale.ts';

/**
 * The permission matrix: the single source of who may do what. Routes name a permission; the
 * HTTP layer checks it for every request; the roles page and the generated role tests read it.
 */
export const ROLES = ['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher', 'qa_inspector', 'agent', 'operations'] as const;
export type Role = (typeof ROLES)[number];

export const SPECIALISATIONS = ['pre_sale', 'in_sale', 'after_sale'] as const;
export type Specialisation = (typeof SPECIALISATIONS)[number];

type PermissionSpec = { group: string; label: Localized; roles: readonly Role[] };

const MANAGERS = ['owner', 'admin'] as const;
const LEADS = ['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher'] as const;

export const PERMISSIONS = {
  'account.manage': {
    group: 'account',
    label: { 'zh-CN': '修改店铺设置', en: 'Change account settings' },
    roles: MANAGERS,
  },
  'users.read': {
    group: 'users',
    label: { 'zh-CN': '查看成员', en: 'View users' },
    roles: [...LEADS, 'qa_inspector'],
  },
  'users.manage': {
    group: 'users',
    label: { 'zh-CN': '邀请、编辑、停用成员', en: 'Invite, edit and deactivate users' },
    roles: MANAGERS,
  },
  'audit.read': {
    group: 'security',
    label: { 'zh-CN': '查看操作日志', en: 'Read the audit log' },
    roles: ['owner', 'admin', 'supervisor'],
  },
  'tokens.manage': {
    group: 'security',
    label: { 'zh-CN': '管理接口令牌', en: 'Manage API tokens' },
    roles: MANAGERS,
  },
  'conversations.read': {
    group: 'conversations',
    label: { 'zh-CN': '查看会话', en: 'Read conversations' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher', 'qa_inspector', 'agent'],
  },
  'conversations.reply': {
    group: 'conversations',
    label: { 'zh-CN': '回复顾客、接入会话', en: 'Reply to customers and take conversations' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead', 'agent'],
  },
  'conversations.assign': {
    group: 'conversations',
    label: { 'zh-CN': '分配与改派会话', en: 'Assign and reassign conversations' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher'],
  },
  'inboxes.manage': {
    group: 'conversations',
    label: { 'zh-CN': '管理咨询入口（网站插件等）', en: 'Manage inboxes (the web widget and other channels)' },
    roles: ['owner', 'admin'],
  },
  'channels.api.post': {
    group: 'conversations',
    label: { 'zh-CN': '通过接口渠道传入顾客消息（平台对接程序）', en: 'Post customer messages through the API channel (connectors)' },
    roles: MANAGERS,
  },
  'quick_replies.manage': {
    group: 'conversations',
    label: { 'zh-CN': '维护团队快捷回复', en: 'Maintain the team’s quick replies' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead'],
  },
  'labels.manage': {
    group: 'conversations',
    label: { 'zh-CN': '管理会话标签', en: 'Manage conversation labels' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead'],
  },
  'teams.manage': {
    group: 'routing',
    label: { 'zh-CN': '管理团队、客服接待量与专属客服', en: 'Manage teams, agents’ capacity and dedicated agents' },
    roles: ['owner', 'admin', 'supervisor'],
  },
  'routing.manage': {
    group: 'routing',
    label: { 'zh-CN': '维护分配规则与排队设置', en: 'Maintain routing rules and queue settings' },
    roles: ['owner', 'admin', 'supervisor'],
  },
  'routing.monitor': {
    group: 'routing',
    label: { 'zh-CN': '查看调度大屏与分配记录', en: 'Watch the wallboard and routing decisions' },
    roles: LEADS,
  },
  // Personal data: everyone else who reads conversations sees 138****5678 and z***@example.com.
  'customers.contact.read': {
    group: 'customers',
    label: { 'zh-CN': '查看客户完整手机号和邮箱（否则脱敏显示）', en: 'See customers’ full phone numbers and email addresses (masked otherwise)' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead'],
  },
  'customers.read': {
    group: 'customers',
    label: { 'zh-CN': '查看客户档案、订单与时间线', en: 'View customer records, orders and timelines' },
    roles: ROLES,
  },
  'customers.manage': {
    group: 'customers',
    label: { 'zh-CN': '新建和编辑客户档案、标签与备注', en: 'Create and edit customer records, tags and notes' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead'],
  },
  'key_accounts.manage': {
    group: 'customers',
    label: { 'zh-CN': '设置大客户、客户经理、业务档案、销售政策与回访计划', en: 'Set key accounts, their managers, business files, sales policies and return visits' },
    roles: ['owner', 'admin', 'supervisor'],
  },
  'orders.import': {
    group: 'customers',
    label: { 'zh-CN': '导入订单（文件、接口、推送）、维护商品目录', en: 'Bring orders in (file, API, webhook) and maintain the product catalogue' },
    roles: ['owner', 'admin', 'supervisor', 'operations'],
  },
  // Export and erasure act on one customer's whole record: the shop's owners only.
  'customers.privacy': {
    group: 'customers',
    label: { 'zh-CN': '导出或删除客户个人数据', en: 'Export or erase a customer’s personal data' },
    roles: MANAGERS,
  },
  'loyalty.manage': {
    group: 'customers',
    label: { 'zh-CN': '设置会员等级、积分规则与礼品，调整客户积分', en: 'Set membership tiers, points rules and gifts; adjust customers’ points' },
    roles: MANAGERS,
  },
  'work_orders.read': {
    group: 'work_orders',
    label: { 'zh-CN': '查看工单（运营等部门只看本团队和自己的工单）', en: 'View work orders (operations staff: only their teams’ and their own)' },
    roles: ROLES,
  },
  // Operations staff see their queue and nothing else (seed 001): everyone else sees every work order.
  'work_orders.read_all': {
    group: 'work_orders',
    label: { 'zh-CN': '查看全部工单', en: 'View every work order' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher', 'qa_inspector', 'agent'],
  },
  'work_orders.work': {
    group: 'work_orders',
    label: { 'zh-CN': '创建和处理工单：评论、回复顾客、改状态、转派', en: 'Create and work on work orders: comment, reply to the customer, change status, hand over' },
    roles: ['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher', 'agent', 'operations'],
  },
  'work_orders.settings': {
    group: 'work_orders',
    label: { 'zh-CN': '设置工单类型、SLA 策略与服务时间（节假日）', en: 'Set work order types, SLA policies and service calendars (holidays)' },
    roles: ['owner', 'admin', 'supervisor'],
  },
  'work_orders.reports': {
    group: 'work_orders',
    label: { 'zh-CN': '查看工单报表（SLA 达成率、积压时长）', en: 'View work order reports (SLA hit rate, open by age)' },
    roles: [...LEADS, 'qa_inspector'],
  },
} as const satisfies Record<string, PermissionSpec>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_GROUPS: Record<string, Localized> = {
  account: { 'zh-CN': '店铺', en: 'Account' },
  users: { 'zh-CN': '成员', en: 'Users' },
  security: { 'zh-CN': '安全', en: 'Security' },
  conversations: { 'zh-CN': '会话', en: 'Conversations' },
  routing: { 'zh-CN': '分配与调度', en: 'Routing' },
  customers: { 'zh-CN': '客户', en: 'Customers' },
  work_orders: { 'zh-CN': '工单', en: 'Work orders' },
};

export const ROLE_INFO: Record<Role, { label: Localized; description: Localized }> = {
  owner: {
    label: { 'zh-CN': '店主', en: 'Owner' },
    description: { 'zh-CN': '店铺的所有者，拥有全部权限，不能被停用', en: 'Owns the shop; every permission; cannot be deactivated' },
  },
  admin: {
    label: { 'zh-CN': '管理员', en: 'Admin' },
    description: { 'zh-CN': '管理成员、令牌与店铺设置', en: 'Manages users, tokens and account settings' },
  },
  supervisor: {
    label: { 'zh-CN': '客服主管', en: 'Supervisor' },
    description: { 'zh-CN': '负责客服团队的考核、培训与改派', en: 'Runs the service team: assessment, training, reassignment' },
  },
  team_lead: {
    label: { 'zh-CN': '客服组长', en: 'Team lead' },
    description: { 'zh-CN': '带领一个客服小组，处理疑难问题', en: 'Leads a group of agents and takes the hard cases' },
  },
  dispatcher: {
    label: { 'zh-CN': '调度员', en: 'Dispatcher' },
    description: { 'zh-CN': '根据实时数据调配客服人员', en: 'Schedules agents from the live figures' },
  },
  qa_inspector: {
    label: { 'zh-CN': '质检员', en: 'QA inspector' },
    description: { 'zh-CN': '抽查并评分会话与通话录音', en: 'Scores recorded conversations and calls' },
  },
  agent: {
    label: { 'zh-CN': '客服', en: 'Agent' },
    description: { 'zh-CN': '售前、售中或售后客服，接待买家', en: 'Pre-sale, in-sale or after-sale agent serving buyers' },
  },
  operations: {
    label: { 'zh-CN': '运营/其他部门', en: 'Operations' },
    description: { 'zh-CN': '运营、仓库、财务等部门，处理客服转来的工单', en: 'Operations, warehouse, finance: answer work orders from service' },
  },
};

export const SPECIALISATION_INFO: Record<Specialisation, { label: Localized }> = {
  pre_sale: { label: { 'zh-CN': '售前', en: 'Pre-sale' } },
  in_sale: { label: { 'zh-CN': '售中', en: 'In-sale' } },
  after_sale: { label: { 'zh-CN': '售后', en: 'After-sale' } },
};

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => (PERMISSIONS[p].roles as readonly Role[]).includes(role));
}

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/** Roles a user may hand out: never more than their own, and only the owner makes owners. */
export function assignableRoles(actorRole: Role): Role[] {
  if (actorRole === 'owner') return [...ROLES];
  if (actorRole === 'admin') return ROLES.filter((r) => r !== 'owner');
  return [];
}
