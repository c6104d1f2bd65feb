import type { Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { Ctx } from '../../../platform/context.ts';
import { inTransaction } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { newId, newSecret } from '../../../platform/ids.ts';
import { recordAudit } from '../../accounts/index.ts';
import type { InboxesTable } from '../../conversations/conversations.tables.ts';
import { presentInbox } from '../../conversations/inboxes.routes.ts';
import type { SourcePlatform } from '../../customers/customers.tables.ts';
import { secretHint, WEBHOOK_SECRET_PREFIX } from './webhook-signature.ts';

/** What an API inbox keeps in `inboxes.settings`, beside the keys every inbox has (offline). */
export type ApiSettings = { platform: SourcePlatform; enabled: boolean; webhookUrl: string | null; webhookSecret: string };

export type InboxRow = Selectable<InboxesTable>;

export function apiSettingsOf(inbox: Pick<InboxRow, 'settings'>): ApiSettings {
  const s = (inbox.settings ?? {}) as Partial<ApiSettings>;
  return { platform: s.platform ?? 'web', enabled: s.enabled !== false, webhookUrl: s.webhookUrl ?? null, webhookSecret: s.webhookSecret ?? '' };
}

const newWebhookSecret = () => WEBHOOK_SECRET_PREFIX + newSecret(32);

export function presentApiInbox(inbox: InboxRow, origin: string) {
  const settings = apiSettingsOf(inbox);
  return {
    inbox: presentInbox(inbox),
    settings: {
      platform: settings.platform,
      enabled: settings.enabled,
      webhookUrl: settings.webhookUrl,
      webhookSecretHint: secretHint(settings.webhookSecret),
      messagesUrl: `${origin}/api/channels/api/${inbox.id}/messages`,
    },
  };
}

/** An API inbox of this account; any other inbox (another account's, a web one) is not found. */
export async function findApiInbox(db: Db, accountId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<InboxRow> {
  const query = db.selectFrom('inboxes').selectAll().where('account_id', '=', accountId).where('id', '=', id).where('channel', '=', 'api');
  // Settings are one jsonb value: a change reads and rewrites it under the row lock, so two edits never drop each other's keys.
  const inbox = await (opts.forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (!inbox) throw notFound('api_inbox');
  return inbox;
}

export async function createApiInbox(ctx: Ctx, input: { name: string; platform: SourcePlatform; webhookUrl?: string | null; enabled: boolean }) {
  return inTransaction(ctx, async (ctx) => {
    const secret = newWebhookSecret();
    const settings: ApiSettings = { platform: input.platform, enabled: input.enabled, webhookUrl: input.webhookUrl ?? null, webhookSecret: secret };
    const inbox = await ctx.db
      .insertInto('inboxes')
      .values({ id: newId('inb'), account_id: ctx.accountId, name: input.name, channel: 'api', greeting: null, identity_secret: newSecret(32), settings: JSON.stringify(settings), created_at: ctx.clock.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, 'inbox.created', { type: 'inbox', id: inbox.id, label: inbox.name }, { channel: 'api', platform: input.platform, webhookUrl: settings.webhookUrl });
    return { inbox, secret };
  });
}

export async function updateApiInbox(ctx: Ctx, id: string, patch: { name?: string; platform?: SourcePlatform; webhookUrl?: string | null; enabled?: boolean }) {
  return inTransaction(ctx, async (ctx) => {
    const before = await findApiInbox(ctx.db, ctx.accountId, id, { forUpdate: true });
    const { name, ...changes } = patch;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const settings = { ...((before.settings ?? {}) as Record<string, unknown>), ...defined };
    return ctx.db
      .updateTable('inboxes')
      .set({ ...(name !== undefined ? { name } : {}), settings: JSON.stringify(settings) })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** A new signing secret; the old one stops at once, so the receiver must be updated with it. */
export async function rotateWebhookSecret(ctx: Ctx, id: string) {
  return inTransaction(ctx, async (ctx) => {
    const before = await findApiInbox(ctx.db, ctx.accountId, id, { forUpdate: true });
    const secret = newWebhookSecret();
    const settings = { ...((before.settings ?? {}) as Record<string, unknown>), webhookSecret: secret };
    const inbox = await ctx.db
      .updateTable('inboxes')
      .set({ settings: JSON.stringify(settings) })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, 'inbox.webhook_secret_rotated', { type: 'inbox', id: inbox.id, label: inbox.name });
    return { inbox, secret };
  });
}
