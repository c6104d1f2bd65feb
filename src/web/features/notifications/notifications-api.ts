import { api } from '../../app/api-client';

export type NotificationKind = 'assigned' | 'mention' | 'reply' | 'reminder' | 'breach' | 'escalation' | 'resolved';

/** One notification as GET /api/notifications gives it (contracts/tickets.ts Notification). */
export type AppNotification = { id: string; kind: NotificationKind; workOrderId: string | null; title: string; body: string | null; read: boolean; createdAt: string };
export type NotificationPage = { items: AppNotification[]; unread: number; nextCursor: string | null };

export const notificationsApi = {
  list: (cursor: string | null, signal?: AbortSignal) => api.get<NotificationPage>('/api/notifications', { limit: 20, ...(cursor ? { cursor } : {}) }, signal),
  read: (input: { ids: string[] } | { all: true }) => api.post<{ updated: number; unread: number }>('/api/notifications/read', input),
};
