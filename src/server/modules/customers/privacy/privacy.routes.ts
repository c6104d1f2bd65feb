import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as P from '../../../../contracts/privacy.ts';
import { errorResponses, IdParams } from '../../../../contracts/common.ts';
import { eraseCustomer, revealContact } from './privacy.service.ts';
import { exportCustomer } from './export.service.ts';

const tags = ['customers'];

/** A customer's personal data (个人信息): reveal a masked contact, export it, erase it. All audited. */
export function privacyRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post('/customers/:id/reveal', { config: { access: 'customers.contact.read' }, schema: { tags, summary: 'The customer’s full phone, email, address and identities; the look is written to the audit log', params: IdParams, body: P.RevealBody, response: { 200: P.RevealedContact, ...errorResponses } } }, async (req) => {
      return revealContact(req.ctx(), req.params.id, req.body.reason);
    });

    r.get('/customers/:id/export', { config: { access: 'customers.privacy' }, schema: { tags, summary: 'Everything stored about one customer, as a JSON download (audited)', params: IdParams, response: { 200: P.CustomerExport, ...errorResponses } } }, async (req, reply) => {
      const doc = await exportCustomer(req.ctx(), req.params.id);
      return reply.header('content-disposition', `attachment; filename="customer-${req.params.id.replace(/[^\w-]/g, '_')}.json"`).send(doc);
    });

    r.post('/customers/:id/erase', { config: { access: 'customers.privacy' }, schema: { tags, summary: 'Erase the customer’s personal data (cannot be undone): orders and their amounts stay, audited', params: IdParams, body: P.EraseBody, response: { 200: P.Erased, ...errorResponses } } }, async (req) => {
      return eraseCustomer(req.ctx(), req.params.id, { confirmed: req.body.confirm, reason: req.body.reason });
    });
  };
}
