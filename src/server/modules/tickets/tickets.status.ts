import { AppError, defineErrors } from '../../platform/errors.ts';

/**
 * A work order's life (工单状态), in one table: every change of status is one of these actions, and
 * `nextStatus` is the only way to compute one. 待客户回复 stops the SLA clock (the wait is the
 * customer's); 待其他团队处理 does not (the wait is the shop's, which is what an SLA is for).
 */
export const WORK_ORDER_STATUSES = ['new', 'open', 'pending_customer', 'pending_team', 'resolved', 'closed'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const WORK_ORDER_ACTIONS = ['start', 'wait_customer', 'wait_team', 'resume', 'resolve', 'close', 'reopen'] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

type Transition = { from: readonly WorkOrderStatus[]; to: WorkOrderStatus };

const ACTIVE = ['new', 'open', 'pending_customer', 'pending_team'] as const;

export const TRANSITIONS: Record<WorkOrderAction, Transition> = {
  /** 开始处理: someone takes it up. */
  start: { from: ['new'], to: 'open' },
  /** 待客户回复: a question is out to the customer. */
  wait_customer: { from: ['new', 'open', 'pending_team'], to: 'pending_customer' },
  /** 转其他团队: it waits on another department (warehouse, finance …). */
  wait_team: { from: ['new', 'open', 'pending_customer'], to: 'pending_team' },
  /** 继续处理: the customer answered, or the other team did. */
  resume: { from: ['pending_customer', 'pending_team'], to: 'open' },
  /** 已解决. */
  resolve: { from: ACTIVE, to: 'resolved' },
  /** 关闭: after the customer confirmed, or on its own some days after being resolved. */
  close: { from: ['resolved'], to: 'closed' },
  /** 重新打开: the problem is back. */
  reopen: { from: ['resolved', 'closed'], to: 'open' },
};

export const workOrderStatusErrors = defineErrors({
  work_order_transition_invalid: {
    status: 409,
    message: { 'zh-CN': '工单当前为“{status}”，不能执行“{action}”', en: 'The work order is {status}; it cannot be moved by “{action}”' },
  },
});

export const STATUS_LABELS: Record<WorkOrderStatus, { 'zh-CN': string; en: string }> = {
  new: { 'zh-CN': '新建', en: 'New' },
  open: { 'zh-CN': '处理中', en: 'Open' },
  pending_customer: { 'zh-CN': '待客户回复', en: 'Pending on customer' },
  pending_team: { 'zh-CN': '待其他团队处理', en: 'Pending on another team' },
  resolved: { 'zh-CN': '已解决', en: 'Resolved' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
};

export const ACTION_LABELS: Record<WorkOrderAction, { 'zh-CN': string; en: string }> = {
  start: { 'zh-CN': '开始处理', en: 'Start' },
  wait_customer: { 'zh-CN': '待客户回复', en: 'Wait for the customer' },
  wait_team: { 'zh-CN': '转其他团队', en: 'Wait for another team' },
  resume: { 'zh-CN': '继续处理', en: 'Resume' },
  resolve: { 'zh-CN': '标记已解决', en: 'Resolve' },
  close: { 'zh-CN': '关闭', en: 'Close' },
  reopen: { 'zh-CN': '重新打开', en: 'Reopen' },
};

/** The actions open from a status (what the work order page offers). */
export function actionsFrom(status: WorkOrderStatus): WorkOrderAction[] {
  return WORK_ORDER_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));
}

/** The status an action leads to, or work_order_transition_invalid. */
export function nextStatus(status: WorkOrderStatus, action: WorkOrderAction, locale: 'zh-CN' | 'en' = 'zh-CN'): WorkOrderStatus {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) throw new AppError('work_order_transition_invalid', { vars: { status: STATUS_LABELS[status][locale], action: ACTION_LABELS[action][locale] } });
  return t.to;
}

/** Whether the SLA clock stands still in a status: only while the customer is the one to answer. */
export function clockPaused(status: WorkOrderStatus): boolean {
  return status === 'pending_customer';
}

/** Whether a status still needs the shop to act (counts in queues, reminders and escalations). */
export function isActive(status: WorkOrderStatus): boolean {
  return (ACTIVE as readonly string[]).includes(status);
}
