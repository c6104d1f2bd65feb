import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as C from '../../../contracts/accounts.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { presentAccount, presentAudit, presentToken } from './accounts.presenters.ts';
import { getAccount, updateAccount } from './accounts.service.ts';
import { AUDIT_ACTIONS, listAudit } from './audit.service.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.service.ts';

const AccountBody = z.object({ account: C.Account });

export function adminRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/account', { config: { access: 'authenticated' }, schema: { tags: ['account'], summary: 'The account (shop) you are signed in to', response: { 200: AccountBody, ...errorResponses } } }, async (req) => {
      return { account: presentAccount(await getAccount(req.ctx())) };
    });

    r.patch('/account', { config: { access: 'account.manage' }, schema: { tags: ['account'], summary: 'Change the account name, language or time zone', body: C.AccountPatch, response: { 200: AccountBody, ...errorResponses } } }, async (req) => {
      return { account: presentAccount(await updateAccount(req.ctx(), req.body)) };
    });

    r.get('/api-tokens', { config: { access: 'tokens.manage' }, schema: { tags: ['api tokens'], summary: 'API tokens of the account', response: { 200: z.object({ items: z.array(C.ApiToken) }), ...errorResponses } } }, async (req) => {
      return { items: (await listApiTokens(req.ctx())).map(presentToken) };
    });

    r.post('/api-tokens', { config: { access: 'tokens.manage' }, schema: { tags: ['api tokens'], summary: 'Create an API token; the secret is shown only in this response', body: C.CreateTokenBody, response: { 201: z.object({ token: C.ApiToken, secret: z.string() }), ...errorResponses } } }, async (req, reply) => {
      const ctx = req.ctx();
      const { token, secret } = await createApiToken(ctx, req.body);
      return reply.status(201).send({ token: presentToken({ ...token, creator_name: ctx.actor.name }), secret });
    });

    r.post('/api-tokens/:id/revoke', { config: { access: 'tokens.manage' }, schema: { tags: ['api tokens'], summary: 'Revoke an API token', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await revokeApiToken(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    r.get('/audit-log', { config: { access: 'audit.read' }, schema: { tags: ['audit'], summary: 'The audit log, newest first', querystring: C.AuditQuery, response: { 200: z.object({ items: z.array(C.AuditEntry), nextCursor: z.string().nullable() }), ...errorResponses } } }, async (req) => {
      const q = req.query;
      const page = await listAudit(req.ctx(), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
      return { items: page.items.map((a) => presentAudit(a, req.locale)), nextCursor: page.nextCursor };
    });

    r.get('/audit-log/actions', { config: { access: 'audit.read' }, schema: { tags: ['audit'], summary: 'The kinds of audited action', response: { 200: z.object({ items: z.array(z.object({ key: z.string(), label: z.string() })) }), ...errorResponses } } }, async (req) => ({
      items: Object.entries(AUDIT_ACTIONS).map(([key, label]) => ({ key, label: label[req.locale] })),
    }));
  };
}
