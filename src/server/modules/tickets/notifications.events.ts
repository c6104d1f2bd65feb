import type { Db } from '../../db/database.ts';
import { onEvent } from '../../platform/events.ts';
import { defineJob, enqueueJob, type JobContext } from '../../platform/jobs.ts';
import type { Locale } from '../../platform/locale.ts';
import { firstSendingInbox, isPermanentSmtpError, sendByInbox } from '../channels/email/index.ts';
import { presentNotification } from './notifications.service.ts';

export const SEND_EMAIL_JOB = 'notifications.send-email';
/** Retried after 2, 4, 8 and 16 seconds, then marked failed. */
const SEND_EMAIL_ATTEMPTS = 5;

/**
 * After commit, each new notification reaches its member twice: live in every app they have open
 * (`user:<id>`), and by email as a durable job. Handlers run at least once: the email is queued
 * only while the row still says 'none', so a repeat queues nothing.
 */
export function registerNotificationHandlers(): void {
  onEvent('notification.created', 'notifications.deliver', async (event, { db, publish }) => {
    const ids = Array.isArray(event.payload.ids) ? (event.payload.ids as unknown[]).map(String) : [];
    if (!ids.length) return;
    const rows = await db
      .selectFrom('notifications as n')
      .innerJoin('users as u', (j) => j.onRef('u.id', '=', 'n.user_id').onRef('u.account_id', '=', 'n.account_id'))
      .selectAll('n')
      .select(['u.email', 'u.status'])
      .where('n.account_id', '=', event.accountId)
      .where('n.id', 'in', ids)
      .orderBy('n.id')
      .execute();
    for (const row of rows) {
      if (row.email_state === 'none' && row.email && row.status === 'active') await queueEmail(db, event.accountId, String(row.id));
      publish({ accountId: event.accountId, channel: `user:${row.user_id}`, event: 'notification.created', data: presentNotification(row) });
    }
  });
}

async function queueEmail(db: Db, accountId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('notifications')
      .set({ email_state: 'queued' })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .where('email_state', '=', 'none')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return;
    await enqueueJob(trx, { name: SEND_EMAIL_JOB, accountId, payload: { notificationId: id }, singletonKey: `notification-email:${id}`, maxAttempts: SEND_EMAIL_ATTEMPTS });
  });
}

/** `publicUrl` (SHOPDESK_PUBLIC_URL) makes the link to the work order in the mail; without it the mail says where to look. */
export function registerNotificationJobs(deps: { publicUrl?: string } = {}): void {
  defineJob(SEND_EMAIL_JOB, (job) => sendNotificationEmail(job, deps));
}

const COPY = {
  'zh-CN': { subject: '【店服】{title}', open: '查看工单：{url}', openInApp: '请登录店服查看工单 {number}。', footer: '—— 店服 ShopDesk 通知邮件。你收到它，是因为你是本店成员。' },
  en: { subject: '[ShopDesk] {title}', open: 'Open the work order: {url}', openInApp: 'Sign in to ShopDesk to see work order {number}.', footer: '— A ShopDesk notification, sent to you as a member of this shop.' },
} satisfies Record<Locale, Record<string, string>>;

const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

/**
 * Sends one notification by the account's first email inbox that can send. Safe to run again:
 * a notification marked sent (or skipped) is never mailed twice. With no inbox to send from, the
 * notification is 'skipped', which is no failure: the member still sees it in the app.
 */
export async function sendNotificationEmail(job: JobContext, deps: { publicUrl?: string }): Promise<unknown> {
  const { db } = job;
  const accountId = job.accountId;
  if (!accountId) return { skipped: 'no account' };
  const id = String(job.payload.notificationId ?? '');
  if (!/^\d+$/.test(id)) return { skipped: 'bad payload' };
  const row = await db
    .selectFrom('notifications as n')
    .innerJoin('users as u', (j) => j.onRef('u.id', '=', 'n.user_id').onRef('u.account_id', '=', 'n.account_id'))
    .leftJoin('work_orders as w', (j) => j.onRef('w.id', '=', 'n.work_order_id').onRef('w.account_id', '=', 'n.account_id'))
    .select(['n.id', 'n.title', 'n.body', 'n.work_order_id', 'n.email_state', 'u.email', 'u.locale', 'u.status', 'w.number'])
    .where('n.account_id', '=', accountId)
    .where('n.id', '=', id)
    .executeTakeFirst();
  if (!row) return { skipped: 'notification not found' };
  if (row.email_state === 'sent' || row.email_state === 'skipped') return { skipped: `already ${row.email_state}` };
  const setState = (state: 'sent' | 'failed' | 'skipped') =>
    db.updateTable('notifications').set({ email_state: state }).where('account_id', '=', accountId).where('id', '=', id).where('email_state', 'in', ['none', 'queued']).execute();
  if (!row.email || row.status !== 'active') {
    await setState('skipped');
    return { skipped: 'no active member with an email' };
  }
  const inbox = await firstSendingInbox(db, accountId);
  if (!inbox) {
    await setState('skipped');
    return { skipped: 'no email inbox with SMTP' };
  }
  const copy = COPY[row.locale === 'en' ? 'en' : 'zh-CN'];
  const base = deps.publicUrl?.replace(/\/+$/, '');
  const number = row.number ? `#${row.number}` : '';
  const lines = [row.title, ...(row.body ? ['', row.body] : [])];
  if (row.work_order_id) lines.push('', base ? fill(copy.open, { url: `${base}/work-orders/${encodeURIComponent(row.work_order_id)}` }) : fill(copy.openInApp, { number }));
  lines.push('', copy.footer);
  try {
    const result = await sendByInbox(inbox, { to: row.email, subject: fill(copy.subject, { title: row.title }), text: lines.join('\n'), key: `sd.notification.${id}` });
    if (result !== 'sent') {
      // The inbox's password cannot be opened with this server's key: no retry will change that.
      await setState('failed');
      return { failed: result };
    }
  } catch (err) {
    job.log.warn({ err, notificationId: id, attempt: job.attempt }, 'notification email not sent');
    if (isPermanentSmtpError(err) || job.attempt >= job.maxAttempts) {
      await setState('failed');
      return { failed: String((err as Error)?.message ?? err).slice(0, 300) };
    }
    throw err;
  }
  await setState('sent');
  return { sent: id };
}
