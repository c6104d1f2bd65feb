import { api } from '../../app/api-client';
import type { AuditAction, AuditEntry, User } from '../../app/api-types';

export type AuditFilters = { action?: string; actorId?: string; from?: string; to?: string };
export type AuditPage = { items: AuditEntry[]; nextCursor: string | null };

export const PAGE_SIZE = 50;

export const auditApi = {
  list: (filters: AuditFilters, cursor?: string, signal?: AbortSignal) =>
    api.get<AuditPage>('/api/audit-log', { ...filters, cursor, limit: PAGE_SIZE }, signal),
  actions: (signal?: AbortSignal) => api.get<{ items: AuditAction[] }>('/api/audit-log/actions', undefined, signal).then((r) => r.items),
  actors: (signal?: AbortSignal) => api.get<{ items: User[] }>('/api/users', undefined, signal).then((r) => r.items),
};
