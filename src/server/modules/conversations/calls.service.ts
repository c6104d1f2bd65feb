import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import './attachments.errors.ts';
import { loadConversation, openConversation } from './conversations.service.ts';
import { appendMessage } from './messages.service.ts';

/**
 * Digits with an optional leading +, once spaces, dashes, dots and brackets are taken out; a
 * mainland mobile number loses its +86, so 138… and +86 138… are one customer.
 */
export function normalisePhone(raw: string | undefined | null): string | null {
  const s = (raw ?? '').replace(/[\s\-().]/g, '').replace(/^(?:\+86|0086)(?=1\d{10}$)/, '');
  return /^\+?\d{3,20}$/.test(s) ? s : null;
}

/** The phone inbox, where logged calls of customers without a conversation start one. Made on first use. */
async function ensurePhoneInbox(db: Db, accountId: string): Promise<string> {
  const existing = await db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'phone').orderBy('created_at').executeTakeFirst();
  if (existing) return existing.id;
  const id = newId('inb');
  await db.insertInto('inboxes').values({ id, account_id: accountId, name: '电话', channel: 'phone', greeting: null, identity_secret: newSecret(32), settings: '{}' }).execute();
  return id;
}

/** The customer known by this number (identity first, then the profile's phone), or a new one. */
async function customerByPhone(db: Db, accountId: string, phone: string, name: string | undefined, now: Date): Promise<{ id: string; created: boolean }> {
  const identity = await db
    .selectFrom('customer_identities')
    .select('customer_id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'phone')
    .where('platform', 'is', null)
    .where('value', '=', phone)
    .executeTakeFirst();
  if (identity) return { id: identity.customer_id, created: false };
  const profile = await db.selectFrom('customers').select('id').where('account_id', '=', accountId).where('phone', '=', phone).orderBy('created_at').executeTakeFirst();
  let id = profile?.id;
  if (!id) {
    id = newId('cus');
    // Until someone asks their name, a caller goes by the last digits of the number (尾号1234).
    await db.insertInto('customers').values({ id, account_id: accountId, name: name || null, nickname: `尾号${phone.slice(-4)}`, phone, first_seen_at: now, last_seen_at: now }).execute();
  }
  await db.insertInto('customer_identities').values({ id: newId('cid'), account_id: accountId, customer_id: id, kind: 'phone', platform: null, value: phone }).execute();
  return { id, created: !profile };
}

/**
 * A phone number's open conversation: the customer found by the number (or made), in the phone
 * inbox. Concurrent calls for one new number wait on a lock, so they find one customer.
 */
export async function openPhoneConversation(ctx: Ctx, input: { number: string; name?: string }) {
  const phone = normalisePhone(input.number);
  if (!phone) throw new AppError('phone_invalid', { field: 'number' });
  return inTransaction(ctx, async (ctx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`phone:${ctx.accountId}:${phone}`}))`.execute(ctx.db);
    const now = ctx.clock.now();
    const customer = await customerByPhone(ctx.db, ctx.accountId, phone, input.name, now);
    const inboxId = await ensurePhoneInbox(ctx.db, ctx.accountId);
    const conv = await openConversation(ctx.db, { accountId: ctx.accountId, inboxId, customerId: customer.id, channel: 'phone', now });
    return { conversation: await loadConversation(ctx.db, ctx.accountId, conv.id), created: customer.created || conv.created };
  });
}

export type CallInput = { clientId: string; direction: 'inbound' | 'outbound'; number?: string; durationSec: number; summary: string; recordingId?: string };

function durationText(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = sec % 60;
  return m ? `${m}分${s}秒` : `${s}秒`;
}

/**
 * Logs a call in the conversation: a message of kind 'call' with the direction, number and
 * duration in its meta and the recording as its attachment. Customers never see it.
 */
export async function logCall(ctx: Ctx, conversationId: string, input: CallInput) {
  const conversation = await loadConversation(ctx.db, ctx.accountId, conversationId);
  let phone: string | null;
  if (input.number) {
    phone = normalisePhone(input.number);
  } else {
    const customer = await ctx.db.selectFrom('customers').select('phone').where('account_id', '=', ctx.accountId).where('id', '=', conversation.customer.id).executeTakeFirst();
    phone = normalisePhone(customer?.phone);
  }
  if (!phone) throw new AppError('phone_invalid', { field: 'number' });
  if (input.recordingId) {
    const file = await ctx.db
      .selectFrom('attachments')
      .select('content_type')
      .where('account_id', '=', ctx.accountId)
      .where('conversation_id', '=', conversationId)
      .where('id', '=', input.recordingId)
      .executeTakeFirst();
    if (!file) throw new AppError('attachments_invalid', { field: 'recordingId' });
    if (!file.content_type.startsWith('audio/')) throw new AppError('recording_not_audio', { field: 'recordingId' });
  }
  const label = input.direction === 'inbound' ? '来电' : '去电';
  const { message } = await appendMessage(ctx.db, {
    accountId: ctx.accountId,
    conversationId,
    senderType: 'agent',
    senderId: ctx.actor.id,
    senderName: ctx.actor.name,
    kind: 'call',
    body: input.summary,
    attachmentIds: input.recordingId ? [input.recordingId] : undefined,
    meta: { direction: input.direction, number: phone, durationSec: input.durationSec },
    preview: `[${label} ${durationText(input.durationSec)}] ${input.summary}`.trim(),
    clientId: input.clientId,
    now: ctx.clock.now(),
  });
  return message;
}
