import type { Db } from './database.ts';

/** What one item of a group came to: its own result, or its own error. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export type GroupCommitOptions<I> = {
  /**
   * Items with the same key are written in the order they were submitted, never in two
   * transactions at once (a conversation, a customer about to get one).
   */
  keyOf(item: I): string;
  /** Most items in one transaction. */
  maxBatch?: number;
  /** Transactions in flight at once: 1 on the embedded store (one session), a few on PostgreSQL. */
  concurrency?: number;
  /** After each commit (e.g. to wake the outbox dispatcher at once). */
  afterCommit?(): void;
  /** Before each transaction: a promise to wait for (backpressure), or null to go on. */
  admit?(): Promise<void> | null;
};

type Pending<I, R> = { item: I; key: string; resolve(value: R): void; reject(error: unknown): void };

/**
 * Group commit: items submitted while a transaction is in flight are written together in the next
 * one, so a burst costs one commit (one WAL flush on PostgreSQL) instead of one each. A caller's
 * promise settles only after the transaction that holds its item has committed. `write` reports
 * an outcome per item; an item it rejects (not found, invalid) does not affect the others. If the
 * transaction itself fails, its items are written again one by one, each in its own transaction,
 * so one bad item fails alone.
 */
export class GroupCommit<I, R> {
  private queue: Pending<I, R>[] = [];
  private busy = new Set<string>();
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  concurrency: number;

  constructor(
    private db: Db,
    private write: (trx: Db, items: I[]) => Promise<Outcome<R>[]>,
    private opts: GroupCommitOptions<I>,
  ) {
    this.maxBatch = opts.maxBatch ?? 256;
    this.concurrency = opts.concurrency ?? 1;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, key: this.opts.keyOf(item), resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing waits and no transaction is in flight (at shutdown: every caller has its answer). */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.queue.length || this.inFlight) {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }

  /** Items waiting for a transaction, and transactions in flight. */
  get stats() {
    return { queued: this.queue.length, inFlight: this.inFlight };
  }

  private schedule() {
    if (this.scheduled || this.inFlight >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // After the current I/O phase: frames read together from many sockets go in together.
    setImmediate(() => {
      const go = () => {
        this.scheduled = false;
        this.start();
      };
      const gate = this.opts.admit?.();
      if (gate) void gate.then(go, go);
      else go();
    });
  }

  private start() {
    while (this.inFlight < this.concurrency && this.queue.length) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        for (const p of batch) this.busy.delete(p.key);
        this.schedule();
      });
    }
  }

  /** The next group in submission order, leaving behind the items of keys already in flight (and all after them). */
  private take(): Pending<I, R>[] {
    const batch: Pending<I, R>[] = [];
    const keep: Pending<I, R>[] = [];
    const held = new Set<string>();
    for (const p of this.queue) {
      if (batch.length < this.maxBatch && !this.busy.has(p.key) && !held.has(p.key)) batch.push(p);
      else {
        keep.push(p);
        held.add(p.key);
      }
    }
    for (const p of batch) this.busy.add(p.key);
    this.queue = keep;
    return batch;
  }

  private async commit(batch: Pending<I, R>[]) {
    let outcomes: Outcome<R>[];
    try {
      outcomes = await this.db.transaction().execute((trx) => this.write(trx, batch.map((p) => p.item)));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      return this.oneByOne(batch);
    }
    this.opts.afterCommit?.();
    batch.forEach((p, i) => settle(p, outcomes[i]));
  }

  private async oneByOne(batch: Pending<I, R>[]) {
    for (const p of batch) {
      try {
        const [outcome] = await this.db.transaction().execute((trx) => this.write(trx, [p.item]));
        this.opts.afterCommit?.();
        settle(p, outcome);
      } catch (err) {
        p.reject(err);
      }
    }
  }
}

function settle<I, R>(p: Pending<I, R>, outcome: Outcome<R> | undefined) {
  if (!outcome) p.reject(new Error('group commit: no outcome for an item'));
  else if (outcome.ok) p.resolve(outcome.value);
  else p.reject(outcome.error);
}
