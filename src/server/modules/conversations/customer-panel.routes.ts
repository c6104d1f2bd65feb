import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { CustomerPanel } from '../../../contracts/customers.ts';
import { loadCustomerPanel } from './customer-panel.service.ts';
import { withContactsNoted } from '../customers/privacy/index.ts';

const tags = ['conversations'];

/** The right column of the workspace: who the customer of a conversation is. */
export function customerPanelRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/conversations/:id/customer', { config: { access: 'conversations.read' }, schema: { tags, summary: 'The conversation’s customer: profile, identities, 5 latest orders, 10 other conversations; phone and email masked without customers.contact.read', params: IdParams, response: { 200: CustomerPanel, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return withContactsNoted(ctx, 'conversation_panel', await loadCustomerPanel(ctx, req.params.id));
    });
  };
}
