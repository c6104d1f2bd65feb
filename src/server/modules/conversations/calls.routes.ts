import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as A from '../../../contracts/attachments.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { logCall, openPhoneConversation } from './calls.service.ts';
import { withMaskedContacts } from './conversations.presenters.ts';
import { contactViewOf } from '../customers/index.ts';

const tags = ['calls'];

/** The phone channel: the team logs calls (电话记录) with their recordings; there is no telephony here. */
export function callsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post('/conversations/phone', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'The open phone conversation of a number: the customer is found by phone, or made', body: A.PhoneConversationBody, response: { 200: A.PhoneConversation, ...errorResponses } } }, async (req) => {
      return openPhoneConversation(req.ctx(), req.body);
    });

    r.post('/conversations/:id/calls', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Log a phone call in the conversation, with its recording (upload it first); safe to retry with the same clientId', params: IdParams, body: A.LogCallBody, response: { 201: A.CallLogged, ...errorResponses } } }, async (req, reply) => {
      const ctx = req.ctx();
      const message = await logCall(ctx, req.params.id, req.body);
      // Without a number in the request it is the customer's own, which not every role may see.
      return reply.status(201).send({ message: contactViewOf(ctx.actor) === 'full' ? message : withMaskedContacts(message) });
    });
  };
}
