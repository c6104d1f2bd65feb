import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as K from '../../../../contracts/consent.ts';
import * as C from '../../../../contracts/conversations.ts';
import { errorResponses, IdParams } from '../../../../contracts/common.ts';
import { changeConsents, loadConsents } from './consent.service.ts';
import { startConversation } from './start-conversation.service.ts';

const tags = ['customers'];

/** Consent to be contacted (订阅/退订) per channel, and starting a conversation within the contact window. */
export function consentRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/customers/:id/consents', { config: { access: 'customers.read' }, schema: { tags, summary: 'The customer’s opt-ins and opt-outs per channel, their history, and the 30-day contact window', params: IdParams, response: { 200: K.Consents, ...errorResponses } } }, async (req) => {
      return loadConsents(req.ctx(), req.params.id);
    });

    r.put('/customers/:id/consents', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Record opt-ins or opt-outs (with their source); earlier choices stay in the history', params: IdParams, body: K.ConsentsBody, response: { 200: K.Consents, ...errorResponses } } }, async (req) => {
      return changeConsents(req.ctx(), req.params.id, req.body.changes);
    });

    r.post('/customers/:id/conversations', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Start a conversation with the customer (主动联系): within 30 days of their last order or message, or when they subscribed on the channel', params: IdParams, body: K.StartConversationBody, response: { 200: z.object({ conversation: C.ConversationSummary, created: z.boolean() }), ...errorResponses } } }, async (req) => {
      return startConversation(req.ctx(), req.params.id, req.body.channel);
    });
  };
}
