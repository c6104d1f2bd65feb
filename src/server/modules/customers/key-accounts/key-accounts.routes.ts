import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as K from '../../../../contracts/key-accounts.ts';
import { errorResponses, IdParams } from '../../../../contracts/common.ts';
import { getKeyAccount, listKeyAccounts, removeKeyAccount, setKeyAccount } from './key-accounts.service.ts';
import { completeVisit, dueVisits, listVisits } from './visits.service.ts';
import { withContactsNoted } from '../privacy/contact-views.ts';

const tags = ['key-accounts'];

/** Key accounts (大客户): the file, sales policy and manager of each, and their return visits (回访). */
export function keyAccountsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/key-accounts', { config: { access: 'customers.read' }, schema: { tags, summary: 'Every key account, the next return visit due first', response: { 200: K.KeyAccountList, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return withContactsNoted(ctx, 'key_accounts', { items: await listKeyAccounts(ctx) });
    });

    r.get('/key-accounts/due', { config: { access: 'customers.read' }, schema: { tags, summary: 'My return visits that are overdue or due soon (我的待回访); another manager’s with key_accounts.manage', querystring: K.DueQuery, response: { 200: K.VisitList, ...errorResponses } } }, async (req) => {
      return { items: await dueVisits(req.ctx(), req.query) };
    });

    r.post('/key-accounts/visits/:id/complete', { config: { access: 'customers.read' }, schema: { tags, summary: 'Record a return visit as done with its outcome; the next is scheduled by the rhythm (the account manager or key_accounts.manage)', params: IdParams, body: K.CompleteVisitBody, response: { 200: K.VisitDone, ...errorResponses } } }, async (req) => {
      return completeVisit(req.ctx(), req.params.id, req.body.outcome);
    });

    r.get('/customers/:id/key-account', { config: { access: 'customers.read' }, schema: { tags, summary: 'The customer’s key-account file, or null', params: IdParams, response: { 200: K.KeyAccountOne, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return withContactsNoted(ctx, 'key_account', { keyAccount: await getKeyAccount(ctx, req.params.id) });
    });

    r.put('/customers/:id/key-account', { config: { access: 'key_accounts.manage' }, schema: { tags, summary: 'Make the customer a key account, or change its manager, file, sales policy and visit rhythm', params: IdParams, body: K.KeyAccountBody, response: { 200: K.KeyAccountOne, ...errorResponses } } }, async (req) => {
      return { keyAccount: await setKeyAccount(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/customers/:id/key-account', { config: { access: 'key_accounts.manage' }, schema: { tags, summary: 'The customer is no longer a key account', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await removeKeyAccount(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    r.get('/customers/:id/visits', { config: { access: 'customers.read' }, schema: { tags, summary: 'The customer’s return visits, the latest first', params: IdParams, response: { 200: K.VisitList, ...errorResponses } } }, async (req) => {
      return { items: await listVisits(req.ctx(), req.params.id) };
    });
  };
}
