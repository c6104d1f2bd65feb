import { useEffect, useState } from 'react';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { wallboardApi, type Wallboard } from './wallboard-api';

/** A busy floor sends many frames a second; the board need not follow faster than this. */
const THROTTLE_MS = 2_000;
/** Waits grow with nothing happening: refetch now and then so they keep counting. */
const POLL_MS = 15_000;

export type WallboardState = { data: Wallboard | undefined; error: unknown; updatedAt: Date | null; refresh: () => void };

type Fetched = { board: Wallboard; at: Date } | { error: unknown };

/**
 * Fetches at most once every THROTTLE_MS: a call inside the window (or while a fetch runs) is kept
 * as one more fetch at the end of it, so the last change is never missed.
 */
function throttledFetcher(onResult: (r: Fetched) => void) {
  let last = 0;
  let inFlight: AbortController | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const fetchNow = async () => {
    const controller = new AbortController();
    inFlight = controller;
    last = Date.now();
    try {
      onResult({ board: await wallboardApi.get(controller.signal), at: new Date() });
    } catch (error) {
      if (!controller.signal.aborted) onResult({ error });
    } finally {
      if (inFlight === controller) {
        inFlight = null;
        if (again) {
          again = false;
          request();
        }
      }
    }
  };

  const request = () => {
    if (inFlight) {
      again = true;
      return;
    }
    if (timer !== undefined) return;
    const wait = last + THROTTLE_MS - Date.now();
    if (wait <= 0) {
      void fetchNow();
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      void fetchNow();
    }, wait);
  };

  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    inFlight?.abort();
    inFlight = null;
    again = false;
    last = 0;
  };

  return { request, stop };
}

/**
 * The wallboard, kept live: any realtime frame that may change a figure refetches it (throttled),
 * and so does a timer while the tab is visible. The figures stay on screen while a refetch runs.
 */
export function useWallboard(): WallboardState {
  const [state, setState] = useState<{ data?: Wallboard; error?: unknown; updatedAt: Date | null }>({ updatedAt: null });
  const [fetcher] = useState(() =>
    throttledFetcher((r) => setState((s) => ('board' in r ? { data: r.board, error: undefined, updatedAt: r.at } : { ...s, error: r.error }))),
  );
  const refresh = fetcher.request;

  useEffect(() => {
    refresh();
    const poll = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(poll);
      document.removeEventListener('visibilitychange', onVisible);
      fetcher.stop();
    };
  }, [fetcher, refresh]);

  useRealtime('routing.changed', refresh);
  useRealtime('agent.updated', refresh);
  useRealtime('conversation.created', refresh);
  useRealtime('conversation.updated', refresh);
  useRealtime('message.created', refresh);
  useRealtimeResync(refresh);

  return { data: state.data, error: state.error, updatedAt: state.updatedAt, refresh };
}
