import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { recordAudit } from './audit.service.ts';
import { hashPassword, sha256, verifyPassword } from './password.ts';
import { checkPasswordStrength } from './users.service.ts';

export const SESSION_COOKIE = 'sd_session';
export const SESSION_DAYS = 14;
const TOUCH_EVERY_MS = 5 * 60_000;

// Failed sign-ins: after FREE_FAILURES for one email the next wait doubles each time, capped.
const FREE_FAILURES = 5;
const BASE_LOCK_S = 30;
const MAX_LOCK_S = 15 * 60;
const IP_FREE_FAILURES = 30;

type Deps = Omit<Ctx, 'accountId' | 'actor'>;

async function throttleCheck(db: Db, keys: string[], now: Date) {
  const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  const lockedUntil = rows.map((r) => r.locked_until).filter((d): d is Date => !!d && d > now).sort((a, b) => b.getTime() - a.getTime())[0];
  if (lockedUntil) {
    const seconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AppError('too_many_attempts', { vars: { seconds }, headers: { 'retry-after': String(seconds) } });
  }
}

async function throttleFail(db: Db, key: string, free: number, now: Date) {
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures: 1, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: sql`login_throttle.failures + 1`, updated_at: now }))
    .returning('failures')
    .executeTakeFirstOrThrow();
  if (row.failures >= free) {
    const seconds = Math.min(MAX_LOCK_S, BASE_LOCK_S * 2 ** (row.failures - free));
    await db.updateTable('login_throttle').set({ locked_until: new Date(now.getTime() + seconds * 1000) }).where('key', '=', key).execute();
  }
}

export type LoginInput = { email: string; password: string };

export async function login(deps: Deps, input: LoginInput) {
  const { db, clock } = deps;
  const now = clock.now();
  const email = input.email.trim().toLowerCase();
  const keys = [`email:${email}`, `ip:${deps.ip ?? 'unknown'}`];
  await throttleCheck(db, keys, now);
  const user = await db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email).executeTakeFirst();
  const ok = await verifyPassword(input.password, user?.password_hash ?? null);
  if (!user || !ok) {
    await throttleFail(db, keys[0], FREE_FAILURES, now);
    await throttleFail(db, keys[1], IP_FREE_FAILURES, now);
    if (user) {
      const ctx: Ctx = { ...deps, accountId: user.account_id, actor: { type: 'user', id: user.id, name: user.name, role: user.role } };
      await recordAudit(ctx, 'auth.login_failed', { type: 'user', id: user.id, label: user.name });
    }
    throw new AppError('invalid_credentials');
  }
  if (user.status !== 'active') throw new AppError('user_deactivated');
  await db.deleteFrom('login_throttle').where('key', '=', keys[0]).execute();
  return db.transaction().execute(async (trx) => {
    const ctx: Ctx = { ...deps, db: trx, accountId: user.account_id, actor: { type: 'user', id: user.id, name: user.name, role: user.role } };
    const session = await createSession(ctx, user.id);
    await trx.updateTable('users').set({ last_login_at: now }).where('account_id', '=', user.account_id).where('id', '=', user.id).execute();
    await recordAudit(ctx, 'auth.login', { type: 'user', id: user.id, label: user.name });
    return { user: { ...user, last_login_at: now }, ...session };
  });
}

/** A new session for every sign-in: the token is random, and only its hash is stored. */
export async function createSession(ctx: Ctx, userId: string) {
  const token = newSecret(32);
  const csrfToken = newSecret(24);
  const now = ctx.clock.now();
  const id = newId('ses');
  await ctx.db
    .insertInto('sessions')
    .values({
      id,
      account_id: ctx.accountId,
      user_id: userId,
      token_hash: sha256(token),
      csrf_token: csrfToken,
      ip: ctx.ip ?? null,
      user_agent: ctx.userAgent ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    })
    .execute();
  return { sessionId: id, token, csrfToken };
}

export async function resolveSession(db: Db, token: string, now: Date) {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', (j) => j.onRef('users.id', '=', 'sessions.user_id').onRef('users.account_id', '=', 'sessions.account_id'))
    .select(['sessions.id as session_id', 'sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.revoked_at'])
    .selectAll('users')
    .where('sessions.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at <= now || row.status !== 'active') return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000) })
      .where('id', '=', row.session_id)
      .execute();
  }
  return row;
}

export async function logout(ctx: Ctx, sessionId: string) {
  await ctx.db.transaction().execute(async (trx) => {
    const tctx = { ...ctx, db: trx };
    await trx.updateTable('sessions').set({ revoked_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', sessionId).execute();
    await recordAudit(tctx, 'auth.logout', ctx.actor.id ? { type: 'user', id: ctx.actor.id, label: ctx.actor.name } : null);
  });
}

/** Changes the password and signs the user out of every other session. */
export async function changePassword(ctx: Ctx, input: { userId: string; sessionId?: string; currentPassword: string; newPassword: string }) {
  const user = await ctx.db.selectFrom('users').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', input.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) throw new AppError('wrong_password', { field: 'currentPassword' });
  checkPasswordStrength(input.newPassword, user.email, 'newPassword');
  const hash = await hashPassword(input.newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    await trx.updateTable('users').set({ password_hash: hash, password_changed_at: now, updated_at: now }).where('account_id', '=', ctx.accountId).where('id', '=', user.id).execute();
    let others = trx.updateTable('sessions').set({ revoked_at: now }).where('account_id', '=', ctx.accountId).where('user_id', '=', user.id).where('revoked_at', 'is', null);
    if (input.sessionId) others = others.where('id', '!=', input.sessionId);
    await others.execute();
    await recordAudit({ ...ctx, db: trx }, 'auth.password_changed', { type: 'user', id: user.id, label: user.name });
  });
}

/** An open workspace keeps its session fresh: the presence of agents is read from last_seen_at. */
export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id', '=', sessionId)
    .where('last_seen_at', '<', new Date(now.getTime() - 60_000))
    .execute();
}
