import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as E from '../../../../contracts/channels-email.ts';
import { errorResponses, IdParams } from '../../../../contracts/common.ts';
import { createEmailInbox, findEmailInbox, presentEmailInbox, rotateInboundKey, updateEmailSettings } from './email-inboxes.service.ts';

const tags = ['email channel'];

/** Email inboxes: the address, the sender name, the SMTP server replies leave by, and the relay's inbound key. */
export function emailInboxesRoutes(opts: { publicUrl?: string }) {
  const origin = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.host}`;
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post('/channels/email/inboxes', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Create an email inbox', body: E.EmailInboxCreate, response: { 201: E.EmailInbox, ...errorResponses } } }, async (req, reply) => {
      const inbox = await createEmailInbox(req.ctx(), req.body);
      return reply.status(201).send(presentEmailInbox(inbox, origin(req)));
    });

    r.get('/channels/email/inboxes/:id', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'An email inbox’s settings (the SMTP password is never returned, only whether one is set)', params: IdParams, response: { 200: E.EmailInbox, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return presentEmailInbox(await findEmailInbox(ctx.db, ctx.accountId, req.params.id), origin(req));
    });

    r.patch('/channels/email/inboxes/:id', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Change an email inbox’s address, sender name or SMTP server', params: IdParams, body: E.EmailSettingsPatch, response: { 200: E.EmailInbox, ...errorResponses } } }, async (req) => {
      return presentEmailInbox(await updateEmailSettings(req.ctx(), req.params.id, req.body), origin(req));
    });

    r.post('/channels/email/inboxes/:id/rotate-key', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Replace the inbound key; the relay must be given the new one', params: IdParams, response: { 200: E.EmailInbox, ...errorResponses } } }, async (req) => {
      return presentEmailInbox(await rotateInboundKey(req.ctx(), req.params.id), origin(req));
    });
  };
}
