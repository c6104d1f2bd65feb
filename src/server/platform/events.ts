import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { Ctx } from './context.ts';

/**
 * The outbox: a service records what happened in the same transaction as the change, and handlers
 * run after commit, at least once, in order of emission. Nothing happens behind a write's back.
 */
export type OutboxEvent = { id: number; accountId: string; type: string; payload: Record<string, unknown>; createdAt: Date };
export type Publish = (msg: { accountId: string; channel: string; event: string; data: unknown }) => void;
export type HandlerDeps = { db: Db; log: Logger; clock: Clock; publish: Publish };
export type EventHandler = (event: OutboxEvent, deps: HandlerDeps) => Promise<void>;
/** Takes all the events of its type in one dispatched batch, in order of emission: one query for many. */
export type BatchEventHandler = (events: OutboxEvent[], deps: HandlerDeps) => Promise<void>;

type Registered = { name: string; fn: EventHandler; batch?: undefined } | { name: string; batch: BatchEventHandler; fn?: undefined };
const handlers = new Map<string, Registered[]>();
const wakeListeners = new Set<(delayMs?: number) => void>();

export function onEvent(type: string, name: string, fn: EventHandler): void {
  const list = handlers.get(type) ?? [];
  if (list.some((h) => h.name === name)) return;
  list.push({ name, fn });
  handlers.set(type, list);
}

/**
 * Like onEvent, for a handler that does better with many events at once. Within a dispatched batch
 * it runs after the one-event handlers; if it throws, every event it was given is retried.
 */
export function onEvents(type: string, name: string, batch: BatchEventHandler): void {
  const list = handlers.get(type) ?? [];
  if (list.some((h) => h.name === name)) return;
  list.push({ name, batch });
  handlers.set(type, list);
}

export async function emit(ctx: Pick<Ctx, 'db' | 'accountId'>, type: string, payload: Record<string, unknown>): Promise<void> {
  await ctx.db.insertInto('outbox').values({ account_id: ctx.accountId, type, payload: JSON.stringify(payload) }).execute();
  for (const wake of wakeListeners) wake();
}

/**
 * The same as emitAll, as a statement to run inside a larger one (a CTE of writes): one round trip
 * less for a caller that holds locks. Call wakeOutbox() once it has run.
 */
export function outboxInsert(events: Array<{ accountId: string; type: string; payload: Record<string, unknown> }>) {
  return sql`insert into outbox (account_id, type, payload)
    values ${sql.join(events.map((e) => sql`(${e.accountId}, ${e.type}, ${JSON.stringify(e.payload)})`))} returning id`;
}

export function wakeOutbox(): void {
  for (const wake of wakeListeners) wake();
}

/** Several events in one statement, in this order (they may belong to different accounts). */
export async function emitAll(db: Db, events: Array<{ accountId: string; type: string; payload: Record<string, unknown> }>): Promise<void> {
  if (events.length === 0) return;
  await db.insertInto('outbox').values(events.map((e) => ({ account_id: e.accountId, type: e.type, payload: JSON.stringify(e.payload) }))).execute();
  for (const wake of wakeListeners) wake();
}

const behind = new Set<OutboxDispatcher>();
let caughtUp: Array<() => void> = [];

function setBehind(d: OutboxDispatcher, isBehind: boolean) {
  if (isBehind) behind.add(d);
  else if (behind.delete(d) && behind.size === 0) {
    for (const resolve of caughtUp) resolve();
    caughtUp = [];
  }
}

/**
 * Backpressure for busy writers: while a dispatcher in this process claims full batches (it is
 * behind), a promise that resolves when it catches up, or after maxWaitMs at the latest, so a
 * stuck handler slows writes down but never stops them; null when nothing is behind.
 */
export function outboxCaughtUp(maxWaitMs: number): Promise<void> | null {
  if (behind.size === 0) return null;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxWaitMs);
    caughtUp.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Called after a commit that emitted events: the dispatcher looks at once instead of on its next poll. */
export function outboxCommitted(): void {
  for (const wake of wakeListeners) wake(0);
}

const LOCK_MS = 60_000;
const CLAIM_BATCH = 500;
const FULL_SCAN_MS = 60_000;
const FLOOR_LAG_MS = 2_000;
const GATHER_MS = 5;

export class OutboxDispatcher {
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = true;
  private readonly wake = (delayMs = 5) => this.kick(delayMs);
  /**
   * Claims look above this id. The pending index keeps an entry for every event handled since the
   * last VACUUM, and a claim that walked them all from the start slowed down with every busy
   * minute. The floor follows the greatest id claimed FLOOR_LAG_MS ago, so an event whose
   * transaction committed after a later one's is still above it, and stays below the events that
   * failed here and wait for their retry. Anything else left below (a transaction longer than
   * that, another node's claim that lapsed) is found by a claim from the start every FULL_SCAN_MS.
   */
  private floor = 0;
  private fullScanAt = 0;
  private recentClaims: Array<{ at: number; maxId: number }> = [];
  private retrying = new Set<number>();
  private lastClaimAt = -Infinity;
  /** Handled, not yet marked: the next claim marks them in the same statement (one round trip a round). */
  private handled: number[] = [];

  constructor(private deps: HandlerDeps & { pollMs?: number }) {}

  start(): void {
    this.stopped = false;
    wakeListeners.add(this.wake);
    this.kick(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    wakeListeners.delete(this.wake);
    setBehind(this, false);
    clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    if (this.handled.length) {
      const ids = this.handled;
      this.handled = [];
      await sql`with ${ASYNC_COMMIT} update outbox set processed_at = ${this.deps.clock.now()}, locked_until = null, last_error = null from async_commit where outbox.id in (${sql.join(ids)})`
        .execute(this.deps.db)
        .catch((err) => this.deps.log.warn({ err }, 'outbox: could not mark the last events handled; they will be handled again'));
    }
  }

  private kick(delay: number) {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    // Events committed within a few milliseconds go out in one round: one claim, one write per socket.
    this.timer = setTimeout(() => void this.tick(), Math.max(delay, this.lastClaimAt + GATHER_MS - performance.now()));
  }

  /** Processes everything pending; returns how many events it handled. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.processBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  private async tick() {
    this.running = true;
    try {
      for (;;) {
        const n = await this.processBatch();
        if (n === 0 || this.stopped) break;
        if (n < CLAIM_BATCH) await new Promise((r) => setTimeout(r, Math.max(0, this.lastClaimAt + GATHER_MS - performance.now())));
      }
    } catch (err) {
      this.deps.log.warn({ err }, 'outbox dispatch failed; will retry');
    } finally {
      this.running = false;
      const delay = this.again ? 0 : this.deps.pollMs ?? 500;
      this.again = false;
      this.kick(delay);
    }
  }

  private async processBatch(): Promise<number> {
    const { db, clock, log } = this.deps;
    const now = clock.now();
    const startedAt = performance.now();
    if (startedAt >= this.fullScanAt) {
      this.floor = 0;
      this.fullScanAt = startedAt + FULL_SCAN_MS;
    }
    const floor = this.retrying.size ? Math.min(this.floor, Math.min(...this.retrying) - 1) : this.floor;
    this.lastClaimAt = startedAt;
    const handled = this.handled;
    this.handled = [];
    const claimed = await sql<{ id: number; account_id: string; type: string; payload: Record<string, unknown>; created_at: Date }>`
      with ${ASYNC_COMMIT}${handled.length ? sql`, marked as (update outbox set processed_at = ${now}, locked_until = null, last_error = null where id in (${sql.join(handled)}))` : sql``}
      update outbox set locked_until = ${new Date(now.getTime() + LOCK_MS)}, attempts = attempts + 1
      from async_commit
      where outbox.id in (
        select id from outbox
        where processed_at is null and id > ${floor} and (locked_until is null or locked_until < ${now})
        order by id limit ${CLAIM_BATCH}
        for update skip locked
      )
      returning outbox.id, outbox.account_id, outbox.type, outbox.payload, outbox.created_at`
      .execute(db)
      .catch((err) => {
        this.handled = handled.concat(this.handled);
        throw err;
      });
    setBehind(this, claimed.rows.length === CLAIM_BATCH);
    const events: OutboxEvent[] = claimed.rows
      .sort((a, b) => a.id - b.id)
      .map((row) => ({ id: row.id, accountId: row.account_id, type: row.type, payload: row.payload, createdAt: row.created_at }));
    const failed = new Map<number, unknown>();
    for (const event of events) {
      try {
        for (const h of handlers.get(event.type) ?? []) if (h.fn) await h.fn(event, this.deps);
      } catch (err) {
        failed.set(event.id, err);
      }
    }
    const types = [...new Set(events.map((e) => e.type))];
    for (const type of types) {
      for (const h of handlers.get(type) ?? []) {
        if (!h.batch) continue;
        const mine = events.filter((e) => e.type === type && !failed.has(e.id));
        if (mine.length === 0) continue;
        try {
          await h.batch(mine, this.deps);
        } catch (err) {
          for (const e of mine) failed.set(e.id, err);
        }
      }
    }
    const done = events.filter((e) => !failed.has(e.id)).map((e) => e.id);
    for (const id of done) this.retrying.delete(id);
    for (const id of failed.keys()) this.retrying.add(id);
    if (events.length) this.recentClaims.push({ at: startedAt, maxId: events[events.length - 1].id });
    while (this.recentClaims.length && this.recentClaims[0].at <= startedAt - FLOOR_LAG_MS) this.floor = Math.max(this.floor, this.recentClaims.shift()!.maxId);
    this.handled = done;
    for (const [id, err] of failed) {
      log.warn({ err, eventId: id, type: events.find((e) => e.id === id)?.type }, 'event handler failed; the event will be retried');
      await db.updateTable('outbox').set({ last_error: String((err as Error).message ?? err), locked_until: new Date(clock.now().getTime() + 5_000) }).where('id', '=', id).execute();
    }
    return events.length;
  }
}

/**
 * The dispatcher's own marks (claimed, processed) commit without waiting for the disk: if the
 * last few are lost in a crash, those events are handled again, which at-least-once allows. The
 * setting rides in the statement itself, so each mark is one round trip.
 */
const ASYNC_COMMIT = sql`async_commit as materialized (select set_config('synchronous_commit', 'off', true))`;
