import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';

export const DEFAULT_GREETING = '您好，欢迎光临！请问有什么可以帮您？';

/** Every account has a web inbox for the widget; made with the account and on demand for older ones. */
export async function ensureDefaultInbox(db: Db, accountId: string) {
  const existing = await db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId).where('channel', '=', 'web').orderBy('created_at').executeTakeFirst();
  if (existing) return existing;
  return db
    .insertInto('inboxes')
    .values({ id: newId('inb'), account_id: accountId, name: '网站咨询', channel: 'web', greeting: DEFAULT_GREETING, identity_secret: newSecret(32), settings: '{}' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The widget knows only the inbox id; the inbox tells which account the visitor talks to. */
export async function findWebInbox(db: Db, inboxId: string) {
  const inbox = await db.selectFrom('inboxes').selectAll().where('id', '=', inboxId).where('channel', '=', 'web').executeTakeFirst();
  if (!inbox) throw new AppError('inbox_not_found', { field: 'inboxId' });
  return inbox;
}

export function signCustomerId(secret: string, customerId: string): string {
  return crypto.createHmac('sha256', secret).update(customerId).digest('hex');
}

export function verifyCustomerSignature(secret: string, customerId: string, signature: string): boolean {
  const expected = Buffer.from(signCustomerId(secret, customerId), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
