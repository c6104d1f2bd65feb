import { useEffect, useRef } from 'react';

const MAX_PAGES_BACK = 20;
const FLASH_MS = 4000;

type Timeline = { messages: { id: string }[]; loading: boolean; hasOlder: boolean; loadingOlder: boolean; loadOlder: () => Promise<void> | void };

/**
 * Brings a message (a search result) into view in the open conversation: pages back through the
 * history until it is loaded, then scrolls to it and marks it for a moment.
 */
export function useFocusMessage(messageId: string | undefined, timeline: Timeline) {
  const done = useRef<string | undefined>(undefined);
  const pages = useRef(0);
  const { messages, loading, hasOlder, loadingOlder, loadOlder } = timeline;
  const loaded = messageId ? messages.some((m) => m.id === messageId) : false;

  useEffect(() => {
    if (!messageId || done.current === messageId || loading || loadingOlder) return;
    if (!loaded) {
      if (hasOlder && pages.current < MAX_PAGES_BACK) {
        pages.current++;
        void loadOlder();
      }
      return;
    }
    // After the timeline has laid out and kept its own scroll position.
    const frame = requestAnimationFrame(() => {
      done.current = messageId;
      const el = document.querySelector(`[data-testid="message-${CSS.escape(messageId)}"]`);
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      el.classList.add('is-focused');
      setTimeout(() => el.classList.remove('is-focused'), FLASH_MS);
    });
    return () => cancelAnimationFrame(frame);
  }, [messageId, loaded, loading, loadingOlder, hasOlder, loadOlder]);
}
