import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as O from '../../../contracts/orders.ts';
import { ErrorBody, errorResponses, IdParams } from '../../../contracts/common.ts';
import { AppError } from '../../platform/errors.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../db/database.ts';
import { ingestOrders } from './orders.ingest.ts';
import { normalizeAll } from './orders.input.ts';
import { getOrder, listOrders } from './orders.queries.ts';
import { ORDER_SIGNATURE_HEADER, ORDER_TIMESTAMP_HEADER, ORDER_WEBHOOK_TOLERANCE_SEC, orderWebhookInfo, receiveOrderWebhook, rotateOrderWebhookSecret } from './order-webhook.service.ts';

const tags = ['orders'];

/** A body sent as JSON that is not JSON is refused as such, before anything else looks at the request. */
export function jsonProblem(contentType: string | undefined, body: string | Buffer): AppError | null {
  if (!/^application\/(.+\+)?json/i.test(contentType ?? '')) return null;
  try {
    JSON.parse(body.toString());
    return null;
  } catch {
    return new AppError('invalid_json');
  }
}

/** Orders (订单): the list, one order, orders in through the API, and the shop-system webhook. */
export function ordersRoutes(opts: { publicUrl?: string }) {
  const origin = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.host}`;
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/orders', { config: { access: 'customers.read' }, schema: { tags, summary: 'Orders newest placed first, by customer, status, platform, platform order id and placed time; keyset pages', querystring: O.OrdersQuery, response: { 200: O.OrderList, ...errorResponses } } }, async (req) => {
      return listOrders(req.ctx(), req.query);
    });

    r.get('/orders/:id', { config: { access: 'customers.read' }, schema: { tags, summary: 'One order with all its lines', params: IdParams, response: { 200: z.object({ order: O.OrderDetail }), ...errorResponses } } }, async (req) => {
      return { order: await getOrder(req.ctx(), req.params.id) };
    });

    r.post('/orders', { config: { access: 'orders.import' }, schema: { tags, summary: '{ orders: [...] }: one order or up to 1,000, upserted on platform + platformOrderId: 201 when something was created, 200 otherwise; each order says created, updated or unchanged', body: O.OrdersPostBody, response: { 200: O.IngestResult, 201: O.IngestResult, ...errorResponses } } }, async (req, reply) => {
      const result = await ingestOrders(req.ctx(), normalizeAll(req.body.orders));
      return reply.status(result.created > 0 ? 201 : 200).send(result);
    });

    r.get('/order-webhook', { config: { access: 'tokens.manage' }, schema: { tags, summary: 'The order webhook: its URL and whether a signing secret is set', response: { 200: O.OrderWebhookInfo, ...errorResponses } } }, async (req) => {
      return orderWebhookInfo(req.ctx(), origin(req));
    });

    r.post('/order-webhook/rotate-secret', { config: { access: 'tokens.manage' }, schema: { tags, summary: 'Make or replace the order webhook signing secret, shown this once; the old one stops at once', response: { 200: O.OrderWebhookSecret, ...errorResponses } } }, async (req) => {
      return rotateOrderWebhookSecret(req.ctx(), origin(req));
    });
  };
}

/**
 * The webhook reads its body as text: the signature is over the exact bytes sent. Its own plugin,
 * so the raw JSON parser applies to this route only.
 */
export function orderWebhookReceiverRoutes(deps: { db: Db; clock: Clock }) {
  return async function (app: FastifyInstance) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 4 * 1024 * 1024 }, (req, body, done) => done(jsonProblem(req.headers['content-type'], body), body));
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post('/orders/webhook/:source', {
      config: { access: 'public' },
      schema: {
        tags,
        summary: `A shop system pushes orders (one, or { orders: [...] }, as POST /api/orders; platform defaults to the source). Signed: ${ORDER_TIMESTAMP_HEADER}: <Unix seconds> and ${ORDER_SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the account’s order-webhook secret>. The timestamp is required and must be within ${ORDER_WEBHOOK_TOLERANCE_SEC / 60} minutes of the server’s clock (so a captured request cannot be replayed); a signature over the body alone, without a timestamp, is no longer accepted. 201 created something, 200 otherwise; 401 missing or stale timestamp, or bad signature; 404 unknown source or account`,
        params: O.WebhookSourceParams,
        querystring: O.WebhookQuery.partial(),
        response: { 200: O.IngestResult, 201: O.IngestResult, ...errorResponses, 413: ErrorBody },
      },
    }, async (req, reply) => {
      const rawBody = typeof req.body === 'string' ? req.body : '';
      if (!rawBody) throw new AppError('webhook_body_invalid', { vars: { detail: 'empty' } });
      const signature = req.headers[ORDER_SIGNATURE_HEADER];
      const timestamp = req.headers[ORDER_TIMESTAMP_HEADER];
      const result = await receiveOrderWebhook(
        { db: deps.db, clock: deps.clock, log: req.log as Ctx['log'], locale: req.locale },
        { source: req.params.source, accountId: req.query.account, rawBody, timestamp: Array.isArray(timestamp) ? timestamp[0] : timestamp, signature: Array.isArray(signature) ? signature[0] : signature },
      );
      return reply.status(result.created > 0 ? 201 : 200).send(result);
    });
  };
}
