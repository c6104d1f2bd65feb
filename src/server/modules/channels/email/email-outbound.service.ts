import crypto from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Db } from '../../../db/database.ts';
import { emit, type OutboxEvent } from '../../../platform/events.ts';
import { enqueueJob, type JobContext } from '../../../platform/jobs.ts';
import { maskEmailsIn } from '../../../platform/mask.ts';
import { SecretError } from '../../../platform/secrets.ts';
import { presentMessage, type Message } from '../../conversations/conversations.presenters.ts';
import { appendMessage } from '../../conversations/messages.service.ts';
import { emailSettingsOf, type InboxRow, type SmtpSettings } from './email-inboxes.service.ts';
import { emailSourceId } from './email-inbound.service.ts';
import { openSmtpPassword } from './email-smtp-password.ts';

export const SEND_REPLY_JOB = 'email.send-reply';
/** Attempts before a reply counts as undeliverable: retried after 2, 4, 8, 16 and 32 seconds. */
export const SEND_REPLY_ATTEMPTS = 6;

export type Delivery = 'sending' | 'retrying' | 'sent' | 'failed';

/** After an agent's public reply in an email conversation is stored: queue its sending. */
export async function queueEmailReply(db: Db, event: OutboxEvent): Promise<void> {
  const message = event.payload.message as Message | undefined;
  if (!message || message.senderType !== 'agent' || message.kind !== 'text') return;
  const conversationId = String(event.payload.conversationId);
  const conv = await db.selectFrom('conversations').select('channel').where('account_id', '=', event.accountId).where('id', '=', conversationId).executeTakeFirst();
  if (conv?.channel !== 'email') return;
  await enqueueJob(db, {
    name: SEND_REPLY_JOB,
    accountId: event.accountId,
    payload: { conversationId, messageId: message.id },
    singletonKey: `email-reply:${event.accountId}:${message.id}`,
    maxAttempts: SEND_REPLY_ATTEMPTS,
  });
}

type Meta = Record<string, unknown>;
const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

/** `Re: <subject>`, once: a subject that already says Re:/回复: is kept as it is. */
export function replySubject(subject: string, fallback: string): string {
  const s = subject.trim();
  if (!s) return fallback;
  return /^(re|回复|答复|回覆)\s*[:：]/i.test(s) ? s : `Re: ${s}`;
}

/** Mail systems tell a permanent refusal (5xx, bad credentials, every recipient refused) from a passing one. */
export function isPermanent(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) return true;
  return e.code === 'EAUTH' || e.code === 'EENVELOPE';
}

function describe(err: unknown): string {
  return String((err as Error)?.message ?? err).replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * Sends one agent reply by the inbox's SMTP server. Safe to run again: a reply marked sent is not
 * sent twice, and a retry after an interrupted attempt reuses the Message-ID recorded before the
 * first one, which receiving mail systems treat as the same mail.
 */
export async function sendEmailReply(job: JobContext): Promise<unknown> {
  const { db } = job;
  const accountId = job.accountId;
  if (!accountId) return { skipped: 'no account' };
  const messageId = Number(job.payload.messageId);
  const row = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', (j) => j.onRef('c.id', '=', 'm.conversation_id').onRef('c.account_id', '=', 'm.account_id'))
    .selectAll('m')
    .select(['c.inbox_id', 'c.customer_id', 'c.subject as conversation_subject'])
    .where('m.account_id', '=', accountId)
    .where('m.id', '=', messageId)
    .executeTakeFirst();
  if (!row) return { skipped: 'message not found' };
  const meta = (row.meta ?? {}) as Meta;
  if (meta.delivery === 'sent') return { skipped: 'already sent' };

  const inbox = await db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId).where('id', '=', row.inbox_id).executeTakeFirst();
  const settings = inbox ? emailSettingsOf(inbox) : null;
  // The customer's latest mail: the reply goes to its sender and continues its thread.
  const parent = await db
    .selectFrom('messages')
    .select('meta')
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', row.conversation_id)
    .where('sender_type', '=', 'customer')
    .where('source_id', 'like', 'email:%')
    .where('id', '<', messageId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const parentMeta = (parent?.meta ?? {}) as Meta;
  const customer = await db.selectFrom('customers').select('email').where('account_id', '=', accountId).where('id', '=', row.customer_id).executeTakeFirst();
  const to = text(parentMeta.replyTo) ?? text(parentMeta.from) ?? customer?.email ?? null;

  const fail = (code: string, reason: string) => recordFailure(db, { accountId, row, to, code, reason, now: job.clock.now() });
  if (!settings?.address || !settings.smtp) return fail('smtp_not_configured', '该邮件入口未配置发信服务器（SMTP）');
  if (!to) return fail('no_recipient', '找不到顾客的邮箱地址');
  const login = signInWith(settings.smtp, { accountId, inboxId: row.inbox_id });
  if (!login) return fail('smtp_password_unreadable', '无法解开该邮件入口保存的 SMTP 密码（服务器密钥已更换？），请在邮件入口设置中重新填写密码');

  const fromName = settings.displayName || inbox!.name;
  const inReplyTo = text(parentMeta.messageId);
  const references = [...list(parentMeta.references), ...(inReplyTo ? [inReplyTo] : [])].slice(-20);
  const subject = replySubject(row.conversation_subject ?? text(parentMeta.subject) ?? '', fromName);
  const domain = settings.address.split('@')[1] ?? 'shopdesk.local';
  const outgoingId = text(meta.messageId) ?? `sd.${row.id}.${crypto.randomBytes(8).toString('hex')}@${domain}`;
  const headers: Meta = { subject, from: settings.address, fromName, to: [to], messageId: outgoingId, inReplyTo, references };

  // What is about to leave is recorded first, its Message-ID included, so the customer's answer
  // threads back even if this process stops between sending and marking it sent.
  await db
    .updateTable('messages')
    .set({ meta: JSON.stringify({ ...meta, ...headers, delivery: 'sending' satisfies Delivery }), source_id: emailSourceId(outgoingId) })
    .where('account_id', '=', accountId)
    .where('id', '=', row.id)
    .execute();

  const files = await db
    .selectFrom('attachments')
    .select(['file_name', 'content_type', 'data'])
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', row.conversation_id)
    .where('message_id', '=', row.id)
    .orderBy('created_at')
    .execute();

  try {
    await deliver(login, {
      from: { name: fromName, address: settings.address },
      to,
      subject,
      text: row.body,
      messageId: `<${outgoingId}>`,
      ...(inReplyTo ? { inReplyTo: `<${inReplyTo}>`, references: references.map((id) => `<${id}>`) } : {}),
      attachments: files.map((f) => ({ filename: f.file_name, contentType: f.content_type, content: Buffer.from(f.data) })),
    });
  } catch (err) {
    const reason = describe(err);
    job.log.warn({ err, messageId: row.id, attempt: job.attempt }, 'email reply not sent');
    if (isPermanent(err) || job.attempt >= job.maxAttempts) return fail('smtp_refused', reason);
    await setDelivery(db, accountId, row.id, row.conversation_id, { delivery: 'retrying', deliveryError: reason, deliveryAttempts: job.attempt });
    throw err;
  }
  await setDelivery(db, accountId, row.id, row.conversation_id, { delivery: 'sent', deliveryError: null, sentAt: job.clock.now().toISOString() });
  return { sent: outgoingId, to };
}

/** The SMTP settings with the password opened; null when this server's key cannot open it. */
function signInWith(smtp: SmtpSettings, inbox: { accountId: string; inboxId: string }): SmtpSettings | null {
  try {
    return { ...smtp, password: openSmtpPassword(inbox, smtp.password) };
  } catch (err) {
    if (err instanceof SecretError) return null;
    throw err;
  }
}

async function deliver(smtp: SmtpSettings, mail: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  try {
    await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

/** The account's first email inbox that can send (an address and SMTP settings): for mail of the shop's own. */
export async function firstSendingInbox(db: Db, accountId: string): Promise<InboxRow | null> {
  const inboxes = await db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId).where('channel', '=', 'email').orderBy('created_at').orderBy('id').execute();
  return inboxes.find((i) => {
    const s = emailSettingsOf(i);
    return Boolean(s.address && s.smtp);
  }) ?? null;
}

/**
 * Mail of the shop's own that is no reply in a conversation (a member's notification), by an
 * inbox's SMTP server with the same sign-in and transport as replies. `key` makes a stable
 * Message-ID, so a resend after an interrupted attempt is the same mail to the receiving system.
 */
export async function sendByInbox(inbox: InboxRow, mail: { to: string; subject: string; text: string; key: string }): Promise<'sent' | 'no_smtp' | 'password_unreadable'> {
  const settings = emailSettingsOf(inbox);
  if (!settings.address || !settings.smtp) return 'no_smtp';
  const login = signInWith(settings.smtp, { accountId: inbox.account_id, inboxId: inbox.id });
  if (!login) return 'password_unreadable';
  const domain = settings.address.split('@')[1] ?? 'shopdesk.local';
  await deliver(login, { from: { name: settings.displayName || inbox.name, address: settings.address }, to: mail.to, subject: mail.subject, text: mail.text, messageId: `<${mail.key}@${domain}>` });
  return 'sent';
}

/** Merges delivery fields into the message's meta and tells the workspace. */
async function setDelivery(db: Db, accountId: string, id: number, conversationId: string, fields: Meta): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('messages').select('meta').where('account_id', '=', accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) return;
    const updated = await trx
      .updateTable('messages')
      .set({ meta: JSON.stringify({ ...((current.meta ?? {}) as Meta), ...fields }) })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit({ db: trx, accountId }, 'message.updated', { conversationId, message: presentMessage(updated) });
  });
}

/** A reply that will not be delivered: marked failed on the message, and said in the conversation. */
async function recordFailure(db: Db, input: { accountId: string; row: { id: number; conversation_id: string }; to: string | null; code: string; reason: string; now: Date }) {
  await setDelivery(db, input.accountId, input.row.id, input.row.conversation_id, { delivery: 'failed', deliveryError: input.reason });
  const body = `邮件未能发送${input.to ? `给 ${input.to}` : ''}：${input.reason}`;
  await appendMessage(db, {
    accountId: input.accountId,
    conversationId: input.row.conversation_id,
    senderType: 'system',
    senderId: null,
    senderName: null,
    kind: 'event',
    body,
    // The conversation list's line is the same for every member: the customer's address goes in it masked.
    preview: maskEmailsIn(body),
    meta: { event: 'email.delivery_failed', messageId: String(input.row.id), code: input.code, error: input.reason, ...(input.to ? { to: input.to } : {}) },
    now: input.now,
  });
  return { failed: input.code, reason: input.reason };
}
