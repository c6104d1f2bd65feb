import crypto from 'node:crypto';

/**
 * How a receiver knows a webhook came from ShopDesk: the hex HMAC-SHA256 of `<timestamp>.<raw body>`
 * with the inbox's signing secret, sent as `X-ShopDesk-Signature: sha256=<hex>` beside
 * `X-ShopDesk-Timestamp` (Unix seconds). The timestamp inside the signature stops an old request
 * from being replayed later with a fresh timestamp.
 */
export const SIGNATURE_HEADER = 'x-shopdesk-signature';
export const TIMESTAMP_HEADER = 'x-shopdesk-timestamp';
export const DELIVERY_HEADER = 'x-shopdesk-delivery';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** What a receiver does: recompute and compare in constant time, and refuse a stale timestamp. */
export function verifyWebhook(secret: string, input: { timestamp: string | undefined; body: string; signature: string | undefined; now?: Date; toleranceSec?: number }): boolean {
  if (!input.timestamp || !input.signature || !/^\d{1,12}$/.test(input.timestamp)) return false;
  const now = (input.now ?? new Date()).getTime() / 1000;
  if (Math.abs(now - Number(input.timestamp)) > (input.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, input.timestamp, input.body));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** Shows which secret is in use without showing the secret. */
export function secretHint(secret: string | undefined): string {
  return secret ? `${WEBHOOK_SECRET_PREFIX}…${secret.slice(-4)}` : '';
}
