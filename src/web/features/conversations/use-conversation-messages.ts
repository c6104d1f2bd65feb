import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentRef, Message } from '../../app/api-types';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { conversationsApi, MESSAGE_PAGE_SIZE, mergeMessages, newClientId, type MessageCreatedEvent } from './conversations-api';

/** A reply on its way: shown greyed until the server has stored it, then the stored copy replaces it. */
export type PendingMessage = { clientId: string; body: string; private: boolean; mentions?: string[]; attachments?: AttachmentRef[]; createdAt: string; error: unknown };

const RESUME_MAX_PAGES = 10;

/**
 * The messages of one open conversation: the newest page first, older pages on demand, new ones
 * from the realtime events, each id once. The component using it is keyed by the conversation id,
 * so a new conversation starts from empty state.
 */
export function useConversationMessages(conversationId: string) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const messagesRef = useRef(messages);
  useEffect(() => {
    messagesRef.current = messages;
  }, [messages]);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const merge = useCallback((incoming: Message[]) => {
    if (incoming.length === 0) return;
    setMessages((current) => mergeMessages(current, incoming));
    const stored = new Set(incoming.map((m) => m.clientId).filter(Boolean));
    setPending((current) => (current.some((p) => stored.has(p.clientId)) ? current.filter((p) => !stored.has(p.clientId)) : current));
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    conversationsApi.messages(conversationId, {}, controller.signal).then(
      (items) => {
        merge(items);
        setHasOlder(items.length >= MESSAGE_PAGE_SIZE);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [conversationId, attempt, merge]);

  // The server sends each member the customer's contacts as their role may see them, masked or whole.
  useRealtime<MessageCreatedEvent>('message.created', (data) => {
    if (data.conversationId === conversationId) merge([data.message]);
  });
  // A stored message changed (an email reply's delivery state): the new copy replaces the old one.
  useRealtime<MessageCreatedEvent>('message.updated', (data) => {
    if (data.conversationId === conversationId) merge([data.message]);
  });

  // Back from a dropped socket: fetch what was said meanwhile, page by page.
  useRealtimeResync(() => {
    void (async () => {
      let after = messagesRef.current.at(-1)?.id;
      if (!after) {
        setAttempt((n) => n + 1);
        return;
      }
      for (let page = 0; page < RESUME_MAX_PAGES && alive.current; page++) {
        const items: Message[] = await conversationsApi.messages(conversationId, { after, limit: 200 }).catch(() => []);
        merge(items);
        if (items.length < 200) break;
        after = items[items.length - 1].id;
      }
    })();
  });

  const loadOlder = useCallback(async () => {
    const oldest = messagesRef.current[0]?.id;
    if (!oldest || loadingOlder || !hasOlder) return;
    setLoadingOlder(true);
    try {
      const items = await conversationsApi.messages(conversationId, { before: oldest });
      if (!alive.current) return;
      merge(items);
      setHasOlder(items.length >= MESSAGE_PAGE_SIZE);
    } catch {
      // The next scroll to the top tries again.
    } finally {
      if (alive.current) setLoadingOlder(false);
    }
  }, [conversationId, hasOlder, loadingOlder, merge]);

  const deliver = useCallback(
    async (draft: PendingMessage) => {
      try {
        const stored = await conversationsApi.reply(conversationId, { clientId: draft.clientId, body: draft.body, private: draft.private, ...(draft.mentions?.length ? { mentions: draft.mentions } : {}), ...(draft.attachments?.length ? { attachmentIds: draft.attachments.map((a) => a.id) } : {}) });
        if (alive.current) merge([stored]);
      } catch (err) {
        if (alive.current) setPending((current) => current.map((p) => (p.clientId === draft.clientId ? { ...p, error: err ?? 'failed' } : p)));
      }
    },
    [conversationId, merge],
  );

  const send = useCallback(
    (body: string, isPrivate: boolean, mentions?: string[], attachments?: AttachmentRef[]) => {
      const draft: PendingMessage = { clientId: newClientId(), body, private: isPrivate, mentions: isPrivate ? mentions : undefined, attachments, createdAt: new Date().toISOString(), error: undefined };
      setPending((current) => [...current, draft]);
      void deliver(draft);
    },
    [deliver],
  );

  /** The same client id again: if the first attempt was stored after all, the server answers with it. */
  const retry = useCallback(
    (clientId: string) => {
      const draft = pending.find((p) => p.clientId === clientId);
      if (!draft) return;
      setPending((current) => current.map((p) => (p.clientId === clientId ? { ...p, error: undefined } : p)));
      void deliver({ ...draft, error: undefined });
    },
    [pending, deliver],
  );

  const discard = useCallback((clientId: string) => setPending((current) => current.filter((p) => p.clientId !== clientId)), []);

  return { messages, pending, loading, error, reload: () => setAttempt((n) => n + 1), hasOlder, loadingOlder, loadOlder, send, retry, discard };
}
