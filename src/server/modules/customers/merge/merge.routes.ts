import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as M from '../../../../contracts/customer-merge.ts';
import { errorResponses, IdParams } from '../../../../contracts/common.ts';
import { dismissDuplicate, listDuplicates, scanDuplicates } from './duplicates.service.ts';
import { undoMerge } from './merge-undo.service.ts';
import { customerMergeStatus, listMerges, loadMerge } from './merge.read.ts';
import { mergeCustomers, previewMerge } from './merge.service.ts';
import { withContactsNoted } from '../privacy/contact-views.ts';

const tags = ['customers'];

/** Duplicates and merge (重复客户与合并): suggestions, "not a duplicate", the merge a member makes, and its undo. */
export function customerMergeRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/customer-duplicates', { config: { access: 'customers.read' }, schema: { tags, summary: 'Suggested duplicate customers (重复客户): pairs sharing a phone, an email or a Taobao/Tmall buyer id, the strongest first (keyset pages over the last scan; an account’s first look scans); dismissed pairs and merged customers left out; contacts masked without customers.contact.read. Nothing is merged automatically', querystring: M.DuplicateListQuery, response: { 200: M.DuplicateList, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return withContactsNoted(ctx, 'duplicates', await listDuplicates(ctx, req.query));
    });

    r.post('/customer-duplicates/scan', { config: { access: 'customers.manage' }, schema: { tags, summary: 'Look for duplicates again over every customer of the account (seconds at a million customers); the suggestions are replaced', response: { 200: M.DuplicateScan, ...errorResponses } } }, async (req) => {
      return scanDuplicates(req.ctx());
    });

    r.post('/customer-duplicates/dismiss', { config: { access: 'customers.manage' }, schema: { tags, summary: 'Not the same person (不是同一人): the pair is not suggested again (audited)', body: M.DismissBody, response: { 200: M.Dismissed, ...errorResponses } } }, async (req) => {
      return dismissDuplicate(req.ctx(), [req.body.customerId, req.body.otherCustomerId]);
    });

    r.get('/customers/:id/merge-preview', { config: { access: 'customers.read' }, schema: { tags, summary: 'What merging `from` into this customer would move (nothing is changed)', params: IdParams, querystring: M.MergePreviewQuery, response: { 200: M.MergePreview, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      return withContactsNoted(ctx, 'merge_preview', await previewMerge(ctx, req.params.id, req.query.from));
    });

    r.post('/customers/:id/merge', { config: { access: 'customers.manage' }, schema: { tags, summary: 'Merge `from` into this customer (合并客户): identities, conversations, orders, points, notes and timeline move here; audited, undoable; a retry answers the same merge (200)', params: IdParams, body: M.MergeBody, response: { 200: M.MergeOne, 201: M.MergeOne, ...errorResponses } } }, async (req, reply) => {
      const { merge, created } = await mergeCustomers(req.ctx(), req.params.id, req.body.from);
      return reply.status(created ? 201 : 200).send({ merge });
    });

    r.get('/customers/:id/merges', { config: { access: 'customers.read' }, schema: { tags, summary: 'The customer’s merge history (合并记录), and where the record went if it was merged', params: IdParams, response: { 200: M.CustomerMergeStatus, ...errorResponses } } }, async (req) => {
      return customerMergeStatus(req.ctx(), req.params.id);
    });

    r.get('/customer-merges', { config: { access: 'customers.read' }, schema: { tags, summary: 'Every merge of the account, newest first (keyset pages)', querystring: M.MergeListQuery, response: { 200: M.MergeList, ...errorResponses } } }, async (req) => {
      return listMerges(req.ctx(), req.query);
    });

    r.get('/customer-merges/:id', { config: { access: 'customers.read' }, schema: { tags, summary: 'One merge: who, when, what moved, whether it was undone', params: IdParams, response: { 200: M.MergeOne, ...errorResponses } } }, async (req) => {
      return { merge: await loadMerge(req.ctx(), req.params.id) };
    });

    r.post('/customer-merges/:id/undo', { config: { access: 'customers.manage' }, schema: { tags, summary: 'Undo a merge (撤销合并): the merged customer is back with exactly what moved; what was added since stays; audited; once only', params: IdParams, response: { 200: M.MergeOne, ...errorResponses } } }, async (req) => {
      return undoMerge(req.ctx(), req.params.id);
    });
  };
}
