import crypto from 'node:crypto';
import { z } from 'zod';
import { OrderIn } from '../../../contracts/orders.ts';
import { inTransaction, systemActor, type Ctx } from '../../platform/context.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from 'pino';
import type { Locale } from '../../platform/locale.ts';
import { AppError } from '../../platform/errors.ts';
import { newSecret } from '../../platform/ids.ts';
import { secretBox } from '../../platform/secrets.ts';
import { recordAudit } from '../accounts/index.ts';
import { ingestOrders, type IngestResult } from './orders.ingest.ts';
import { normalizeAll } from './orders.input.ts';
import type { OrderPlatform } from './orders.tables.ts';

/**
 * Orders pushed by a shop system: POST /api/orders/webhook/{source}?account={accountId} with
 * `X-ShopDesk-Timestamp: <Unix seconds>` and `X-ShopDesk-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>" with the account's order-webhook secret>`, the scheme ShopDesk's own
 * outgoing webhooks use. The timestamp is inside the signature, and one more than five minutes
 * from the server's clock is refused, so a captured request cannot be replayed later. A request
 * signed over the body alone (without a timestamp) is refused too: there is no way to tell it is
 * fresh. The body is one order or { orders: [...] }, as for POST /api/orders; an order without a
 * platform is of the source's. Idempotent like every other way in.
 */
export const ORDER_SIGNATURE_HEADER = 'x-shopdesk-signature';
export const ORDER_TIMESTAMP_HEADER = 'x-shopdesk-timestamp';
/** How far a request's timestamp may be from the server's clock, either way (clocks drift). */
export const ORDER_WEBHOOK_TOLERANCE_SEC = 5 * 60;
const SOURCES: readonly OrderPlatform[] = ['taobao', 'tmall', 'jd', 'shopify', 'web'];
const SECRET_PREFIX = 'owsec_';

const sealContext = (accountId: string) => `order_webhook_settings:${accountId}`;

/** What a shop system sends as X-ShopDesk-Signature, for the timestamp it sends as X-ShopDesk-Timestamp. */
export function signOrderWebhook(secret: string, timestamp: number | string, rawBody: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The timestamp is checked before the signature, so a stale request is told so rather than "bad signature". */
function checkTimestamp(given: string | undefined, now: Date): string {
  const field = ORDER_TIMESTAMP_HEADER;
  const ts = given?.trim();
  if (!ts) throw new AppError('webhook_timestamp_missing', { field });
  if (!/^\d{1,12}$/.test(ts)) throw new AppError('webhook_timestamp_invalid', { field });
  const skew = Math.abs(now.getTime() / 1000 - Number(ts));
  if (skew > ORDER_WEBHOOK_TOLERANCE_SEC) throw new AppError('webhook_timestamp_stale', { field, vars: { minutes: ORDER_WEBHOOK_TOLERANCE_SEC / 60 } });
  return ts;
}

function signatureMatches(secret: string, timestamp: string, rawBody: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(signOrderWebhook(secret, timestamp, rawBody));
  const actual = Buffer.from(given.trim().toLowerCase());
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

export async function orderWebhookInfo(ctx: Ctx, origin: string) {
  const row = await ctx.db.selectFrom('order_webhook_settings').selectAll().where('account_id', '=', ctx.accountId).executeTakeFirst();
  const secret = row ? secretBox().open(row.secret, sealContext(ctx.accountId)) : null;
  return {
    configured: Boolean(row),
    secretHint: secret ? `${SECRET_PREFIX}…${secret.slice(-4)}` : null,
    rotatedAt: row ? row.rotated_at.toISOString() : null,
    urlTemplate: `${origin}/api/orders/webhook/{source}?account=${encodeURIComponent(ctx.accountId)}`,
  };
}

/** Makes (or replaces) the account's secret; the old one stops working at once. */
export async function rotateOrderWebhookSecret(ctx: Ctx, origin: string) {
  const secret = `${SECRET_PREFIX}${newSecret(24)}`;
  await inTransaction(ctx, async (ctx) => {
    const sealed = secretBox().seal(secret, sealContext(ctx.accountId));
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('order_webhook_settings')
      .values({ account_id: ctx.accountId, secret: sealed, rotated_at: now })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ secret: sealed, rotated_at: now }))
      .execute();
    await recordAudit(ctx, 'orders.webhook_secret_rotated', null);
  });
  return { ...(await orderWebhookInfo(ctx, origin)), secret };
}

const WebhookBody = z.union([OrderIn.extend({ platform: OrderIn.shape.platform.optional() }), z.strictObject({ orders: z.array(OrderIn.extend({ platform: OrderIn.shape.platform.optional() })).min(1).max(1000) })]);

function parseBody(rawBody: string, source: OrderPlatform) {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError('invalid_json');
  }
  const parsed = WebhookBody.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('webhook_body_invalid', { vars: { detail: `${issue.path.join('.')}: ${issue.message}` }, field: issue.path.join('.') || undefined });
  }
  const list = 'orders' in parsed.data ? parsed.data.orders : [parsed.data];
  return list.map((o) => ({ ...o, platform: o.platform ?? source }));
}

export type WebhookDeps = { db: Db; clock: Clock; log: Logger; locale: Locale };

/**
 * Checks the source, the account, the timestamp and the signature, then ingests. 404 for an unknown
 * source or account; 401 for a missing, malformed or stale timestamp and for a bad signature.
 */
export async function receiveOrderWebhook(deps: WebhookDeps, input: { source: string; accountId?: string; rawBody: string; timestamp?: string; signature?: string }): Promise<IngestResult> {
  const source = input.source as OrderPlatform;
  if (!SOURCES.includes(source) || !input.accountId) throw new AppError('webhook_source_unknown');
  const row = await deps.db.selectFrom('order_webhook_settings').select('secret').where('account_id', '=', input.accountId).executeTakeFirst();
  if (!row) throw new AppError('webhook_source_unknown');
  const secret = secretBox().open(row.secret, sealContext(input.accountId));
  const timestamp = checkTimestamp(input.timestamp, deps.clock.now());
  if (!signatureMatches(secret, timestamp, input.rawBody, input.signature)) throw new AppError('webhook_signature_invalid');
  const ctx: Ctx = { accountId: input.accountId, actor: systemActor(`order webhook (${source})`), db: deps.db, clock: deps.clock, log: deps.log, locale: deps.locale };
  return ingestOrders(ctx, normalizeAll(parseBody(input.rawBody, source)));
}
