import { sql } from 'kysely';
import { retryDelayMs, type JobContext } from '../../../platform/jobs.ts';
import { apiSettingsOf } from './api-inboxes.service.ts';
import { DELIVERY_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature.ts';

export const DELIVERY_TIMEOUT_MS = 10_000;

type Outcome = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string; final?: boolean };

/**
 * One attempt at a webhook delivery. A 2xx answer delivers it; anything else is recorded on the
 * delivery and thrown, so the jobs module retries it with its backoff until the last attempt,
 * after which the delivery is failed. Signed with the inbox's current secret and sent to its
 * current URL, so fixing either in the settings applies to the next attempt.
 */
export async function deliverWebhook(job: JobContext): Promise<unknown> {
  const accountId = job.accountId;
  const deliveryId = String(job.payload.deliveryId ?? '');
  if (!accountId || !deliveryId) return { skipped: 'no delivery' };
  const delivery = await job.db.selectFrom('webhook_deliveries').selectAll().where('account_id', '=', accountId).where('id', '=', deliveryId).executeTakeFirst();
  // Gone with its inbox, or already settled by an earlier run of this job.
  if (!delivery || delivery.status !== 'pending') return { skipped: delivery?.status ?? 'gone' };
  const inbox = await job.db.selectFrom('inboxes').select(['id', 'settings']).where('account_id', '=', accountId).where('id', '=', delivery.inbox_id).executeTakeFirst();
  const settings = inbox ? apiSettingsOf(inbox) : null;

  let outcome: Outcome;
  let url = delivery.url;
  if (!settings?.enabled) outcome = { ok: false, statusCode: null, error: 'the API channel is turned off', final: true };
  else if (!settings.webhookUrl) outcome = { ok: false, statusCode: null, error: 'no webhook URL is set for this inbox', final: true };
  else {
    url = settings.webhookUrl;
    outcome = await post(url, settings.webhookSecret, deliveryId, JSON.stringify(delivery.payload), job.clock.now());
  }

  const now = job.clock.now();
  if (outcome.ok) {
    await job.db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivered', attempts: sql`attempts + 1`, url, last_status_code: outcome.statusCode, last_error: null, next_attempt_at: null, delivered_at: now })
      .where('account_id', '=', accountId)
      .where('id', '=', deliveryId)
      .execute();
    return { delivered: true, statusCode: outcome.statusCode };
  }
  const last = outcome.final || job.attempt >= job.maxAttempts;
  await job.db
    .updateTable('webhook_deliveries')
    .set({
      status: last ? 'failed' : 'pending',
      attempts: sql`attempts + 1`,
      url,
      last_status_code: outcome.statusCode,
      last_error: outcome.error.slice(0, 500),
      next_attempt_at: last ? null : new Date(now.getTime() + retryDelayMs(job.attempt)),
    })
    .where('account_id', '=', accountId)
    .where('id', '=', deliveryId)
    .execute();
  // Nothing to retry when the channel is off or has no URL: a manual retry after fixing it sends it.
  if (outcome.final) return { delivered: false, error: outcome.error };
  throw new Error(`webhook ${deliveryId}: ${outcome.error}`);
}

async function post(url: string, secret: string, deliveryId: string, body: string, now: Date): Promise<Outcome> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'ShopDesk-Webhook/1',
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [DELIVERY_HEADER]: deliveryId,
      },
      body,
      // A redirect could carry the signed body somewhere else: the receiver's answer is taken as it is.
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    // The receiver's answer is not kept (it may be large, or say things about its network): only the status.
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status };
    return { ok: false, statusCode: res.status, error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return { ok: false, statusCode: null, error: `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s` };
    return { ok: false, statusCode: null, error: e.cause?.code ?? e.cause?.message ?? e.message };
  }
}
