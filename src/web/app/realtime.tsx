import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useAuth } from './auth-provider';

/** The server's frames on /ws: `ready` after the session is checked, then `event` frames. */
type ServerFrame =
  | { type: 'ready'; channels: string[]; node?: string }
  | { type: 'event'; channel: string; event: string; data: unknown }
  | { type: 'pong'; id: string | null }
  | { type: 'error'; code: string };

export type RealtimeStatus = 'connecting' | 'open' | 'closed';
type EventHandler = (data: unknown, channel: string) => void;

const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
// The server pings every 30 s at the protocol level, which a browser cannot see; our own ping finds
// a connection that died silently (a laptop waking from sleep, a proxy that dropped it).
const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
/** From opening the socket to the server's `ready`: past this, try again rather than wait on. */
const READY_TIMEOUT_MS = 15_000;
/** The gateway closes with this code when the session cookie is not (or no longer) valid. */
const CLOSE_UNAUTHENTICATED = 4401;

/**
 * One WebSocket per signed-in tab. It reconnects with a growing, jittered delay; the delay starts
 * over once the server says `ready`. A listener that was there while the socket was not open may
 * have missed events, so its `onResync` handler runs at the next `ready` to refetch what it shows.
 */
export class RealtimeClient {
  private socket: WebSocket | null = null;
  private handlers = new Map<string, Set<EventHandler>>();
  /** Each resync listener, and whether it may have missed events (it was listening while down). */
  private resyncHandlers = new Map<() => void, boolean>();
  private statusHandlers = new Set<(status: RealtimeStatus) => void>();
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  status: RealtimeStatus = 'connecting';

  constructor(private readonly url: string) {}

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.reconnectNow);
    document.addEventListener('visibilitychange', this.onVisible);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'signed out');
    }
    this.setStatus('closed');
  }

  /** Sends a frame if the socket is up; ephemeral frames (typing) are simply dropped while it is down. */
  send(frame: unknown): void {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  on(event: string, handler: EventHandler): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(event);
    };
  }

  onResync(handler: () => void): () => void {
    this.resyncHandlers.set(handler, this.status !== 'open');
    return () => this.resyncHandlers.delete(handler);
  }

  onStatus(handler: (status: RealtimeStatus) => void): () => void {
    this.statusHandlers.add(handler);
    return () => this.statusHandlers.delete(handler);
  }

  private open(): void {
    if (this.stopped) return;
    this.setStatus('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.pongTimer = setTimeout(() => this.drop(), READY_TIMEOUT_MS);
    socket.onmessage = (e) => this.onFrame(e.data);
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      // A lost session is not fixed by hammering the gateway; the next API call signs the user out.
      this.drop(e.code === CLOSE_UNAUTHENTICATED ? BACKOFF_MAX_MS : undefined);
    };
  }

  /** Gives up on the current socket at once (a dead one may take a minute to report its close). */
  private drop(minDelay?: number): void {
    const socket = this.socket;
    this.socket = null;
    this.stopHeartbeat();
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(4000, 'no answer to ping');
    }
    this.setStatus('closed');
    this.scheduleRetry(minDelay);
  }

  private onFrame(raw: unknown): void {
    this.armPongTimeout();
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(raw)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'ready') {
      this.attempt = 0;
      this.setStatus('open');
      this.startHeartbeat();
      for (const [handler, stale] of this.resyncHandlers) {
        if (!stale) continue;
        this.resyncHandlers.set(handler, false);
        safely(handler);
      }
      return;
    }
    if (frame.type === 'event') {
      this.handlers.get(frame.event)?.forEach((h) => safely(() => h(frame.data, frame.channel)));
    }
  }

  private scheduleRetry(minDelay?: number): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    const delay = Math.max(minDelay ?? 0, base / 2 + Math.random() * (base / 2));
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private reconnectNow = (): void => {
    if (this.stopped || this.socket) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.open();
  };

  private onVisible = (): void => {
    if (document.visibilityState === 'visible') this.reconnectNow();
  };

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.pingTimer = setInterval(() => {
      if (this.socket?.readyState !== WebSocket.OPEN) return;
      this.socket.send(JSON.stringify({ type: 'ping' }));
      this.armPongTimeout(true);
    }, PING_EVERY_MS);
  }

  /** Any frame proves the connection alive; after our ping, silence for too long means it is dead. */
  private armPongTimeout(afterPing = false): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    if (!afterPing) return;
    this.pongTimer = setTimeout(() => this.drop(), PONG_TIMEOUT_MS);
  }

  private stopHeartbeat(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }

  private setStatus(status: RealtimeStatus): void {
    if (this.status === status) return;
    this.status = status;
    if (status !== 'open') for (const handler of this.resyncHandlers.keys()) this.resyncHandlers.set(handler, true);
    this.statusHandlers.forEach((h) => safely(() => h(status)));
  }
}

/** One listener's bug must not keep the event from the others. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error(err);
  }
}

function gatewayUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/ws`;
}

const RealtimeContext = createContext<RealtimeClient | null>(null);

/** Connects once the user is signed in (per user and account), and disconnects on sign-out. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { status, session } = useAuth();
  const identity = status === 'authenticated' && session ? `${session.account.id}:${session.user.id}` : null;
  const [client, setClient] = useState<RealtimeClient | null>(null);

  useEffect(() => {
    if (!identity) return;
    const next = new RealtimeClient(gatewayUrl());
    next.start();
    setClient(next);
    return () => {
      next.stop();
      setClient(null);
    };
  }, [identity]);

  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

/**
 * Calls `handler` with the `data` of each `event` frame the server pushes. The latest handler is
 * used, so an inline function does not resubscribe on every render.
 */
export function useRealtime<T = unknown>(event: string, handler: (data: T) => void): void {
  const client = useContext(RealtimeContext);
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!client) return;
    return client.on(event, (data) => ref.current(data as T));
  }, [client, event]);
}

/** Called when the socket is (back) up after a time down: whatever was pushed meanwhile is lost, so refetch. */
export function useRealtimeResync(handler: () => void): void {
  const client = useContext(RealtimeContext);
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!client) return;
    return client.onResync(() => ref.current());
  }, [client]);
}

export function useRealtimeSend(): (frame: unknown) => void {
  const client = useContext(RealtimeContext);
  return useCallback((frame: unknown) => client?.send(frame), [client]);
}

export function useRealtimeStatus(): RealtimeStatus {
  const client = useContext(RealtimeContext);
  const [status, setStatus] = useState<RealtimeStatus>(client?.status ?? 'connecting');
  useEffect(() => {
    if (!client) return;
    setStatus(client.status);
    return client.onStatus(setStatus);
  }, [client]);
  return status;
}
