import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { Ctx } from '../../../platform/context.ts';
import { inTransaction } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { newId, newSecret } from '../../../platform/ids.ts';
import { recordAudit } from '../../accounts/index.ts';
import type { InboxesTable } from '../../conversations/conversations.tables.ts';
import { presentInbox } from '../../conversations/inboxes.routes.ts';
import './email.errors.ts';
import { sealIfPlain, sealSmtpPassword, type InboxRef } from './email-smtp-password.ts';

/** `password` as stored: sealed (see email-smtp-password.ts), or plain if saved before sealing existed. */
export type SmtpSettings = { host: string; port: number; secure: boolean; user: string | null; password: string | null };

/** What an email inbox keeps in `inboxes.settings`, beside the keys every inbox has (offline). */
export type EmailSettings = { address: string; displayName: string; inboundKey: string; smtp: SmtpSettings | null };

export type InboxRow = Selectable<InboxesTable>;

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function emailSettingsOf(inbox: Pick<InboxRow, 'settings'>): EmailSettings {
  const s = (inbox.settings ?? {}) as Record<string, unknown>;
  const smtp = (s.smtp ?? null) as Record<string, unknown> | null;
  return {
    address: str(s.address) ?? '',
    displayName: str(s.displayName) ?? '',
    inboundKey: str(s.inboundKey) ?? '',
    smtp:
      smtp && str(smtp.host)
        ? { host: String(smtp.host), port: Number(smtp.port) || 465, secure: smtp.secure !== false, user: str(smtp.user), password: str(smtp.password) }
        : null,
  };
}

export function inboundUrl(origin: string, inboxId: string): string {
  return `${origin}/api/channels/email/${inboxId}/inbound`;
}

/** The settings as an admin sees them: the SMTP password never leaves the server, only whether one is set. */
export function presentEmailInbox(inbox: InboxRow, origin: string) {
  const s = emailSettingsOf(inbox);
  return {
    inbox: presentInbox(inbox),
    settings: {
      address: s.address,
      displayName: s.displayName,
      inboundUrl: inboundUrl(origin, inbox.id),
      inboundKey: s.inboundKey,
      smtp: s.smtp ? { host: s.smtp.host, port: s.smtp.port, secure: s.smtp.secure, user: s.smtp.user, passwordSet: Boolean(s.smtp.password) } : null,
    },
  };
}

/** An email inbox of this account; any other inbox (another account's, a web one) is not found. */
export async function findEmailInbox(db: Db, accountId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<InboxRow> {
  const query = db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId).where('id', '=', id).where('channel', '=', 'email');
  const inbox = await (opts.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!inbox) throw notFound('email_inbox');
  return inbox;
}

type SmtpInput = { host?: string; port?: number; secure?: boolean; user?: string | null; password?: string | null };

/** Settings for the audit log: what changed, never the password itself. */
function auditable(s: EmailSettings) {
  return { address: s.address, displayName: s.displayName, smtp: s.smtp ? { host: s.smtp.host, port: s.smtp.port, secure: s.smtp.secure, user: s.smtp.user, passwordSet: Boolean(s.smtp.password) } : null };
}

/** The settings after a change; a new password is sealed at once, a kept one if it is still plain. */
function mergeSmtp(inbox: InboxRef, before: SmtpSettings | null, patch: SmtpInput): SmtpSettings {
  const host = patch.host ?? before?.host;
  if (!host) throw new AppError('smtp_host_required', { field: 'smtp.host' });
  return {
    host,
    port: patch.port ?? before?.port ?? 465,
    secure: patch.secure ?? before?.secure ?? true,
    user: patch.user === undefined ? (before?.user ?? null) : patch.user,
    password: patch.password === undefined ? sealIfPlain(inbox, before?.password ?? null) : patch.password ? sealSmtpPassword(inbox, patch.password) : null,
  };
}

/** Settings saved without an SMTP change still seal a password left plain from before. */
function keptSmtp(inbox: InboxRef, smtp: SmtpSettings | null): SmtpSettings | null {
  return smtp && { ...smtp, password: sealIfPlain(inbox, smtp.password) };
}

export async function createEmailInbox(ctx: Ctx, input: { name: string; address: string; displayName?: string; smtp?: SmtpInput }) {
  return inTransaction(ctx, async (ctx) => {
    const id = newId('inb');
    const settings: EmailSettings = {
      address: input.address,
      displayName: input.displayName ?? '',
      inboundKey: newSecret(24),
      smtp: input.smtp ? mergeSmtp({ accountId: ctx.accountId, inboxId: id }, null, input.smtp) : null,
    };
    const inbox = await ctx.db
      .insertInto('inboxes')
      .values({ id, account_id: ctx.accountId, name: input.name, channel: 'email', greeting: null, identity_secret: newSecret(32), settings: JSON.stringify(settings), created_at: ctx.clock.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, 'inbox.created', { type: 'inbox', id: inbox.id, label: inbox.name }, { channel: 'email', ...auditable(settings) });
    return inbox;
  });
}

export async function updateEmailSettings(ctx: Ctx, id: string, patch: { address?: string; displayName?: string; smtp?: SmtpInput | null }) {
  return inTransaction(ctx, async (ctx) => {
    // Settings are one jsonb value: read and rewritten under the row lock, so two edits never drop each other's keys.
    const before = await findEmailInbox(ctx.db, ctx.accountId, id, { forUpdate: true });
    const current = emailSettingsOf(before);
    const ref = { accountId: ctx.accountId, inboxId: before.id };
    const next: EmailSettings = {
      ...current,
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
      smtp: patch.smtp === null ? null : patch.smtp !== undefined ? mergeSmtp(ref, current.smtp, patch.smtp) : keptSmtp(ref, current.smtp),
    };
    const settings = { ...((before.settings ?? {}) as Record<string, unknown>), ...next };
    const inbox = await ctx.db
      .updateTable('inboxes')
      .set({ settings: JSON.stringify(settings) })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, 'inbox.email_settings_changed', { type: 'inbox', id: inbox.id, label: inbox.name }, { before: auditable(current), after: auditable(next) });
    return inbox;
  });
}

/** A new inbound key; the old one stops at once, so the mail relay must be given the new one. */
export async function rotateInboundKey(ctx: Ctx, id: string) {
  return inTransaction(ctx, async (ctx) => {
    const before = await findEmailInbox(ctx.db, ctx.accountId, id, { forUpdate: true });
    const settings = { ...((before.settings ?? {}) as Record<string, unknown>), inboundKey: newSecret(24) };
    const inbox = await ctx.db
      .updateTable('inboxes')
      .set({ settings: JSON.stringify(settings) })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, 'inbox.inbound_key_rotated', { type: 'inbox', id: inbox.id, label: inbox.name });
    return inbox;
  });
}

/**
 * The inbox a relay posts to, known by its id alone (the relay has no session): the inbox tells the
 * account. The key is compared in constant time, whatever its length.
 */
export async function authenticateInbound(db: Db, inboxId: string, givenKey: string | undefined): Promise<InboxRow> {
  const inbox = await db.selectFrom('inboxes').selectAll().where('id', '=', inboxId).where('channel', '=', 'email').executeTakeFirst();
  if (!inbox) throw new AppError('email_inbox_not_found', { field: 'inboxId' });
  const expected = emailSettingsOf(inbox).inboundKey;
  if (!expected || !givenKey || !keysEqual(givenKey, expected)) throw new AppError('email_key_invalid');
  return inbox;
}

function keysEqual(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
