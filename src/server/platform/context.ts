import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { Clock } from './clock.ts';
import type { Locale } from './locale.ts';
import type { Role } from '../modules/accounts/permissions.ts';

export type Actor =
  | { type: 'user'; id: string; name: string; role: Role; sessionId?: string }
  | { type: 'token'; id: string; name: string; role: Role }
  | { type: 'system'; id: null; name: string; role: 'owner' };

/**
 * What every service function takes first: whose data (account), who asks (actor), and the
 * handles it works with. No query runs without ctx.accountId.
 */
export type Ctx = {
  accountId: string;
  actor: Actor;
  db: Db;
  clock: Clock;
  log: Logger;
  locale: Locale;
  ip?: string | null;
  userAgent?: string | null;
};

export function systemActor(name = 'system'): Actor {
  return { type: 'system', id: null, name, role: 'owner' };
}

/** Runs fn in a transaction, or inside the caller's when there already is one. */
export async function inTransaction<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

/** Deadlock or serialization failure: PostgreSQL rolled the transaction back and it may simply run again. */
export function isRetryableConflict(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Runs fn in a transaction of its own, again (up to four times in all) when PostgreSQL rolls it
 * back for a deadlock or a serialization failure. Inside the caller's transaction it runs once:
 * a retry there is the caller's to make.
 */
export async function inRetriedTransaction<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
    } catch (err) {
      if (attempt < 4 && isRetryableConflict(err)) continue;
      throw err;
    }
  }
}
