import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import * as C from '../../../contracts/customers.ts';
import { RecentOrder } from '../../../contracts/orders.ts';
import { recentOrdersOf } from '../orders/index.ts';
import { listCustomers } from './customer-list.service.ts';
import { changeCustomerTags, createCustomer, getCustomerRecord, updateCustomer } from './customer-record.service.ts';
import { addCustomerNote, listCustomerNotes } from './notes.service.ts';
import { customerTimeline } from './timeline.read.ts';
import { withContactsNoted } from './privacy/contact-views.ts';

const tags = ['customers'];
const One = z.object({ customer: C.CustomerRecord });
const RECENT_ORDERS = 5;

/** The customer record (客户档案): list and search, the record, tags, notes and the timeline. */
export function customersRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/customers', { config: { access: 'customers.read' }, schema: { tags, summary: 'Search and list customers (keyset pages): q is a name, a full phone, a phone’s last 4 digits or an email; filters by tag, tier, spend, last order date, custom attribute; contacts masked without customers.contact.read', querystring: C.CustomerListQuery, response: { 200: C.CustomerList, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return withContactsNoted(ctx, 'customer_list', await listCustomers(ctx, req.query));
    });

    r.post('/customers', { config: { access: 'customers.manage' }, schema: { tags, summary: 'Create a customer record; a phone or email that identifies another customer is refused', body: C.CustomerBody, response: { 201: One, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ customer: await createCustomer(req.ctx(), req.body) });
    });

    r.get('/customers/:id', { config: { access: 'customers.read' }, schema: { tags, summary: 'The whole customer record: profile, contacts, spend, tier, tags, account manager, identities, custom attributes; and the 5 latest orders', params: IdParams, response: { 200: One.extend({ recentOrders: z.array(RecentOrder) }), ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      const customer = await getCustomerRecord(ctx, req.params.id);
      return withContactsNoted(ctx, 'customer_record', { customer, recentOrders: await recentOrdersOf(ctx, customer.id, RECENT_ORDERS) });
    });

    r.patch('/customers/:id', { config: { access: 'customers.manage' }, schema: { tags, summary: 'Change a customer record (audited); attribute values are checked against their definitions, null clears one', params: IdParams, body: C.CustomerPatch, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { customer: await updateCustomer(req.ctx(), req.params.id, req.body) };
    });

    r.post('/customers/:id/tags', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Add and remove tags on a customer (audited)', params: IdParams, body: C.CustomerTagsBody, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { customer: await changeCustomerTags(req.ctx(), req.params.id, req.body) };
    });

    r.get('/customers/:id/notes', { config: { access: 'customers.read' }, schema: { tags, summary: 'The customer’s notes, newest first (the latest 100)', params: IdParams, response: { 200: z.object({ items: z.array(C.CustomerNote) }), ...errorResponses } } }, async (req) => {
      return { items: await listCustomerNotes(req.ctx(), req.params.id) };
    });

    r.post('/customers/:id/notes', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Write a note on the customer; it is on their timeline as customer.note', params: IdParams, body: C.CustomerNoteBody, response: { 201: z.object({ note: C.CustomerNote }), ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ note: await addCustomerNote(req.ctx(), req.params.id, req.body.body) });
    });

    r.get('/customers/:id/timeline', { config: { access: 'customers.read' }, schema: { tags, summary: 'The customer’s timeline, newest first (keyset pages): conversations, orders and every recorded event, each with a title in the reader’s language', params: IdParams, querystring: C.TimelineQuery, response: { 200: C.Timeline, ...errorResponses } } }, async (req) => {
      return customerTimeline(req.ctx(), req.params.id, req.query);
    });
  };
}
