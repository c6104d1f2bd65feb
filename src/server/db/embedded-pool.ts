import { Worker } from 'node:worker_threads';

export type QueryResult = { rows: any[]; rowCount: number; command: string; fields?: unknown[] };
export type PoolClient = { query(sql: string, params?: readonly unknown[]): Promise<QueryResult>; release(err?: unknown): void };

type Pending = { resolve(v: any): void; reject(e: unknown): void };

export class DatabaseError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/**
 * A node-postgres-shaped pool over one PGlite instance in a worker thread. PGlite has one session,
 * so the pool hands out one client at a time: a transaction holds it from BEGIN to COMMIT, and
 * other callers wait their turn instead of interleaving statements into it.
 */
export class EmbeddedPool {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private busy = false;
  private waiters: Array<() => void> = [];
  private closed = false;
  readonly ready: Promise<void>;

  constructor(opts: { dataDir?: string; loadDataDir?: Uint8Array }) {
    this.worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
      workerData: { dataDir: opts.dataDir, loadDataDir: opts.loadDataDir },
      execArgv: [],
    });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (msg: any) => {
        if (!('ready' in msg)) return;
        this.worker.off('message', onMessage);
        if (msg.ready) resolve();
        else reject(toError(msg.error));
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
    });
    this.worker.on('message', (msg: any) => {
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(toError(msg.error));
      else p.resolve(msg.result);
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.failAll(new Error(`embedded database worker exited with code ${code}`));
    });
  }

  private failAll(err: unknown) {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private call(op: 'query' | 'dump' | 'close', sql?: string, params?: readonly unknown[]): Promise<any> {
    if (this.closed && op !== 'close') return Promise.reject(new Error('the embedded database is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, sql, params: params ? [...params] : undefined });
    });
  }

  async connect(): Promise<PoolClient> {
    await this.ready;
    if (this.busy) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.busy = true;
    let released = false;
    return {
      query: (sql, params) => this.call('query', sql, params),
      release: () => {
        if (released) return;
        released = true;
        const next = this.waiters.shift();
        if (next) next();
        else this.busy = false;
      },
    };
  }

  async query(sql: string, params?: readonly unknown[]): Promise<QueryResult> {
    const client = await this.connect();
    try {
      return await client.query(sql, params);
    } finally {
      client.release();
    }
  }

  /** A gzipped tarball of the whole data directory, consistent because no client holds the session. */
  async dump(): Promise<Uint8Array> {
    const client = await this.connect();
    try {
      return await this.call('dump');
    } finally {
      client.release();
    }
  }

  async end(): Promise<void> {
    if (this.closed) return;
    const client = await this.connect();
    try {
      await this.call('close');
    } finally {
      this.closed = true;
      client.release();
      await this.worker.terminate();
    }
  }
}

function toError(raw: any): DatabaseError {
  const err = new DatabaseError(raw?.message ?? 'database error');
  Object.assign(err, raw);
  return err;
}
