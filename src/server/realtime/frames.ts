import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { RealtimeMessage } from './realtime.ts';

const frames = new WeakMap<RealtimeMessage, Buffer>();

/** The workspace frame of a realtime message, serialised once however many sockets it goes to. */
export function eventFrame(msg: RealtimeMessage): Buffer {
  let frame = frames.get(msg);
  if (!frame) {
    frame = Buffer.from(JSON.stringify({ type: 'event', channel: msg.channel, event: msg.event, data: msg.data }));
    frames.set(msg, frame);
  }
  return frame;
}

const corked = new Set<Socket>();

function uncorkAll() {
  for (const s of corked) s.uncork();
  corked.clear();
}

/**
 * Sends a text frame, holding the socket's writes until the current burst of work is done: the
 * frames of a dispatched batch leave each socket in one write instead of one system call each.
 */
export function sendText(ws: WebSocket, data: Buffer | string): void {
  if (ws.readyState !== ws.OPEN) return;
  // ws keeps its TCP socket here; without it the frame simply goes out on its own.
  const raw = (ws as unknown as { _socket?: Socket })._socket;
  if (raw && typeof raw.cork === 'function' && !corked.has(raw)) {
    raw.cork();
    corked.add(raw);
    if (corked.size === 1) process.nextTick(uncorkAll);
  }
  ws.send(data, { binary: false });
}
