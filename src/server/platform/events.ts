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

const handlers = new Map<string, Array<{ name: string; fn: EventHandler }>>();
const wakeListeners = new Set<() => void>();

export function onEvent(type: string, name: string, fn: EventHandler): void {
  const list = handlers.get(type) ?? [];
  if (list.some((h) => h.name === name)) return;
  list.push({ name, fn });
  handlers.set(type, list);
}

export async function emit(ctx: Pick<Ctx, 'db' | 'accountId'>, type: string, payload: Record<string, unknown>): Promise<void> {
  await ctx.db.insertInto('outbox').values({ account_id: ctx.accountId, type, payload: JSON.stringify(payload) }).execute();
  for (const wake of wakeListeners) wake();
}

const LOCK_MS = 60_000;

export class OutboxDispatcher {
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = true;
  private readonly wake = () => this.kick(5);

  constructor(private deps: HandlerDeps & { pollMs?: number }) {}

  start(): void {
    this.stopped = false;
    wakeListeners.add(this.wake);
    this.kick(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    wakeListeners.delete(this.wake);
    clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  private kick(delay: number) {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
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
      await this.drain();
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
    const claimed = await sql<{ id: number; account_id: string; type: string; payload: Record<string, unknown>; created_at: Date }>`
      update outbox set locked_until = ${new Date(now.getTime() + LOCK_MS)}, attempts = attempts + 1
      where id in (
        select id from outbox
        where processed_at is null and (locked_until is null or locked_until < ${now})
        order by id limit 50
        for update skip locked
      )
      returning id, account_id, type, payload, created_at`.execute(db);
    const rows = claimed.rows.sort((a, b) => a.id - b.id);
    for (const row of rows) {
      const event: OutboxEvent = { id: row.id, accountId: row.account_id, type: row.type, payload: row.payload, createdAt: row.created_at };
      try {
        for (const h of handlers.get(row.type) ?? []) await h.fn(event, this.deps);
        await db.updateTable('outbox').set({ processed_at: clock.now(), locked_until: null, last_error: null }).where('id', '=', row.id).execute();
      } catch (err) {
        log.warn({ err, eventId: row.id, type: row.type }, 'event handler failed; the event will be retried');
        await db.updateTable('outbox').set({ last_error: String((err as Error).message ?? err), locked_until: new Date(clock.now().getTime() + 5_000) }).where('id', '=', row.id).execute();
      }
    }
    return rows.length;
  }
}
