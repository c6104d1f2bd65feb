// What the fault tests share: a store that outlives the node processes on it (an embedded data
// directory, or a PostgreSQL database of the test's own), nodes started on it as real processes,
// and shoppers who keep count of what the server acknowledged and send again what it did not.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { openTestDatabase, TestClient, type TestDatabase } from '../harness.ts';
import { startNode, type NodeProcess } from '../nodes.ts';

export const OWNER_EMAIL = 'owner@faults.shopdesk';
export const OWNER_PASSWORD = 'owner-password-1';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type FaultStore = {
  kind: 'embedded' | 'postgres';
  /** The environment every node on this store gets. */
  env: Record<string, string>;
  close(): Promise<void>;
};

/** The store of the current test pass: PostgreSQL when TEST_DATABASE_URL is set, else an embedded data directory. */
export async function openFaultStore(): Promise<FaultStore> {
  const common = {
    SHOPDESK_ADMIN_EMAIL: OWNER_EMAIL,
    SHOPDESK_ADMIN_PASSWORD: OWNER_PASSWORD,
    SHOPDESK_ACCOUNT_NAME: '故障演练店',
    SHOPDESK_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
    // A burst from one shopper is the point here, not the flood guard.
    SHOPDESK_WIDGET_MESSAGES_PER_10S: '100000',
  };
  if (process.env.TEST_DATABASE_URL) {
    const tdb: TestDatabase = await openTestDatabase({ migrate: false });
    // The nodes migrate; this handle is closed so only the nodes hold connections.
    return { kind: 'postgres', env: { ...common, DATABASE_URL: tdb.url! }, close: () => tdb.close() };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-faults-'));
  return { kind: 'embedded', env: { ...common, SHOPDESK_DATA_DIR: dataDir }, close: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** The owner signed in on a node, and the shop's web inbox. */
export async function ownerOn(url: string): Promise<{ owner: TestClient; inboxId: string }> {
  const owner = new TestClient(url);
  await owner.login(OWNER_EMAIL, OWNER_PASSWORD);
  const inboxes = await owner.get('/api/inboxes');
  const web = inboxes.body.items.find((i: { channel: string }) => i.channel === 'web');
  if (!web) throw new Error(`no web inbox: ${JSON.stringify(inboxes.body)}`);
  return { owner, inboxId: web.id };
}

export async function newVisitor(url: string, inboxId: string, i: number): Promise<string> {
  const res = await new TestClient(url).request('POST', '/api/widget/v1/sessions', { inboxId }, { 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}` });
  if (res.status !== 200) throw new Error(`widget session: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.visitorToken;
}

/**
 * A shopper in the chat widget: sends numbered messages over the widget socket, a few in flight at
 * a time, and notes each acknowledgement. What was not acknowledged is sent again, in order and
 * with the same client ids, once a socket is open again (as the widget does).
 */
export class Shopper {
  acked = new Set<string>();
  sent: string[] = [];
  errors: string[] = [];
  /** The close code of each socket the server closed. */
  closeCodes: number[] = [];
  private ws?: WebSocket;
  private waiting = new Map<string, () => void>();

  constructor(readonly visitorToken: string, readonly tag: string, readonly window = 4) {}

  clientId(n: number) {
    return `${this.tag}-msg-${String(n).padStart(4, "0")}`;
  }

  /** Opens the widget socket; resolves on the server's ready frame. */
  connect(url: string): Promise<void> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/widget/v1/socket?token=${encodeURIComponent(this.visitorToken)}`);
    this.ws = ws;
    return new Promise((resolve, reject) => {
      ws.on('message', (raw) => {
        const f = JSON.parse(String(raw));
        if (f.type === 'ready') resolve();
        else if (f.type === 'ack') {
          this.acked.add(f.clientId);
          this.waiting.get(f.clientId)?.();
        } else if (f.type === 'error') {
          this.errors.push(`${f.code}${f.clientId ? ` ${f.clientId}` : ''}`);
          if (f.clientId) this.waiting.get(f.clientId)?.();
        }
      });
      ws.on('error', (err) => reject(err));
      ws.on('close', (code) => {
        this.closeCodes.push(code);
        reject(new Error('closed before ready'));
        // Whatever was in flight on this socket is answered by no one now.
        for (const done of this.waiting.values()) done();
      });
    });
  }

  get open() {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  close() {
    this.ws?.terminate();
  }

  /** Sends one message and waits for its ack, an error, or the socket going down. */
  private sendOne(clientId: string): Promise<void> {
    return new Promise((resolve) => {
      if (!this.open) return resolve();
      const timer = setTimeout(done, 30_000);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiting.set(clientId, () => {
        this.waiting.delete(clientId);
        done();
      });
      this.ws!.send(JSON.stringify({ type: 'message.send', clientId, body: `第${clientId}条：请问订单什么时候发货？` }));
    });
  }

  /** Sends messages first..last in order, `window` at a time, until done or the socket closes. */
  async burst(first: number, last: number): Promise<void> {
    let next = first;
    const lane = async () => {
      while (next <= last && this.open) {
        const id = this.clientId(next++);
        this.sent.push(id);
        await this.sendOne(id);
      }
    };
    await Promise.all(Array.from({ length: this.window }, lane));
  }

  /** After a reconnect: every message sent but not acknowledged goes again, in order, one at a time. */
  async retryUnacked(): Promise<string[]> {
    const again = this.sent.filter((id) => !this.acked.has(id));
    for (const id of again) await this.sendOne(id);
    return again;
  }
}

/** The shopper's messages as the widget lists them (oldest first), all pages. */
export async function shopperMessages(url: string, visitorToken: string): Promise<Array<{ id: string; clientId: string | null; senderType: string }>> {
  const c = new TestClient(url, 'zh-CN', undefined, visitorToken);
  const out: Array<{ id: string; clientId: string | null; senderType: string }> = [];
  let after = '0';
  for (;;) {
    const res = await c.get(`/api/widget/v1/messages?after=${after}&limit=200`);
    if (res.status !== 200) throw new Error(`widget messages: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.items);
    if (res.body.items.length < 200) return out;
    after = res.body.items.at(-1).id;
  }
}

/**
 * Checks one shopper's stored messages against what the shopper saw: every acknowledged message
 * is there, none twice, and in the order they were sent. Returns the problems found.
 */
export function checkShopper(s: Shopper, stored: Array<{ clientId: string | null; senderType: string }>, opts: { ordered?: boolean } = {}): string[] {
  const problems: string[] = [];
  const mine = stored.filter((m) => m.senderType === 'customer').map((m) => m.clientId ?? '');
  const seen = new Set<string>();
  for (const id of mine) {
    if (seen.has(id)) problems.push(`${id} stored twice`);
    seen.add(id);
  }
  for (const id of s.acked) if (!seen.has(id)) problems.push(`${id} was acknowledged but is not stored`);
  const sorted = [...mine].sort();
  if (opts.ordered !== false && mine.join(',') !== sorted.join(',')) problems.push(`out of order: ${mine.join(',')}`);
  return problems;
}

export async function startNodeOn(store: FaultStore, extra: Record<string, string> = {}): Promise<NodeProcess> {
  return startNode({ ...store.env, ...extra }, 90_000);
}

/** Waits until `check` passes or the time is up; returns how long it took. */
export async function eventually(what: string, check: () => Promise<boolean>, ms = 30_000, every = 200): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      if (await check()) return Date.now() - start;
    } catch {
      // not yet
    }
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(every);
  }
}
