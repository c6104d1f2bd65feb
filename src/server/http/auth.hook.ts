import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { isLocale, localeFromHeader } from '../platform/locale.ts';
import { can, resolveApiToken, resolveSession, SESSION_COOKIE, type Permission } from '../modules/accounts/index.ts';
import type { AuthState } from './types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is asking: a session cookie (the web app) or a bearer API token (integrations). */
export async function authenticate(req: FastifyRequest, database: Database, clock: Clock): Promise<AuthState | null> {
  const header = req.headers.authorization;
  if (header?.toLowerCase().startsWith('bearer ')) {
    const token = await resolveApiToken(database.db, header.slice(7).trim(), clock.now());
    if (!token) throw new AppError('unauthenticated');
    return { accountId: token.account_id, via: 'token', actor: { type: 'token', id: token.id, name: token.name, role: token.role } };
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const session = await resolveSession(database.db, cookie, clock.now());
  if (!session) return null;
  if (!req.headers['accept-language'] && isLocale(session.locale)) req.locale = session.locale;
  return {
    accountId: session.account_id,
    via: 'session',
    sessionId: session.session_id,
    csrfToken: session.csrf_token,
    actor: { type: 'user', id: session.id, name: session.name, role: session.role, sessionId: session.session_id },
  };
}

export function makeAuthHook(database: Database, clock: Clock) {
  return async function authHook(req: FastifyRequest, _reply: FastifyReply) {
    req.locale = localeFromHeader(req.headers['accept-language']);
    const access = req.routeOptions.config?.access;
    // Routes without a rule are the ones outside the API (pages, probes); onRoute refuses an /api route without one.
    if (!access) return;
    if (access === 'public') {
      // A stale or foreign credential must not break sign-in or an invitation link.
      req.auth = await authenticate(req, database, clock).catch(() => null);
      return;
    }
    req.auth = await authenticate(req, database, clock);
    if (!req.auth) throw new AppError('unauthenticated');
    if (req.auth.via === 'session' && !SAFE_METHODS.has(req.method)) {
      // Double-submit: a cross-site form can carry the cookie but cannot read or send this token.
      if (req.headers['x-csrf-token'] !== req.auth.csrfToken) throw new AppError('csrf_failed');
    }
    if (access && access !== 'authenticated' && !can(req.auth.actor.role, access as Permission)) throw new AppError('forbidden');
  };
}
