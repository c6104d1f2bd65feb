import { api, apiRequest } from '../../app/api-client';
import type { ConversationSummary, Label } from '../../app/api-types';

export type LabelInput = { name: string; color?: string };

/** Labels (标签): the team's list, and the labels of one conversation. */
export const labelsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Label[] }>('/api/labels', undefined, signal).then((r) => r.items),
  create: (input: LabelInput) => api.post<{ label: Label }>('/api/labels', input).then((r) => r.label),
  update: (id: string, input: Partial<LabelInput>) => api.patch<{ label: Label }>(`/api/labels/${encodeURIComponent(id)}`, input).then((r) => r.label),
  remove: (id: string) => api.delete(`/api/labels/${encodeURIComponent(id)}`),
  /** The whole set: labels not named come off. */
  setOnConversation: (conversationId: string, labelIds: string[]) =>
    apiRequest<{ conversation: ConversationSummary }>(`/api/conversations/${encodeURIComponent(conversationId)}/labels`, { method: 'PUT', body: { labelIds } }).then((r) => r.conversation),
};

/** The colours offered for a label: Ant Design's palette, readable as a tag's text and border. */
export const LABEL_COLORS = ['#1677ff', '#13c2c2', '#52c41a', '#d4b106', '#fa8c16', '#f5222d', '#eb2f96', '#722ed1', '#8c8c8c'] as const;
