import os from 'node:os';
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { DatabaseKind, Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import { newId } from './ids.ts';

/**
 * Durable jobs in the database: they survive restarts on both stores, are claimed with
 * SKIP LOCKED so two workers never run the same one, and are retried with backoff.
 */
export type JobContext = {
  id: string;
  accountId: string | null;
  payload: Record<string, unknown>;
  attempt: number;
  /** The last attempt the job gets; when attempt reaches it, a failure is final. */
  maxAttempts: number;
  db: Db;
  log: Logger;
  clock: Clock;
  /** Saves how far the job has got, for progress bars; throws JobReleased once the job was released at shutdown. */
  progress(done: number, total: number, note?: string): Promise<void>;
  /** Aborted when the node shuts down before the job finished and the job was handed back to the queue. */
  signal: AbortSignal;
  /** The store the job writes to: the embedded store has one connection, so a job's transactions there run in turn. */
  store: DatabaseKind;
};

/** Thrown by `progress()` in a job its worker released at shutdown: the job runs again elsewhere. */
export class JobReleased extends Error {
  constructor() {
    super('the job was released: its node is shutting down');
  }
}

export type JobHandler = (job: JobContext) => Promise<unknown>;

const definitions = new Map<string, JobHandler>();

// A running job holds a lease; its worker renews it, so only a dead worker's jobs are taken up again.
const LEASE_MS = 5 * 60_000;
const RENEW_MS = 60_000;

/** How long a job waits after its n-th failed attempt: doubling from 2 s, at most an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60 * 60_000, 1000 * 2 ** attempt);
}

export function defineJob(name: string, handler: JobHandler): void {
  definitions.set(name, handler);
}

export function jobNames(): string[] {
  return [...definitions.keys()];
}

export type EnqueueInput = {
  name: string;
  payload?: Record<string, unknown>;
  accountId?: string | null;
  runAt?: Date;
  singletonKey?: string;
  maxAttempts?: number;
};

/**
 * Adds a job; inside a transaction it commits with the caller's change. With a singleton key, a
 * second enqueue while the first is waiting or running returns the first one's id instead.
 */
export async function enqueueJob(db: Db, input: EnqueueInput): Promise<string> {
  const id = newId('job');
  const inserted = await db
    .insertInto('jobs')
    .values({
      id,
      account_id: input.accountId ?? null,
      name: input.name,
      payload: JSON.stringify(input.payload ?? {}),
      run_at: input.runAt ?? new Date(),
      singleton_key: input.singletonKey ?? null,
      max_attempts: input.maxAttempts ?? 5,
    })
    .onConflict((oc) => oc.column('singleton_key').where('singleton_key', 'is not', null).where('state', 'in', ['queued', 'running']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await db
    .selectFrom('jobs')
    .select('id')
    .where('singleton_key', '=', input.singletonKey!)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return existing?.id ?? id;
}

export type JobRow = {
  id: string;
  account_id: string | null;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
};

export class JobWorker {
  private stopped = true;
  private active = 0;
  private polling?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private running = new Map<string, AbortController>();
  readonly nodeId = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

  constructor(private deps: { db: Db; log: Logger; clock: Clock; concurrency?: number; pollMs?: number; store?: DatabaseKind }) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /**
   * Stops taking jobs and waits up to `graceMs` for the running ones to finish. A job still running
   * then is released: queued again at once, its attempt not counted, for another worker (or this
   * node's next start) to take up; its handler is told through `job.signal` and stops at its next
   * `progress()` call. Jobs are written to be run again (each step idempotent or transactional).
   */
  async stop(opts: { graceMs?: number } = {}): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
    const until = Date.now() + (opts.graceMs ?? Infinity);
    while (this.active > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    if (this.active === 0) return;
    for (const c of this.running.values()) c.abort();
    const released = await this.deps.db
      .updateTable('jobs')
      .set((eb) => ({ state: 'queued', locked_by: null, locked_until: null, attempts: eb('attempts', '-', 1), last_error: 'released: its node was shutting down' }))
      .where('state', '=', 'running')
      .where('locked_by', '=', this.nodeId)
      .returning(['id', 'name'])
      .execute();
    if (released.length) this.deps.log.info({ jobs: released }, 'running jobs released for another worker');
  }

  private schedule(delay: number) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => { this.polling = undefined; });
    }, delay);
  }

  private async poll() {
    const limit = this.deps.concurrency ?? 2;
    let claimedAny = false;
    try {
      await this.reclaimExpired();
      while (!this.stopped && this.active < limit) {
        const job = await this.claim();
        if (!job) break;
        claimedAny = true;
        this.active++;
        void this.run(job).finally(() => {
          this.active--;
          this.schedule(0);
        });
      }
    } catch (err) {
      this.deps.log.warn({ err }, 'job poll failed; will retry');
    }
    this.schedule(claimedAny ? 50 : this.deps.pollMs ?? 1000);
  }

  /** Runs every due job until none is left: for tests and the CLI. */
  async runDue(): Promise<number> {
    let n = 0;
    for (;;) {
      const job = await this.claim();
      if (!job) return n;
      await this.run(job);
      n++;
    }
  }

  private async reclaimExpired() {
    const { db, clock } = this.deps;
    await db
      .updateTable('jobs')
      .set({ state: 'queued', locked_by: null, locked_until: null, last_error: 'the worker running it stopped' })
      .where('state', '=', 'running')
      .where('locked_until', '<', clock.now())
      .execute();
  }

  private async claim(): Promise<JobRow | undefined> {
    const names = jobNames();
    if (names.length === 0) return undefined;
    const { db, clock } = this.deps;
    const now = clock.now();
    const result = await sql<JobRow>`
      update jobs set state = 'running', locked_by = ${this.nodeId}, attempts = attempts + 1,
        locked_until = ${new Date(now.getTime() + LEASE_MS)}, started_at = ${now}
      where id = (
        select id from jobs
        where state = 'queued' and run_at <= ${now} and name = any(${names})
        order by run_at, id limit 1
        for update skip locked
      )
      returning id, account_id, name, payload, attempts, max_attempts`.execute(db);
    return result.rows[0];
  }

  private async run(job: JobRow) {
    const { db, log, clock } = this.deps;
    const handler = definitions.get(job.name)!;
    const jobLog = log.child({ job: job.name, jobId: job.id });
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const ctx: JobContext = {
      id: job.id,
      accountId: job.account_id,
      payload: job.payload,
      attempt: job.attempts,
      maxAttempts: job.max_attempts,
      db,
      log: jobLog,
      clock,
      signal: controller.signal,
      store: this.deps.store ?? 'embedded',
      progress: async (done, total, note) => {
        if (controller.signal.aborted) throw new JobReleased();
        await db.updateTable('jobs').set({ progress: JSON.stringify({ done, total, note: note ?? null }) }).where('id', '=', job.id).execute();
      },
    };
    const renew = setInterval(() => {
      db.updateTable('jobs')
        .set({ locked_until: new Date(clock.now().getTime() + LEASE_MS) })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.nodeId)
        .execute()
        .catch((err) => jobLog.warn({ err }, 'could not renew the job lease'));
    }, RENEW_MS);
    try {
      const result = await handler(ctx);
      await db
        .updateTable('jobs')
        .set({ state: 'done', finished_at: clock.now(), locked_by: null, locked_until: null, result: JSON.stringify(result ?? null), last_error: null })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.nodeId)
        .execute();
    } catch (err) {
      // Released at shutdown: the row is queued again already and no attempt is spent.
      if (controller.signal.aborted) return;
      const message = String((err as Error)?.message ?? err);
      const retry = job.attempts < job.max_attempts;
      jobLog.warn({ err, attempt: job.attempts, retry }, 'job failed');
      const backoffMs = retryDelayMs(job.attempts);
      await db
        .updateTable('jobs')
        .set(
          retry
            ? { state: 'queued', run_at: new Date(clock.now().getTime() + backoffMs), locked_by: null, locked_until: null, last_error: message }
            : { state: 'failed', finished_at: clock.now(), locked_by: null, locked_until: null, last_error: message },
        )
        .where('id', '=', job.id)
        .where('locked_by', '=', this.nodeId)
        .execute();
    } finally {
      clearInterval(renew);
      this.running.delete(job.id);
    }
  }
}
