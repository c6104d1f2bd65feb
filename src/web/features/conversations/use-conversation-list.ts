import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationCounts, ConversationList, ConversationSummary, ConversationView } from '../../app/api-types';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { useRequest } from '../../app/use-request';
import { conversationsApi, type ConversationEvent, type ListFilters, type MessageCreatedEvent } from './conversations-api';

const VIEWS: readonly ConversationView[] = ['mine', 'unassigned', 'team', 'all'];
const COUNTS_REFRESH_MS = 3_000;

/** Who I am for the views: my id, and the teams of 我的团队 (mine and their subteams, as the server last said). */
export type Viewer = { id: string; teamIds: ReadonlySet<string> };

export function inView(c: ConversationSummary, view: ConversationView, me: Viewer): boolean {
  if (view === 'mine') return c.assignee?.id === me.id;
  if (view === 'unassigned') return c.assignee === null;
  if (view === 'team') return c.teamId !== null && me.teamIds.has(c.teamId);
  return true;
}

const labelKey = (c: ConversationSummary) => c.labels.map((l) => l.id).join(',');

function matches(c: ConversationSummary, filters: ListFilters, me: Viewer): boolean {
  if (filters.status && c.status !== filters.status) return false;
  if (filters.channel && c.channel !== filters.channel) return false;
  if (filters.label && !c.labels.some((l) => l.id === filters.label)) return false;
  if (filters.tier && c.customer.tier !== filters.tier) return false;
  return inView(c, filters.view, me);
}

/** The server's order: latest message first, conversations without a message last, then id descending. */
function byActivity(a: ConversationSummary, b: ConversationSummary): number {
  const at = a.lastMessageAt ? Date.parse(a.lastMessageAt) : -Infinity;
  const bt = b.lastMessageAt ? Date.parse(b.lastMessageAt) : -Infinity;
  if (at !== bt) return bt > at ? 1 : -1;
  return b.id > a.id ? 1 : b.id < a.id ? -1 : 0;
}

/**
 * Puts a changed conversation where it belongs in a loaded list: out if it no longer matches the
 * filters, in at its place by activity otherwise. One that sorts after the last loaded row while more
 * pages exist is left to those pages.
 */
function place(list: ConversationList, c: ConversationSummary, filters: ListFilters, me: Viewer): ConversationList {
  const rest = list.items.filter((item) => item.id !== c.id);
  if (!matches(c, filters, me)) return rest.length === list.items.length ? list : { ...list, items: rest };
  const index = rest.findIndex((item) => byActivity(c, item) < 0);
  if (index === -1 && list.nextCursor && rest.length > 0) return { ...list, items: rest };
  const items = index === -1 ? [...rest, c] : [...rest.slice(0, index), c, ...rest.slice(index)];
  return { ...list, items };
}

function openIn(c: ConversationSummary | undefined, view: ConversationView, me: Viewer): number {
  return c && c.status === 'open' && inView(c, view, me) ? 1 : 0;
}

/**
 * The conversation list of the left column: the first page for the filters, more pages on demand,
 * and live changes from the realtime events. It also remembers every conversation it has seen, so
 * the view counts move by the difference an event makes (or are fetched again when it cannot tell).
 */
export function useConversationList(filters: ListFilters, meId: string, openId: string | undefined) {
  const filterKey = JSON.stringify(filters);
  const filtersRef = useRef(filters);
  const filterKeyRef = useRef(filterKey);
  const openIdRef = useRef(openId);
  useEffect(() => {
    filtersRef.current = filters;
    filterKeyRef.current = filterKey;
    openIdRef.current = openId;
    viewer.current = { ...viewer.current, id: meId };
  });
  const known = useRef(new Map<string, ConversationSummary>());
  const viewer = useRef<Viewer>({ id: meId, teamIds: new Set() });
  const learnTeams = useCallback((page: ConversationList) => {
    viewer.current = { ...viewer.current, teamIds: new Set(page.teamIds ?? []) };
  }, []);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<unknown>(undefined);

  const list = useRequest(
    (signal) =>
      conversationsApi.list(filters, null, signal).then((page) => {
        learnTeams(page);
        page.items.forEach((c) => known.current.set(c.id, c));
        return page;
      }),
    [filterKey],
  );
  const { setData } = list;

  const setCounts = useCallback((update: (counts: ConversationCounts) => ConversationCounts) => setData((current) => current && { ...current, counts: update(current.counts) }), [setData]);

  // Counts the events cannot settle are fetched again, at most every few seconds.
  const countsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refreshCounts = useCallback(() => {
    if (countsTimer.current) return;
    countsTimer.current = setTimeout(() => {
      countsTimer.current = undefined;
      const requestedFor = filterKeyRef.current;
      conversationsApi.list(filtersRef.current, null, undefined, 1).then(
        (page) => {
          learnTeams(page);
          if (filterKeyRef.current === requestedFor) setData((current) => current && { ...current, counts: page.counts, statusCounts: page.statusCounts, teamIds: page.teamIds });
        },
        () => undefined,
      );
    }, COUNTS_REFRESH_MS);
  }, [setCounts]);
  useEffect(() => () => clearTimeout(countsTimer.current), []);

  /** Takes a newer copy of a conversation (from an event, an action's answer or a fetch). */
  const apply = useCallback(
    (c: ConversationSummary, isNew = false) => {
      const before = known.current.get(c.id);
      known.current.set(c.id, c);
      const me = viewer.current;
      setData((current) => current && place(current, c, filtersRef.current, me));
      if (!before && !isNew) {
        refreshCounts();
        return;
      }
      const deltas = VIEWS.map((v) => openIn(c, v, me) - openIn(before, v, me));
      if (deltas.some((d) => d !== 0)) setCounts((counts) => ({ mine: counts.mine + deltas[0], unassigned: counts.unassigned + deltas[1], team: counts.team + deltas[2], all: counts.all + deltas[3] }));
      // The per-status counts depend on the label and tier filters too: fetched again when they may have moved.
      if (!before || before.status !== c.status || labelKey(before) !== labelKey(c)) refreshCounts();
    },
    [meId, setData, setCounts, refreshCounts],
  );

  const patch = useCallback(
    (id: string, update: (c: ConversationSummary) => ConversationSummary) => {
      const current = known.current.get(id);
      if (current) apply(update(current));
    },
    [apply],
  );

  useRealtime<ConversationEvent>('conversation.created', ({ conversation }) => apply(conversation, true));
  useRealtime<ConversationEvent>('conversation.updated', ({ conversation }) => apply(conversation));
  // A message changes its conversation's row as the server does (latest message, preview, unread
  // count, a resolved conversation reopened by the customer) without a `conversation.updated`. One
  // that an update already carries (its time is not newer) is not counted twice.
  useRealtime<MessageCreatedEvent>('message.created', ({ conversationId, message, preview }) => {
    const c = known.current.get(conversationId);
    if (!c || message.kind === 'note') return;
    if (c.lastMessageAt && Date.parse(c.lastMessageAt) >= Date.parse(message.createdAt)) return;
    const fromCustomer = message.senderType === 'customer';
    const unseen = fromCustomer && !(openIdRef.current === conversationId && document.visibilityState === 'visible');
    apply({
      ...c,
      // The customer writing reopens a resolved conversation and wakes a pending or snoozed one.
      status: fromCustomer ? 'open' : c.status,
      snoozedUntil: fromCustomer ? null : c.snoozedUntil,
      lastMessageAt: message.createdAt,
      lastMessagePreview: preview ?? message.body.slice(0, 200),
      unreadCount: c.unreadCount + (unseen ? 1 : 0),
    });
  });
  useRealtimeResync(list.reload);

  const loadMore = useCallback(async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor || loadingMore) return;
    const requestedFor = filterKeyRef.current;
    setLoadingMore(true);
    setLoadMoreError(undefined);
    try {
      const page = await conversationsApi.list(filtersRef.current, cursor);
      if (filterKeyRef.current !== requestedFor) return;
      learnTeams(page);
      page.items.forEach((c) => known.current.set(c.id, c));
      setData((current) => {
        if (!current) return page;
        const seen = new Set(current.items.map((c) => c.id));
        return { items: [...current.items, ...page.items.filter((c) => !seen.has(c.id))], nextCursor: page.nextCursor, counts: page.counts, statusCounts: page.statusCounts, teamIds: page.teamIds };
      });
    } catch (err) {
      setLoadMoreError(err);
    } finally {
      setLoadingMore(false);
    }
  }, [list.data?.nextCursor, loadingMore, setData]);

  const lookup = useCallback((id: string) => known.current.get(id), []);
  /** A conversation fetched elsewhere (the open one): later events about it then move the counts exactly. */
  const remember = useCallback((c: ConversationSummary) => {
    if (!known.current.has(c.id)) known.current.set(c.id, c);
  }, []);

  return {
    items: list.data?.items ?? [],
    counts: list.data?.counts,
    statusCounts: list.data?.statusCounts,
    /** The teams 我的团队 covers; empty when I belong to none. */
    teamIds: list.data?.teamIds,
    hasMore: Boolean(list.data?.nextCursor),
    loaded: list.data !== undefined,
    loading: list.loading,
    error: list.error,
    reload: list.reload,
    loadMore,
    loadingMore,
    loadMoreError,
    apply,
    patch,
    lookup,
    remember,
  };
}

export type ConversationListState = ReturnType<typeof useConversationList>;
