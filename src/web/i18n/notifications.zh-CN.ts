/** Chinese strings of the notifications bell (merged into zh-CN.ts; notifications.en.ts carries the same keys). */
export const notificationsZhCN = {
  'notif.title': '通知',
  'notif.open': '通知（{count} 条未读）',
  'notif.readAll': '全部已读',
  'notif.empty': '暂无通知',
  'notif.more': '加载更多',
  'notif.loadFailed': '通知加载失败',
  'notif.retry': '重试',
  'notif.kind.assigned': '指派',
  'notif.kind.mention': '提及',
  'notif.kind.reply': '回复',
  'notif.kind.reminder': '即将超时',
  'notif.kind.breach': '已超时',
  'notif.kind.escalation': '升级',
  'notif.kind.resolved': '已解决',
} as const;
