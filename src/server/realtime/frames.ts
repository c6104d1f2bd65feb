import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { ContactView } from '../modules/customers/index.ts';
import type { RealtimeMessage } from './realtime.ts';

type Encoded = { payload: Buffer; wire: Buffer };

const encoded: Record<ContactView, WeakMap<RealtimeMessage, Encoded>> = { full: new WeakMap(), masked: new WeakMap() };

/**
 * A realtime message as the workspace receives it, encoded once however many sockets it goes to:
 * the JSON text, and the whole WebSocket frame around it. A server's frames are not masked, so the
 * frame's bytes are the same for every socket of one view: a message with personal contacts is
 * encoded once more, masked.
 */
function encode(msg: RealtimeMessage, view: ContactView): Encoded {
  const variant: ContactView = view === 'masked' && msg.maskedData !== undefined ? 'masked' : 'full';
  let e = encoded[variant].get(msg);
  if (!e) {
    const data = variant === 'masked' ? msg.maskedData : msg.data;
    const payload = Buffer.from(JSON.stringify({ type: 'event', channel: msg.channel, event: msg.event, data }));
    e = { payload, wire: textFrame(payload) };
    encoded[variant].set(msg, e);
  }
  return e;
}

/** FIN + text opcode, the length in 7, 16 or 64 bits, then the payload (RFC 6455 §5.2). */
function textFrame(payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + len);
  frame[0] = 0x81;
  if (len < 126) frame[1] = len;
  else if (len < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    frame.writeUInt32BE(len >>> 0, 6);
  }
  payload.copy(frame, head);
  return frame;
}

const corked = new Set<Socket>();

function uncorkAll() {
  for (const s of corked) s.uncork();
  corked.clear();
}

/** ws keeps its TCP socket here; without it (or with an extension that rewrites frames) frames go through ws. */
function tcpOf(ws: WebSocket): Socket | null {
  const raw = (ws as unknown as { _socket?: Socket })._socket;
  return raw && typeof raw.cork === 'function' && !ws.extensions ? raw : null;
}

/** Holds the socket's writes until the current burst of work is done: its frames leave in one write. */
function hold(raw: Socket) {
  if (corked.has(raw)) return;
  raw.cork();
  corked.add(raw);
  if (corked.size === 1) process.nextTick(uncorkAll);
}

/** Sends a text frame; the frames of one burst (a dispatched batch, a group's acks) leave each socket in one system call. */
export function sendText(ws: WebSocket, data: Buffer | string): void {
  if (ws.readyState !== ws.OPEN) return;
  const raw = tcpOf(ws);
  if (raw) hold(raw);
  ws.send(data, { binary: false });
}

/**
 * Sends a realtime message to a workspace socket, as its member may see it: the frame encoded once
 * is written as it is to each socket, which costs a fraction of framing it again per socket (50
 * agents hear every message).
 */
export function sendEvent(ws: WebSocket, msg: RealtimeMessage, view: ContactView): void {
  if (ws.readyState !== ws.OPEN) return;
  const e = encode(msg, view);
  const raw = tcpOf(ws);
  if (!raw) return ws.send(e.payload, { binary: false });
  hold(raw);
  raw.write(e.wire);
}
