import { sql, type Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { Ctx } from '../../../platform/context.ts';
import { inTransaction } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { ulid } from '../../../platform/ids.ts';
import { enqueueJob } from '../../../platform/jobs.ts';
import type { Message } from '../../conversations/conversations.presenters.ts';
import type { WebhookDeliveriesTable } from '../../conversations/conversations.tables.ts';
import { apiSettingsOf, findApiInbox } from './api-inboxes.service.ts';

export const DELIVER_JOB = 'channels.api.deliver-webhook';
/** Attempts per delivery, spaced by the jobs module's backoff (2 s, 4 s, 8 s, 16 s, 32 s). */
export const DELIVERY_ATTEMPTS = 6;

export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export function presentDelivery(d: DeliveryRow) {
  return {
    id: d.id,
    inboxId: d.inbox_id,
    messageId: d.message_id === null ? null : String(d.message_id),
    event: d.event,
    url: d.url,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    nextAttemptAt: d.next_attempt_at ? d.next_attempt_at.toISOString() : null,
    deliveredAt: d.delivered_at ? d.delivered_at.toISOString() : null,
    createdAt: d.created_at.toISOString(),
    payload: d.payload ?? {},
  };
}

async function scheduleAttempts(db: Db, accountId: string, deliveryId: string, runAt: Date) {
  // No singleton key: a retry is only allowed once the previous round has ended (status not pending).
  await enqueueJob(db, { name: DELIVER_JOB, accountId, payload: { deliveryId }, runAt, maxAttempts: DELIVERY_ATTEMPTS });
}

/**
 * An agent's public reply in a conversation of an API inbox becomes a delivery to the connector's
 * webhook. Runs as an outbox handler, so at least once: a second run for the same message finds
 * the delivery it made and does nothing.
 */
export async function queueReplyDelivery(db: Db, accountId: string, conversationId: string, message: Message, now: Date): Promise<string | null> {
  if (message.kind !== 'text' || message.senderType !== 'agent') return null;
  const conv = await db
    .selectFrom('conversations as c')
    .innerJoin('inboxes as i', (j) => j.onRef('i.id', '=', 'c.inbox_id').onRef('i.account_id', '=', 'c.account_id'))
    .select(['c.id', 'c.customer_id', 'c.entry', 'i.id as inbox_id', 'i.channel', 'i.settings'])
    .where('c.account_id', '=', accountId)
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (!conv || conv.channel !== 'api') return null;
  const settings = apiSettingsOf(conv);
  if (!settings.enabled) return null;
  const messageId = Number(message.id);
  return db.transaction().execute(async (trx) => {
    // A rerun comes soon after the first run: looking from the message's time on keeps this an index range scan.
    const since = new Date(Date.parse(message.createdAt) - 60 * 60_000);
    const existing = await trx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('account_id', '=', accountId)
      .where('inbox_id', '=', conv.inbox_id)
      .where('created_at', '>=', since)
      .where('message_id', '=', messageId)
      .where('event', '=', 'message.created')
      .executeTakeFirst();
    if (existing) return existing.id;
    const id = `whd_${ulid()}`;
    const payload = {
      event: 'message.created',
      deliveryId: id,
      inboxId: conv.inbox_id,
      conversation: { id: conv.id, externalConversationId: (conv.entry as { externalConversationId?: string } | null)?.externalConversationId ?? null },
      customer: { externalId: await customerExternalId(trx, accountId, conv.id, conv.customer_id, settings.platform) },
      message: { id: message.id, body: message.body, sender: { name: message.sender?.name ?? null }, createdAt: message.createdAt },
    };
    await trx
      .insertInto('webhook_deliveries')
      .values({ id, account_id: accountId, inbox_id: conv.inbox_id, message_id: messageId, event: 'message.created', url: settings.webhookUrl ?? '', payload: JSON.stringify(payload), next_attempt_at: now, created_at: now })
      .execute();
    await scheduleAttempts(trx, accountId, id, now);
    return id;
  });
}

/** The id the connector gave the customer: from their latest message in this conversation, else their platform identity. */
async function customerExternalId(db: Db, accountId: string, conversationId: string, customerId: string, platform: string): Promise<string | null> {
  const last = await db
    .selectFrom('messages')
    .select(sql<string | null>`meta->>'customerExternalId'`.as('external_id'))
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conversationId)
    .where('sender_type', '=', 'customer')
    .where('source_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last?.external_id) return last.external_id;
  const identity = await db
    .selectFrom('customer_identities')
    .select('value')
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'platform')
    .where('platform', '=', platform as never)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return identity?.value ?? null;
}

export type DeliveriesQuery = { status?: 'pending' | 'delivered' | 'failed'; cursor?: string; limit: number };

/** The inbox's deliveries, newest first. */
export async function listDeliveries(ctx: Ctx, inboxId: string, q: DeliveriesQuery) {
  const inbox = await findApiInbox(ctx.db, ctx.accountId, inboxId);
  let query = ctx.db.selectFrom('webhook_deliveries').selectAll().where('account_id', '=', ctx.accountId).where('inbox_id', '=', inbox.id);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.cursor) {
    const [at, id] = q.cursor.split('|');
    const time = new Date(Number(at));
    query = query.where((eb) => eb.or([eb('created_at', '<', time), eb.and([eb('created_at', '=', time), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map(presentDelivery), nextCursor: rows.length > q.limit && last ? `${last.created_at.getTime()}|${last.id}` : null };
}

/** Sends a failed (or delivered) delivery again, with a fresh round of attempts. */
export async function retryDelivery(ctx: Ctx, id: string) {
  return inTransaction(ctx, async (ctx) => {
    const delivery = await ctx.db.selectFrom('webhook_deliveries').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!delivery) throw notFound('webhook_delivery');
    if (delivery.status === 'pending') throw new AppError('delivery_in_progress');
    const now = ctx.clock.now();
    const row = await ctx.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now, delivered_at: null })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', delivery.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await scheduleAttempts(ctx.db, ctx.accountId, delivery.id, now);
    return presentDelivery(row);
  });
}
