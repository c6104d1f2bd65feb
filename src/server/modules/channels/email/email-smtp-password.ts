import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../../db/database.ts';
import { isSealed, secretBox, SecretError } from '../../../platform/secrets.ts';

/**
 * An inbox's SMTP password is kept sealed in `inboxes.settings.smtp.password`, sealed for that inbox
 * of that account. A password saved before sealing existed is still plain text there: it is read as
 * it is, and sealed on the inbox's next save or at the next start.
 */
export type InboxRef = { accountId: string; inboxId: string };

const contextOf = (inbox: InboxRef) => `inboxes/${inbox.accountId}/${inbox.inboxId}/smtp.password`;

/** A password as entered by an admin: always sealed, whatever it looks like. */
export function sealSmtpPassword(inbox: InboxRef, password: string): string {
  return secretBox().seal(password, contextOf(inbox));
}

/** A stored password kept on save: sealed if it is still plain. */
export function sealIfPlain(inbox: InboxRef, stored: string | null): string | null {
  return stored && !isSealed(stored) ? sealSmtpPassword(inbox, stored) : stored;
}

/** The password to sign in with; throws SecretError when this server's key cannot open it. */
export function openSmtpPassword(inbox: InboxRef, stored: string | null): string | null {
  return stored && isSealed(stored) ? secretBox().open(stored, contextOf(inbox)) : stored;
}

/**
 * At start: seals every password still stored plain, and reports sealed ones this server's key
 * cannot open (SHOPDESK_SECRET_KEY changed, or secret.key lost). A plain password is replaced only
 * while it still holds the value read, so an admin's save in between is never overwritten.
 */
export async function sealStoredSmtpPasswords(db: Db, log: Logger): Promise<{ sealed: number; unreadable: string[] }> {
  const passwordOf = sql<string>`settings->'smtp'->>'password'`;
  const rows = await db
    .selectFrom('inboxes')
    .select(['id', 'account_id', passwordOf.as('password')])
    .where('channel', '=', 'email')
    .where(passwordOf, '<>', '')
    .execute();
  let sealed = 0;
  const unreadable: string[] = [];
  for (const row of rows) {
    const inbox = { accountId: row.account_id, inboxId: row.id };
    if (isSealed(row.password)) {
      if (!canOpen(inbox, row.password)) unreadable.push(row.id);
      continue;
    }
    const result = await db
      .updateTable('inboxes')
      .set({ settings: sql`jsonb_set(settings, '{smtp,password}', to_jsonb(${sealSmtpPassword(inbox, row.password)}::text))` })
      .where('account_id', '=', row.account_id)
      .where('id', '=', row.id)
      .where(passwordOf, '=', row.password)
      .executeTakeFirst();
    sealed += Number(result.numUpdatedRows);
  }
  if (sealed) log.info({ sealed }, 'SMTP passwords stored in plain text were sealed');
  if (unreadable.length) {
    log.error({ inboxes: unreadable }, 'the SMTP passwords of these email inboxes cannot be opened with this server’s secret key (SHOPDESK_SECRET_KEY changed or secret.key lost?); their replies fail until the password is entered again');
  }
  return { sealed, unreadable };
}

function canOpen(inbox: InboxRef, stored: string): boolean {
  try {
    openSmtpPassword(inbox, stored);
    return true;
  } catch (err) {
    if (err instanceof SecretError) return false;
    throw err;
  }
}
