import { ApiError, type WidgetApi } from './api.ts';
import { backoffDelay } from './backoff.ts';
import type { Pending } from './message-store.ts';
import type { Message, QueuePlace, WidgetClientFrame, WidgetServerFrame } from './types.ts';

/** live: the socket is up; polling: HTTP stands in for a socket that cannot be opened; down: neither works right now. */
export type LinkState = 'connecting' | 'live' | 'polling' | 'down';

export type TransportHooks = {
  message(message: Message): void;
  ack(clientId: string, message: Message): void;
  rejected(clientId: string, text: string): void;
  typing(on: boolean, name: string): void;
  /** The agents have read the shopper's messages up to this id. */
  agentRead(upTo: string): void;
  /** The shopper's place in the queue (排队中), or null once no longer waiting. */
  queue(place: QueuePlace | null): void;
  ready(conversationId: string | null): void;
  state(state: LinkState): void;
  /** The server no longer accepts the visitor token: the session must be renewed. */
  authLost(): void;
  lastId(): string;
  toResend(): Pending[];
};

const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;
const POLL_EVERY_MS = 3_000;
/** Socket attempts that never reach `ready` before HTTP polling takes over (until a socket works again). */
const FALLBACK_AFTER = 2;
const PAGE = 200;

/**
 * The visitor's link to the server: a WebSocket that reconnects with backoff and resumes after the
 * last id seen, or HTTP when sockets cannot be opened. Every unacknowledged message is resent with
 * its own client id whenever a link comes up, so the server can drop the copies.
 */
export class Transport {
  private ws: WebSocket | null = null;
  private live = false;
  private stopped = true;
  private attempt = 0;
  private failedOpens = 0;
  private polling = false;
  private pollBusy = false;
  private httpInFlight = new Set<string>();
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private pingSeq = 0;

  constructor(private api: WidgetApi, private hooks: TransportHooks) {}

  get isLive(): boolean {
    return this.live;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    clearTimeout(this.reconnectTimer);
    this.stopPolling();
    this.drop();
  }

  /** Hands a message to whichever link is up; with none, it waits for the next one. */
  send(p: Pending): void {
    if (this.live) this.frame({ type: 'message.send', clientId: p.clientId, body: p.body, ...(p.attachmentIds?.length ? { attachmentIds: p.attachmentIds } : {}) });
    else if (this.polling) void this.post(p);
    else this.now();
  }

  typing(on: boolean): void {
    if (this.live) this.frame({ type: 'typing', on });
  }

  /** Tells the server the shopper has seen everything up to this id (the agents see 已读). */
  read(upTo: string): void {
    if (this.live) this.frame({ type: 'read', upTo });
    else if (this.polling) void this.api.read(upTo).then((r) => this.hooks.agentRead(r.agentReadUpTo), () => undefined);
  }

  /** Try again at once (the shopper pressed retry, or the network came back). */
  now(): void {
    if (this.stopped) return;
    this.attempt = 0;
    if (this.polling) void this.poll();
    if (!this.ws) this.connect();
  }

  /** Reconnect with the current token (after the session was renewed). */
  restart(): void {
    if (this.stopped) return;
    this.drop();
    this.connect();
  }

  private connect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    if (this.stopped || this.ws) return;
    if (!this.polling) this.hooks.state('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.api.socketUrl(this.hooks.lastId()));
    } catch {
      this.down(false);
      return;
    }
    this.ws = ws;
    let ready = false;
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      clearTimeout(this.pongTimer);
      let frame: WidgetServerFrame;
      try {
        frame = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        ready = true;
        this.onReady(frame.conversationId);
        if (frame.agentReadUpTo) this.hooks.agentRead(frame.agentReadUpTo);
        this.hooks.queue(frame.queue ?? null);
      } else {
        this.handle(frame);
      }
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (e.code === 4401 || e.code === 4403) this.hooks.authLost();
      this.down(ready);
    };
  }

  private onReady(conversationId: string | null): void {
    this.live = true;
    this.attempt = 0;
    this.failedOpens = 0;
    this.stopPolling();
    this.hooks.state('live');
    this.hooks.ready(conversationId);
    for (const p of this.hooks.toResend()) this.send(p);
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
  }

  private handle(frame: WidgetServerFrame): void {
    switch (frame.type) {
      case 'message':
        this.hooks.message(frame.message);
        break;
      case 'ack':
        this.hooks.ack(frame.clientId, frame.message);
        break;
      case 'typing':
        this.hooks.typing(frame.on, frame.name ?? '');
        break;
      case 'read':
        this.hooks.agentRead(frame.agentReadUpTo);
        break;
      case 'queue':
        this.hooks.queue(frame.position === null ? null : { position: frame.position, etaSeconds: frame.etaSeconds });
        break;
      case 'error':
        if (frame.clientId) this.hooks.rejected(frame.clientId, frame.message);
        break;
      case 'pong':
        break;
    }
  }

  /** A socket that stops answering pings is dead even if the browser has not noticed. */
  private ping(): void {
    if (!this.live) return;
    this.frame({ type: 'ping', id: String(++this.pingSeq) });
    clearTimeout(this.pongTimer);
    this.pongTimer = setTimeout(() => {
      this.drop();
      this.down(true);
    }, PONG_WITHIN_MS);
  }

  private frame(frame: WidgetClientFrame): void {
    try {
      this.ws?.send(JSON.stringify(frame));
    } catch {
      // the close handler takes over
    }
  }

  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    this.live = false;
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    if (!ws) return;
    ws.onmessage = ws.onclose = null;
    try {
      ws.close();
    } catch {
      // already closed
    }
  }

  private down(wasReady: boolean): void {
    this.live = false;
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    if (this.stopped) return;
    this.failedOpens = wasReady ? 0 : this.failedOpens + 1;
    if (wasReady) this.attempt = 0;
    if (this.failedOpens >= FALLBACK_AFTER) this.startPolling();
    if (!this.polling) this.hooks.state('down');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), backoffDelay(this.attempt++));
  }

  private startPolling(): void {
    if (this.polling) return;
    this.polling = true;
    this.hooks.state('polling');
    void this.poll();
    this.pollTimer = setInterval(() => void this.poll(), POLL_EVERY_MS);
  }

  private stopPolling(): void {
    this.polling = false;
    clearInterval(this.pollTimer);
  }

  private async poll(): Promise<void> {
    if (this.pollBusy || !this.polling) return;
    this.pollBusy = true;
    try {
      for (const p of this.hooks.toResend()) void this.post(p);
      for (;;) {
        const page = await this.api.list(this.hooks.lastId());
        for (const m of page.items) this.hooks.message(m);
        if (page.items.length < PAGE || !this.polling) break;
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.hooks.authLost();
    } finally {
      this.pollBusy = false;
    }
  }

  private async post(p: Pending): Promise<void> {
    if (this.httpInFlight.has(p.clientId)) return;
    this.httpInFlight.add(p.clientId);
    try {
      const res = await this.api.send(p.clientId, p.body, p.attachmentIds);
      this.hooks.ack(p.clientId, res.message);
    } catch (err) {
      // A network error leaves the message unacknowledged: the next poll sends it again.
      if (err instanceof ApiError) {
        if (err.status === 401) this.hooks.authLost();
        else this.hooks.rejected(p.clientId, err.message);
      }
    } finally {
      this.httpInFlight.delete(p.clientId);
    }
  }

  private onOnline = (): void => {
    if (!this.live) this.now();
  };

  private onOffline = (): void => {
    if (!this.ws) return;
    const wasLive = this.live;
    this.drop();
    this.down(wasLive);
  };
}
