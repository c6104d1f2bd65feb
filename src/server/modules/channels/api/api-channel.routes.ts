import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as A from '../../../../contracts/channels-api.ts';
import { errorResponses, IdParams } from '../../../../contracts/common.ts';
import './api-channel.errors.ts';
import { createApiInbox, findApiInbox, presentApiInbox, rotateWebhookSecret, updateApiInbox } from './api-inboxes.service.ts';
import { receiveInboundMessage } from './inbound.service.ts';
import { listDeliveries, retryDelivery } from './webhook-deliveries.service.ts';

const tags = ['api channel'];
const InboxParams = z.strictObject({ inboxId: z.string().min(1).max(64) });

export function apiChannelRoutes(opts: { publicUrl?: string }) {
  const origin = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.host}`;
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post('/channels/api/inboxes', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Make an API inbox for a connector; the answer shows the webhook signing secret this once', body: A.ApiInboxCreate, response: { 201: A.ApiInboxWithSecret, ...errorResponses } } }, async (req, reply) => {
      const { inbox, secret } = await createApiInbox(req.ctx(), req.body);
      return reply.status(201).send({ ...presentApiInbox(inbox, origin(req)), webhookSecret: secret });
    });

    r.get('/channels/api/inboxes/:id', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'An API inbox’s settings: platform, webhook URL, on/off, the address connectors post to', params: IdParams, response: { 200: A.ApiInbox, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return presentApiInbox(await findApiInbox(ctx.db, ctx.accountId, req.params.id), origin(req));
    });

    r.patch('/channels/api/inboxes/:id', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Change an API inbox’s name, platform, webhook URL, or turn it on or off', params: IdParams, body: A.ApiInboxPatch, response: { 200: A.ApiInbox, ...errorResponses } } }, async (req) => {
      return presentApiInbox(await updateApiInbox(req.ctx(), req.params.id, req.body), origin(req));
    });

    r.post('/channels/api/inboxes/:id/rotate-secret', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Replace the webhook signing secret; signatures with the old one stop at once', params: IdParams, response: { 200: A.ApiInboxWithSecret, ...errorResponses } } }, async (req) => {
      const { inbox, secret } = await rotateWebhookSecret(req.ctx(), req.params.id);
      return { ...presentApiInbox(inbox, origin(req)), webhookSecret: secret };
    });

    r.post('/channels/api/:inboxId/messages', { config: { access: 'channels.api.post' }, schema: { tags, summary: 'A connector posts a customer’s message (Bearer API token); 201 stored, 200 the same externalMessageId was stored before', params: InboxParams, body: A.InboundMessage, response: { 200: A.InboundResult, 201: A.InboundResult, ...errorResponses } } }, async (req, reply) => {
      const result = await receiveInboundMessage(req.ctx(), req.params.inboxId, req.body);
      return reply.status(result.duplicate ? 200 : 201).send(result);
    });

    r.get('/inboxes/:id/webhook-deliveries', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'The API inbox’s webhook deliveries, newest first', params: IdParams, querystring: A.DeliveriesQuery, response: { 200: A.DeliveryList, ...errorResponses } } }, async (req) => {
      return listDeliveries(req.ctx(), req.params.id, req.query);
    });

    r.post('/webhook-deliveries/:id/retry', { config: { access: 'inboxes.manage' }, schema: { tags, summary: 'Send a failed delivery again, with a new round of attempts', params: IdParams, response: { 200: z.object({ delivery: A.WebhookDelivery }), ...errorResponses } } }, async (req) => {
      return { delivery: await retryDelivery(req.ctx(), req.params.id) };
    });
  };
}
