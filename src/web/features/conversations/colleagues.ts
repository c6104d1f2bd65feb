import { useEffect, useState } from 'react';
import { api } from '../../app/api-client';
import { onSignOut } from '../../app/sign-out';

/** An active member as colleagues see them (GET /api/colleagues). */
export type Colleague = { id: string; name: string; nickname: string | null; role: string; specialisation: string | null; online: boolean; canReply: boolean };

export type Mention = { id: string; conversationId: string; messageId: string; by: string; customerName: string; excerpt: string; createdAt: string; read: boolean };

export const collaborationApi = {
  colleagues: (signal?: AbortSignal) => api.get<{ items: Colleague[] }>('/api/colleagues', undefined, signal).then((r) => r.items),
  /** To a colleague (assigneeId) or to a team (teamId): exactly one of them. */
  transfer: (id: string, input: { clientId: string; assigneeId?: string; teamId?: string; note?: string }) =>
    api.post<{ conversation: import('../../app/api-types').ConversationSummary }>(`/api/conversations/${encodeURIComponent(id)}/transfer`, input).then((r) => r.conversation),
  mentions: (unread: boolean, signal?: AbortSignal) => api.get<{ items: Mention[]; unread: number }>('/api/mentions', { unread: String(unread), limit: 30 }, signal),
  readMentions: (input: { ids?: string[]; conversationId?: string }) => api.post<{ updated: number }>('/api/mentions/read', input),
};

const FRESH_MS = 60_000;
let cache: { at: number; items: Colleague[] } | null = null;
let loading: Promise<Colleague[]> | null = null;

/** The colleagues list, shared by every reply box and refreshed at most once a minute. */
export function useColleagues(): Colleague[] {
  const [items, setItems] = useState<Colleague[]>(cache?.items ?? []);
  useEffect(() => {
    if (cache && Date.now() - cache.at < FRESH_MS) return;
    let alive = true;
    loading ??= collaborationApi.colleagues().then(
      (list) => {
        cache = { at: Date.now(), items: list };
        return list;
      },
      () => cache?.items ?? [],
    ).finally(() => {
      loading = null;
    });
    void loading.then((list) => alive && setItems(list));
    return () => {
      alive = false;
    };
  }, []);
  return items;
}

/** Forget the list on sign-out, so the next person never sees the last one's colleagues. */
export function clearColleagues(): void {
  cache = null;
}
onSignOut(clearColleagues);

/** The colleagues a note @mentions by name or nickname; the longest name wins where names overlap. */
export function mentionedIn(body: string, colleagues: Colleague[]): string[] {
  const ids = new Set<string>();
  const byLength = [...colleagues].sort((a, b) => b.name.length - a.name.length);
  for (const c of byLength) {
    for (const label of [c.name, c.nickname].filter(Boolean) as string[]) {
      if (body.includes(`@${label}`)) ids.add(c.id);
    }
  }
  return [...ids];
}
