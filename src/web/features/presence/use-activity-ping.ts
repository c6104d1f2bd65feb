import { useEffect } from 'react';
import { presenceApi } from './presence-api';

/** At most one ping a minute: enough for auto-away (minutes) and cheap for the server. */
const PING_EVERY_MS = 60_000;
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

/**
 * Tells the server the agent is at the desk: once on load, then on keyboard or mouse activity at
 * most once a minute. The server keeps the inactivity clock (auto-away) and brings an agent it set
 * away automatically back online; a status the agent chose stays as it is.
 */
export function useActivityPing(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let last = -Infinity;
    const ping = () => {
      const now = Date.now();
      if (now - last < PING_EVERY_MS) return;
      last = now;
      // A lost ping is made up by the next activity a minute on.
      presenceApi.activity().catch(() => undefined);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') ping();
    };
    ping();
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, ping, { capture: true, passive: true });
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, ping, { capture: true });
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [enabled]);
}
