import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export type NodeProcess = { url: string; child: ChildProcess; output: () => string; stop(): Promise<void> };

/** Starts test/node-process.ts with the given environment and waits until it listens. */
export async function startNode(env: Record<string, string>, timeoutMs = 60_000): Promise<NodeProcess> {
  const port = await freePort();
  // SHOPDESK_NODE_ARGS: extra flags for the server processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a benchmark.
  const extra = (process.env.SHOPDESK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', path.join(ROOT, 'test/node-process.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const m = /LISTENING (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export type SocketClient = { ws: WebSocket; events: any[]; waitFor(pred: (e: any) => boolean, ms?: number): Promise<any>; close(): void };

/** Opens /ws with a session cookie and collects every frame. */
export function openSocket(baseUrl: string, cookie?: string): Promise<SocketClient> {
  return connect(new WebSocket(baseUrl.replace(/^http/, 'ws') + '/ws', { headers: cookie ? { cookie } : {} }));
}

/** Opens the shopper's socket; frames in `sendAtOnce` go out the moment it opens. */
export function openWidgetSocket(baseUrl: string, token: string, after?: string, sendAtOnce: unknown[] = []): Promise<SocketClient> {
  const q = new URLSearchParams({ token, ...(after ? { after } : {}) });
  return connect(new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/widget/v1/socket?${q}`), sendAtOnce);
}

async function connect(ws: WebSocket, sendAtOnce: unknown[] = []): Promise<SocketClient> {
  const events: any[] = [];
  const waiters: Array<{ pred: (e: any) => boolean; resolve: (e: any) => void }> = [];
  ws.on('message', (raw) => {
    const e = JSON.parse(String(raw));
    events.push(e);
    for (const w of [...waiters]) if (w.pred(e)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  });
  const waitFor = (pred: (e: any) => boolean, ms = 10_000) =>
    new Promise<any>((resolve, reject) => {
      const found = events.find(pred);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no matching frame in ${ms} ms; got ${JSON.stringify(events)}`)), ms);
      waiters.push({ pred, resolve: (e) => { clearTimeout(timer); resolve(e); } });
    });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      for (const f of sendAtOnce) ws.send(JSON.stringify(f));
      resolve();
    });
    ws.once('error', reject);
    ws.once('close', () => resolve());
  });
  return { ws, events, waitFor, close: () => ws.close() };
}
