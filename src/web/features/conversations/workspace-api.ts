import { api } from '../../app/api-client';
import type { ConversationSummary, SearchResult } from '../../app/api-types';

const path = (id: string, action: string) => `/api/conversations/${encodeURIComponent(id)}${action}`;

export const SEARCH_PAGE_SIZE = 20;

/** Search, 待处理 and 稍后处理 in the workspace. */
export const workspaceApi = {
  search: (q: string, before?: string | null, signal?: AbortSignal) => api.get<SearchResult>('/api/conversations/search', { q, before, limit: SEARCH_PAGE_SIZE }, signal),
  pending: (id: string) => api.post<{ conversation: ConversationSummary }>(path(id, '/pending')).then((r) => r.conversation),
  snooze: (id: string, until: Date) => api.post<{ conversation: ConversationSummary }>(path(id, '/snooze'), { until: until.toISOString() }).then((r) => r.conversation),
};
