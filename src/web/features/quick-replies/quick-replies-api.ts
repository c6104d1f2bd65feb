import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { api } from '../../app/api-client';
import type { QuickReply, QuickReplyInput, QuickReplyList, RenderResult } from '../../app/api-types';
import { onSignOut } from '../../app/sign-out';
import type { MessageKey } from '../../i18n/messages';

export type QuickReplyScope = QuickReply['scope'];

const base = (scope: QuickReplyScope) => (scope === 'shared' ? '/api/quick-replies/shared' : '/api/quick-replies');

export const quickRepliesApi = {
  list: (query: { q?: string; step?: string } = {}, signal?: AbortSignal) => api.get<QuickReplyList>('/api/quick-replies', query, signal),
  create: (scope: QuickReplyScope, input: QuickReplyInput) => api.post<{ quickReply: QuickReply }>(base(scope), input).then((r) => r.quickReply),
  update: (scope: QuickReplyScope, id: string, input: Partial<QuickReplyInput>) =>
    api.patch<{ quickReply: QuickReply }>(`${base(scope)}/${encodeURIComponent(id)}`, input).then((r) => r.quickReply),
  remove: (scope: QuickReplyScope, id: string) => api.delete(`${base(scope)}/${encodeURIComponent(id)}`),
  /** Fills a reply's {{variables}} with the open conversation's customer, order, agent and shop. */
  render: (conversationId: string, body: string) => api.post<RenderResult>(`/api/conversations/${encodeURIComponent(conversationId)}/render`, { body }),
};

export const VARIABLES = ['customer.name', 'order.number', 'order.status', 'order.tracking', 'agent.nickname', 'shop.name'] as const;

/** The label of a variable (客户称呼 …); an unknown one shows as written. */
export function variableLabel(t: (key: MessageKey) => string, variable: string): string {
  return (VARIABLES as readonly string[]).includes(variable) ? t(`qr.var.${variable}` as MessageKey) : variable;
}

/** A reply's text for reading: `{{customer.name}}` shows as 【客户称呼】. */
export function readableBody(t: (key: MessageKey) => string, body: string): string {
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, v: string) => `【${variableLabel(t, v)}】`);
}

/** Does a reply match what the agent typed after the slash? Shortcut first, then title and text. */
export function matchRank(reply: QuickReply, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const shortcut = reply.shortcut.toLowerCase();
  if (shortcut === q) return 0;
  if (shortcut.startsWith(q)) return 1;
  if (shortcut.includes(q)) return 2;
  if (reply.title.toLowerCase().includes(q)) return 3;
  if (reply.body.toLowerCase().includes(q)) return 4;
  return -1;
}

export function filterReplies(items: readonly QuickReply[], query: string): QuickReply[] {
  return items
    .map((item, index) => ({ item, index, rank: matchRank(item, query) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((x) => x.item);
}

// One copy of the library for the whole workspace: the picker and the reception guide read it,
// switching conversations does not load it again, and opening the picker refreshes it quietly.
type Store = { items: QuickReply[] | null; error: unknown; loading: boolean };
let store: Store = { items: null, error: undefined, loading: false };
const listeners = new Set<() => void>();
let inflight: Promise<void> | null = null;

function setStore(next: Partial<Store>) {
  store = { ...store, ...next };
  for (const l of listeners) l();
}

export function refreshQuickReplies(): Promise<void> {
  if (inflight) return inflight;
  setStore({ loading: true });
  inflight = quickRepliesApi
    .list()
    .then(
      (r) => setStore({ items: r.items, error: undefined, loading: false }),
      (error: unknown) => setStore({ error, loading: false }),
    )
    .finally(() => {
      inflight = null;
    });
  return inflight;
}

/** Forget the cached library (after an edit on the settings page, or on sign-out). */
export function invalidateQuickReplies() {
  store = { items: null, error: undefined, loading: false };
  for (const l of listeners) l();
}

onSignOut(invalidateQuickReplies);

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useQuickReplies() {
  const snapshot = useSyncExternalStore(subscribe, () => store);
  useEffect(() => {
    if (snapshot.items === null && !snapshot.loading && !snapshot.error) void refreshQuickReplies();
  }, [snapshot.items, snapshot.loading, snapshot.error]);
  const refresh = useCallback(() => void refreshQuickReplies(), []);
  return { items: snapshot.items ?? [], loaded: snapshot.items !== null, loading: snapshot.loading, error: snapshot.error, refresh };
}
