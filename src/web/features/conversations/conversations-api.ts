import { api } from '../../app/api-client';
import type { Channel, ConversationList, ConversationStatus, ConversationSummary, ConversationView, Message, User } from '../../app/api-types';

/** label: a label id; tier: the customer's membership tier. */
export type ListFilters = { view: ConversationView; status?: ConversationStatus; channel?: Channel; label?: string; tier?: string };

export const LIST_PAGE_SIZE = 30;
export const MESSAGE_PAGE_SIZE = 50;

const path = (id: string, action = '') => `/api/conversations/${encodeURIComponent(id)}${action}`;

export const conversationsApi = {
  list: (filters: ListFilters, cursor?: string | null, signal?: AbortSignal, limit = LIST_PAGE_SIZE) =>
    api.get<ConversationList>('/api/conversations', { ...filters, cursor, limit }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<{ conversation: ConversationSummary }>(path(id), undefined, signal).then((r) => r.conversation),
  messages: (id: string, query: { before?: string; after?: string; limit?: number }, signal?: AbortSignal) =>
    api.get<{ items: Message[] }>(path(id, '/messages'), { limit: MESSAGE_PAGE_SIZE, ...query }, signal).then((r) => r.items),
  reply: (id: string, input: { clientId: string; body: string; private: boolean; mentions?: string[]; attachmentIds?: string[] }) =>
    api.post<{ message: Message }>(path(id, '/messages'), input).then((r) => r.message),
  /** 接入: the signed-in agent takes the conversation (needs only 'conversations.reply'). */
  take: (id: string) => api.post<{ conversation: ConversationSummary }>(path(id, '/take')).then((r) => r.conversation),
  assign: (id: string, assigneeId: string | null) =>
    api.post<{ conversation: ConversationSummary }>(path(id, '/assign'), { assigneeId }).then((r) => r.conversation),
  resolve: (id: string) => api.post<{ conversation: ConversationSummary }>(path(id, '/resolve')).then((r) => r.conversation),
  reopen: (id: string) => api.post<{ conversation: ConversationSummary }>(path(id, '/reopen')).then((r) => r.conversation),
  markRead: (id: string, upTo: string) => api.post<void>(path(id, '/read'), { upTo }),
  /** Colleagues to hand a conversation to; the users list needs 'users.read', which dispatchers and leads have. */
  agents: (signal?: AbortSignal) => api.get<{ items: User[] }>('/api/users', { status: 'active' }, signal).then((r) => r.items),
};

/** Realtime frames on the account channel (see src/contracts/conversations.ts). */
export type ConversationEvent = { conversation: ConversationSummary };
export type MessageCreatedEvent = { conversationId: string; message: Message; /** The list line as the server stored it ([图片], a call's summary…). */ preview?: string };

/** Message ids are decimal strings that grow with time: compare them as numbers, not as text. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The union of two message lists, each id once (the later copy wins), oldest first. */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return current as Message[];
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => compareIds(a.id, b.id));
}

/** `crypto.randomUUID` exists only on https and localhost; a shop's LAN address over http has neither. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
