// The soak's clients: a shopper's widget socket that hears its acks, errors and the agents'
// replies (JSON-parsed: at a few dozen frames a second the load generator can afford it), and
// a pacer that starts work at a fixed rate whatever the answers' speed (open loop), so the server
// sees the same load in the tenth minute as in the first.
import WebSocket from 'ws';

export type ShopperSocket = {
  ws: WebSocket;
  /** Resolves with the ack's message (its conversation id), rejects with the error code or a timeout. */
  send(clientId: string, body: string, timeoutMs?: number): Promise<{ conversationId: string; at: number }>;
  close(): void;
};

type Pending = { resolve: (v: { conversationId: string; at: number }) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

/** Opens the widget socket; `onAgentMessage` hears each agent message pushed to the shopper, with its client id. */
export function openShopperSocket(baseUrl: string, token: string, onAgentMessage: (clientId: string, at: number) => void): Promise<ShopperSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/widget/v1/socket?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
  const pending = new Map<string, Pending>();
  const settle = (clientId: string, fn: (p: Pending) => void) => {
    const p = pending.get(clientId);
    if (!p) return;
    pending.delete(clientId);
    clearTimeout(p.timer);
    fn(p);
  };
  const socket: ShopperSocket = {
    ws,
    send(clientId, body, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => settle(clientId, (p) => p.reject(new Error('timeout'))), timeoutMs);
        pending.set(clientId, { resolve, reject, timer });
        ws.send(JSON.stringify({ type: 'message.send', clientId, body }), (err) => err && settle(clientId, (p) => p.reject(new Error('socket_send'))));
      });
    },
    close() {
      for (const id of [...pending.keys()]) settle(id, (p) => p.reject(new Error('closed')));
      ws.close();
    },
  };
  return new Promise((resolve, reject) => {
    let ready = false;
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as { type: string; clientId?: string; code?: string; message?: { conversationId: string; clientId: string | null; senderType: string } };
      if (frame.type === 'ack' && frame.clientId) settle(frame.clientId, (p) => p.resolve({ conversationId: frame.message!.conversationId, at }));
      else if (frame.type === 'error' && frame.clientId) settle(frame.clientId, (p) => p.reject(new Error(frame.code ?? 'error')));
      else if (frame.type === 'message' && frame.message?.senderType === 'agent' && frame.message.clientId) onAgentMessage(frame.message.clientId, at);
      else if (frame.type === 'ready' && !ready) {
        ready = true;
        resolve(socket);
      }
    });
    ws.on('error', (err) => (ready ? undefined : reject(err)));
    ws.on('close', (code) => {
      for (const id of [...pending.keys()]) settle(id, (p) => p.reject(new Error(`closed_${code}`)));
      if (!ready) reject(new Error(`widget socket closed with ${code}`));
    });
  });
}

/**
 * Calls `start(n)` for n = 0, 1, 2 … at `ratePerS`, on time whatever the earlier calls are doing;
 * a call due while `maxInFlight` are still running is skipped and reported to `onSkip` (the load
 * generator fell behind: counted as an error, never made up later).
 */
export function pace(ratePerS: number, maxInFlight: number, start: (n: number) => Promise<void>, onSkip: () => void, tickMs = 10) {
  const started = performance.now();
  let issued = 0;
  const inflight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * ratePerS);
    while (issued < due) {
      const n = issued++;
      if (inflight.size >= maxInFlight) {
        onSkip();
        continue;
      }
      const p = start(n).finally(() => inflight.delete(p));
      inflight.add(p);
    }
  }, tickMs);
  return {
    inFlight: () => inflight.size,
    /** Stops starting; waits for what runs, at most `graceMs`. */
    async stop(graceMs = 30_000): Promise<void> {
      clearInterval(timer);
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => (grace = setTimeout(r, graceMs)))]);
      clearTimeout(grace);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
