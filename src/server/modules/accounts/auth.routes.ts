import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import * as C from '../../../contracts/accounts.ts';
import { errorResponses } from '../../../contracts/common.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { presentSession, presentUser } from './accounts.presenters.ts';
import { getAccount } from './accounts.service.ts';
import { changePassword, login, logout, SESSION_COOKIE, SESSION_DAYS } from './auth.service.ts';
import { acceptInvitation, findInvitationByToken } from './invitations.service.ts';
import { getUser, updateOwnProfile } from './users.service.ts';
import type { RouteDeps } from './index.ts';

const tags = ['auth'];

export function authRoutes(deps: RouteDeps) {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    const baseCtx = (req: FastifyRequest) => ({
      db: deps.db,
      clock: deps.clock,
      log: req.log as Logger,
      locale: req.locale,
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
    });

    const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string) => {
      const secure = deps.secureCookies === 'auto' ? req.protocol === 'https' : deps.secureCookies;
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_DAYS * 86_400 });
    };

    const sessionBody = async (ctx: Ctx, userId: string, csrfToken: string) => {
      const [user, account] = await Promise.all([getUser(ctx, userId), getAccount(ctx)]);
      return presentSession(user, account, csrfToken);
    };

    r.post('/auth/login', {
      config: { access: 'public' },
      schema: { tags, summary: 'Sign in with email and password', body: C.LoginBody, response: { 200: C.SessionBody, ...errorResponses } },
    }, async (req, reply) => {
      const result = await login(baseCtx(req), req.body);
      setCookie(req, reply, result.token);
      const ctx = { ...baseCtx(req), accountId: result.user.account_id, actor: { type: 'user' as const, id: result.user.id, name: result.user.name, role: result.user.role } };
      return sessionBody(ctx, result.user.id, result.csrfToken);
    });

    r.post('/auth/logout', { config: { access: 'authenticated' }, schema: { tags, summary: 'Sign out of this session', response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      if (req.auth?.sessionId) await logout(req.ctx(), req.auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });

    r.get('/auth/me', { config: { access: 'authenticated' }, schema: { tags, summary: 'The signed-in user, account and permissions', response: { 200: C.SessionBody, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      if (ctx.actor.type !== 'user') {
        const account = await getAccount(ctx);
        return { user: { id: ctx.actor.id ?? '', email: '', name: ctx.actor.name, displayName: null, nickname: null, role: ctx.actor.role, specialisation: null, locale: ctx.locale, status: 'active' as const, lastLoginAt: null, createdAt: account.created_at.toISOString() }, account: { id: account.id, name: account.name, locale: account.locale, timezone: account.timezone }, permissions: [], csrfToken: '' };
      }
      return sessionBody(ctx, ctx.actor.id, req.auth?.csrfToken ?? '');
    });

    r.patch('/auth/profile', { config: { access: 'authenticated' }, schema: { tags, summary: 'Change your own name, nickname or language', body: C.ProfileBody, response: { 200: z.object({ user: C.User }), ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      if (ctx.actor.type !== 'user') throw new AppError('forbidden');
      return { user: presentUser(await updateOwnProfile(ctx, ctx.actor.id, req.body)) };
    });

    r.post('/auth/password', { config: { access: 'authenticated' }, schema: { tags, summary: 'Change your password; signs out your other sessions', body: C.PasswordBody, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      const ctx = req.ctx();
      if (ctx.actor.type !== 'user') throw new AppError('forbidden');
      await changePassword(ctx, { userId: ctx.actor.id, sessionId: req.auth?.sessionId, ...req.body });
      return reply.status(204).send(null);
    });

    r.get('/invitations/by-token/:token', { config: { access: 'public' }, schema: { tags, summary: 'What an invitation link is for', params: C.TokenParams, response: { 200: C.InvitationPreview, ...errorResponses } } }, async (req) => {
      const inv = await findInvitationByToken(deps.db, req.params.token, deps.clock.now());
      return { email: inv.email, name: inv.name, accountName: inv.account_name, role: inv.role, expiresAt: inv.expires_at.toISOString() };
    });

    r.post('/invitations/accept', { config: { access: 'public' }, schema: { tags, summary: 'Accept an invitation: set a name and password, and sign in', body: C.AcceptBody, response: { 200: C.SessionBody, ...errorResponses } } }, async (req, reply) => {
      const user = await acceptInvitation(baseCtx(req), req.body);
      const result = await login(baseCtx(req), { email: user.email, password: req.body.password });
      setCookie(req, reply, result.token);
      const ctx = { ...baseCtx(req), accountId: user.account_id, actor: { type: 'user' as const, id: user.id, name: user.name, role: user.role } };
      return sessionBody(ctx, user.id, result.csrfToken);
    });
  };
}
