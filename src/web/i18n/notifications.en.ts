import type { notificationsZhCN } from './notifications.zh-CN';

export const notificationsEn: Record<keyof typeof notificationsZhCN, string> = {
  'notif.title': 'Notifications',
  'notif.open': 'Notifications ({count} unread)',
  'notif.readAll': 'Mark all read',
  'notif.empty': 'No notifications',
  'notif.more': 'Load more',
  'notif.loadFailed': 'Could not load notifications',
  'notif.retry': 'Retry',
  'notif.kind.assigned': 'Assigned',
  'notif.kind.mention': 'Mention',
  'notif.kind.reply': 'Reply',
  'notif.kind.reminder': 'Due soon',
  'notif.kind.breach': 'Overdue',
  'notif.kind.escalation': 'Escalated',
  'notif.kind.resolved': 'Resolved',
};
