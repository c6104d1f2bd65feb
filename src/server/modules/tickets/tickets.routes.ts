import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as T from '../../../contracts/tickets.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { checkFile, cleanFileName, contentDisposition, isInline } from '../conversations/index.ts';
import { workOrderPeople } from './tickets.people.ts';
import { getWorkOrder, listWorkOrders, loadVisible } from './tickets.read.ts';
import { addComment, linkConversation, setWatching, unlinkConversation } from './tickets.comments.ts';
import { createWorkOrder, transitionWorkOrder, updateWorkOrder } from './tickets.service.ts';

const tags = ['work-orders'];
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const LinkParams = z.strictObject({ id: z.string().min(1).max(64), conversationId: z.string().min(1).max(64) });
const FileParams = z.strictObject({ id: z.string().min(1).max(64), attachmentId: z.string().min(1).max(64) });

/** Work orders (工单): HTTP is the resource plus an action sub-path for each change of state. */
export function workOrdersRoutes(deps: { publicUrl?: string } = {}) {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/work-orders', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'Work orders the caller may see, newest first, with each one’s SLA countdown (operations staff: their teams’ and their own only)', querystring: T.WorkOrderListQuery, response: { 200: T.WorkOrderList, ...errorResponses } } }, async (req) => {
      return listWorkOrders(req.ctx(), req.query);
    });

    r.get('/work-orders/people', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'The teams and members a work order can be handed to (operations staff read it too)', response: { 200: T.WorkOrderPeople, ...errorResponses } } }, async (req) => {
      return workOrderPeople(req.ctx());
    });

    r.post('/work-orders', { config: { access: 'work_orders.work' }, schema: { tags, summary: 'Open a work order, on its own or from a conversation (linked both ways); its SLA targets and due times are set from the type’s policy', body: T.WorkOrderBody, response: { 201: T.WorkOrderOne, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ workOrder: await createWorkOrder(req.ctx(), req.body) });
    });

    r.get('/work-orders/:id', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'One work order with its SLA targets, escalation levels, watchers, linked conversations and timeline', params: IdParams, response: { 200: T.WorkOrderOne, ...errorResponses } } }, async (req) => {
      return { workOrder: await getWorkOrder(req.ctx(), req.params.id) };
    });

    r.patch('/work-orders/:id', { config: { access: 'work_orders.work' }, schema: { tags, summary: 'Change the title, description, fields or priority, or hand it to another team or person', params: IdParams, body: T.WorkOrderPatch, response: { 200: T.WorkOrderOne, ...errorResponses } } }, async (req) => {
      return { workOrder: await updateWorkOrder(req.ctx(), req.params.id, req.body) };
    });

    r.post('/work-orders/:id/transition', { config: { access: 'work_orders.work' }, schema: { tags, summary: 'Change the status by one action of the transition table (开始处理, 待客户回复, 转其他团队, 继续处理, 已解决, 关闭, 重新打开)', params: IdParams, body: T.TransitionBody, response: { 200: T.WorkOrderOne, ...errorResponses } } }, async (req) => {
      return { workOrder: await transitionWorkOrder(req.ctx(), req.params.id, req.body.action, req.body.note) };
    });

    r.post('/work-orders/:id/comments', { config: { access: 'work_orders.work' }, schema: { tags, summary: 'An internal comment, or (public) a reply the customer sees, sent through the linked conversation’s channel; safe to retry with the same clientId', params: IdParams, body: T.CommentBody, response: { 201: T.WorkOrderOne, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ workOrder: await addComment(req.ctx(), req.params.id, req.body, deps) });
    });

    r.put('/work-orders/:id/watch', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'Watch the work order (关注): hear of every change', params: IdParams, response: { 200: T.WorkOrderOne, ...errorResponses } } }, async (req) => {
      return { workOrder: await setWatching(req.ctx(), req.params.id, true) };
    });

    r.delete('/work-orders/:id/watch', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'Stop watching the work order', params: IdParams, response: { 200: T.WorkOrderOne, ...errorResponses } } }, async (req) => {
      return { workOrder: await setWatching(req.ctx(), req.params.id, false) };
    });

    r.post('/work-orders/:id/links', { config: { access: 'work_orders.work' }, schema: { tags, summary: 'Link another conversation (a tracker work order gathers every customer with the same problem; each is told when it is resolved)', params: IdParams, body: T.LinkBody, response: { 200: T.WorkOrderOne, ...errorResponses } } }, async (req) => {
      return { workOrder: await linkConversation(req.ctx(), req.params.id, req.body.conversationId) };
    });

    r.delete('/work-orders/:id/links/:conversationId', { config: { access: 'work_orders.work' }, schema: { tags, summary: 'Unlink a conversation', params: LinkParams, response: { 200: T.WorkOrderOne, ...errorResponses } } }, async (req) => {
      return { workOrder: await unlinkConversation(req.ctx(), req.params.id, req.params.conversationId) };
    });

    await app.register(async (scope) => {
      scope.removeContentTypeParser('text/plain');
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_req, body, done) => done(null, body));
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/work-orders/:id/attachments',
        { config: { access: 'work_orders.work' }, bodyLimit: MAX_FILE_BYTES, schema: { tags, summary: 'Upload a file (raw bytes; Content-Type, and the name in ?name= or x-file-name); send it with a comment’s attachmentIds. Images, documents and recordings up to 20 MB', params: IdParams, querystring: z.strictObject({ name: z.string().max(300).optional() }), response: { 201: z.object({ attachment: T.WorkOrderAttachment }), ...errorResponses } } },
        async (req, reply) => {
          const ctx = req.ctx();
          await loadVisible(ctx, req.params.id);
          const bytes = req.body instanceof Buffer ? req.body : null;
          if (!bytes || bytes.length === 0) throw new AppError('attachment_empty');
          const name = req.query.name ?? headerName(req);
          const check = checkFile(bytes, req.headers['content-type'], name ?? '');
          if (!check.ok) throw check.reason === 'mismatch' ? new AppError('attachment_type_mismatch', { vars: { type: String(req.headers['content-type'] ?? '') } }) : new AppError('attachment_type_refused');
          const attachment = { id: newId('woa'), fileName: cleanFileName(name, check.contentType), contentType: check.contentType, byteSize: bytes.length };
          await ctx.db.insertInto('work_order_attachments').values({ id: attachment.id, account_id: ctx.accountId, work_order_id: req.params.id, uploader_id: ctx.actor.id, file_name: attachment.fileName, content_type: attachment.contentType, byte_size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), data: bytes, created_at: ctx.clock.now() }).execute();
          return reply.status(201).send({ attachment });
        },
      );
    });

    r.get('/work-orders/:id/attachments/:attachmentId', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'Download a file of the work order', params: FileParams } }, async (req, reply) => {
      const ctx = req.ctx();
      await loadVisible(ctx, req.params.id);
      const file = await ctx.db.selectFrom('work_order_attachments').select(['file_name', 'content_type', 'data']).where('account_id', '=', ctx.accountId).where('work_order_id', '=', req.params.id).where('id', '=', req.params.attachmentId).executeTakeFirst();
      if (!file) throw notFound('attachment');
      reply.header('content-type', file.content_type);
      reply.header('content-disposition', contentDisposition(isInline(file.content_type) ? 'inline' : 'attachment', file.file_name));
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cross-origin-resource-policy', 'same-origin');
      return reply.send(Buffer.from(file.data));
    });
  };
}

function headerName(req: FastifyRequest): string | undefined {
  const raw = req.headers['x-file-name'];
  if (typeof raw !== 'string') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
