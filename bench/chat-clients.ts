// The load generator's side of the chat benchmark: shoppers' widget sockets (the `ws` client, as a
// browser would speak it) and agents' workspace sockets. An agent socket here is a lean client of
// /ws: it makes the real handshake with a session cookie, answers pings, and reads every frame the
// server sends, but instead of JSON-parsing each one it only looks for the client ids in it, so 50
// of them can take the whole fan-out in this one process without becoming the bottleneck.
import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import WebSocket from 'ws';

const CLIENT_ID_MARK = Buffer.from('"clientId":"');

/** What an agent socket saw: every frame counted, every message's client id reported with its arrival time. */
export type AgentSocket = { frames: number; bytes: number; close(): void };

export function openAgentSocket(baseUrl: string, cookie: string, onClientId: (clientId: string, at: number) => void, wantIds: () => boolean = () => true): Promise<AgentSocket> {
  const url = new URL(baseUrl);
  const key = crypto.randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: '/ws',
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': key, 'sec-websocket-version': '13', cookie },
    });
    req.on('error', reject);
    req.on('response', (res) => reject(new Error(`agent socket refused: HTTP ${res.statusCode}`)));
    req.on('upgrade', (_res, socket: net.Socket, head: Buffer) => {
      socket.setNoDelay(true);
      const state: AgentSocket = { frames: 0, bytes: 0, close: () => socket.destroy() };
      let rest: Buffer | null = head.length ? head : null;
      let ready = false;
      const onData = (chunk: Buffer) => {
        const at = performance.now();
        const scan = wantIds();
        state.bytes += chunk.length;
        const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
        rest = null;
        let i = 0;
        while (i + 2 <= buf.length) {
          const op = buf[i] & 0x0f;
          let len = buf[i + 1] & 0x7f;
          let off = 2;
          if (len === 126) {
            if (i + 4 > buf.length) break;
            len = buf.readUInt16BE(i + 2);
            off = 4;
          } else if (len === 127) {
            if (i + 10 > buf.length) break;
            len = buf.readUInt32BE(i + 6);
            off = 10;
          }
          if (i + off + len > buf.length) break;
          const start = i + off;
          const end = start + len;
          state.frames++;
          if (op === 0x1) {
            if (!ready) {
              ready = true;
              resolve(state);
            }
            const mark = scan ? buf.indexOf(CLIENT_ID_MARK, start) : -1;
            if (mark !== -1 && mark < end) {
              const idStart = mark + CLIENT_ID_MARK.length;
              const idEnd = buf.indexOf(0x22, idStart);
              if (idEnd !== -1 && idEnd < end) onClientId(buf.toString('latin1', idStart, idEnd), at);
            }
          } else if (op === 0x9) {
            socket.write(maskedFrame(0xa, buf.subarray(start, end)));
          }
          i = end;
        }
        if (i < buf.length) rest = Buffer.from(buf.subarray(i));
      };
      if (rest) {
        const first = rest;
        rest = null;
        onData(first);
      }
      socket.on('data', onData);
      socket.on('error', () => {});
      socket.on('close', () => {
        if (!ready) reject(new Error('agent socket closed before ready'));
      });
    });
    req.end();
  });
}

/** A client frame: clients must mask what they send. */
function maskedFrame(op: number, payload: Buffer): Buffer {
  const mask = crypto.randomBytes(4);
  const out = Buffer.alloc(6 + payload.length);
  out[0] = 0x80 | op;
  out[1] = 0x80 | payload.length;
  mask.copy(out, 2);
  for (let j = 0; j < payload.length; j++) out[6 + j] = payload[j] ^ mask[j & 3];
  return out;
}

/** One shopper's socket: sends message.send frames, hears acks (and errors) for them. */
export type Shopper = {
  index: number;
  ws: WebSocket;
  inFlight: number;
  sent: number;
  send(clientId: string, body: string): void;
};

export type ShopperEvents = {
  onAck(s: Shopper, clientId: string, at: number): void;
  onError(s: Shopper, clientId: string | null, code: string): void;
};

const ACK_HEAD = '{"type":"ack","clientId":"';
const ERROR_HEAD = '{"type":"error"';

export function openShopperSocket(baseUrl: string, token: string, index: number, events: ShopperEvents): Promise<Shopper> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/widget/v1/socket?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
  const shopper: Shopper = {
    index,
    ws,
    inFlight: 0,
    sent: 0,
    send(clientId, body) {
      this.inFlight++;
      this.sent++;
      ws.send(`{"type":"message.send","clientId":"${clientId}","body":${JSON.stringify(body)}}`);
    },
  };
  return new Promise((resolve, reject) => {
    let ready = false;
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      const head = data.toString('latin1', 0, Math.min(data.length, 80));
      if (head.startsWith(ACK_HEAD)) {
        const end = head.indexOf('"', ACK_HEAD.length);
        shopper.inFlight--;
        events.onAck(shopper, head.slice(ACK_HEAD.length, end), at);
      } else if (head.startsWith(ERROR_HEAD)) {
        const e = JSON.parse(data.toString()) as { code: string; clientId?: string };
        if (e.clientId) shopper.inFlight--;
        events.onError(shopper, e.clientId ?? null, e.code);
      } else if (!ready && head.startsWith('{"type":"ready"')) {
        ready = true;
        resolve(shopper);
      }
    });
    ws.once('error', (err) => (ready ? undefined : reject(err)));
    ws.once('close', (code) => (ready ? undefined : reject(new Error(`widget socket closed with ${code}`))));
    ws.on('error', () => {});
  });
}

/** An idle shopper: the widget is open on the page and nobody types. */
export function openIdleSocket(baseUrl: string, token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/widget/v1/socket?token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      if (data.toString('latin1', 0, 20).startsWith('{"type":"ready"')) resolve(ws);
    });
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`idle socket closed with ${code}`)));
  });
}

/** Runs fn over items with at most `limit` at a time. */
export async function inParallel<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/** The p-th percentile (0–100) of the first n values. */
export function percentile(values: Float64Array, n: number, p: number): number {
  if (n === 0) return NaN;
  const sorted = values.slice(0, n).sort();
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
}
