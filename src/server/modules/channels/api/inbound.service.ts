import type { Db } from '../../../db/database.ts';
import type { Ctx } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { conversationsArrived } from '../../conversations/arrivals.ts';
import { openConversation } from '../../conversations/conversations.service.ts';
import { presentMessage, type Message } from '../../conversations/conversations.presenters.ts';
import { appendMessage } from '../../conversations/messages.service.ts';
import type { SourcePlatform } from '../../customers/customers.tables.ts';
import { apiSettingsOf, findApiInbox } from './api-inboxes.service.ts';

export type InboundInput = {
  externalMessageId: string;
  externalConversationId?: string;
  customer: { externalId: string; name?: string; phone?: string; email?: string };
  body: string;
  sentAt?: string;
};

export type InboundResult = { duplicate: boolean; conversationId: string; message: Message };

/** The source id that makes a connector's message unique in the account: `api:<inbox>:<its id>`. */
export const sourceIdOf = (inboxId: string, externalMessageId: string) => `api:${inboxId}:${externalMessageId}`;

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/**
 * Stores one customer message a connector posts: the customer found by their platform id (or made),
 * their open conversation in this inbox (or a new one), the message once however often it is sent.
 */
export async function receiveInboundMessage(ctx: Ctx, inboxId: string, input: InboundInput): Promise<InboundResult> {
  const inbox = await findApiInbox(ctx.db, ctx.accountId, inboxId);
  const settings = apiSettingsOf(inbox);
  if (!settings.enabled) throw new AppError('api_channel_disabled');
  const sourceId = sourceIdOf(inbox.id, input.externalMessageId);

  const attempt = async (): Promise<InboundResult> => {
    // A retry answers with what the first post stored, before it could open a conversation of its own.
    const stored = await findBySource(ctx.db, ctx.accountId, sourceId);
    if (stored) return stored;
    return ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const customerId = await platformCustomer(trx, ctx.accountId, settings.platform, input.customer, now);
      const entry = input.externalConversationId ? { externalConversationId: input.externalConversationId } : {};
      const conv = await openConversation(trx, { accountId: ctx.accountId, inboxId: inbox.id, customerId, channel: 'api', entry, now });
      if (!conv.created && input.externalConversationId) await keepExternalConversationId(trx, ctx.accountId, conv.id, input.externalConversationId);
      const customer = await trx.selectFrom('customers').select(['name', 'nickname']).where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirstOrThrow();
      const { message, duplicate } = await appendMessage(trx, {
        accountId: ctx.accountId,
        conversationId: conv.id,
        senderType: 'customer',
        senderId: customerId,
        senderName: customer.name ?? customer.nickname,
        body: input.body,
        sourceId,
        meta: {
          channel: 'api',
          externalMessageId: input.externalMessageId,
          customerExternalId: input.customer.externalId,
          ...(input.externalConversationId ? { externalConversationId: input.externalConversationId } : {}),
          ...(input.sentAt ? { sentAt: new Date(input.sentAt).toISOString() } : {}),
        },
        now,
      });
      // A new conversation is placed with an agent before this commits (see arrivals.ts).
      if (conv.created && !duplicate) await conversationsArrived(trx, new Map([[ctx.accountId, [conv.id]]]), () => ctx.clock.now());
      return { duplicate, conversationId: message.conversationId, message };
    });
  };

  try {
    return await attempt();
  } catch (err) {
    // Two posts of one new message (or one new customer) at the same moment: the loser finds what the winner stored.
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}

async function findBySource(db: Db, accountId: string, sourceId: string): Promise<InboundResult | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('account_id', '=', accountId).where('source_id', '=', sourceId).executeTakeFirst();
  return row ? { duplicate: true, conversationId: row.conversation_id, message: presentMessage(row) } : undefined;
}

/** The customer behind a platform id: found through customer_identities, or made with what the connector knows. */
async function platformCustomer(db: Db, accountId: string, platform: SourcePlatform, c: InboundInput['customer'], now: Date): Promise<string> {
  const existing = await db
    .selectFrom('customer_identities')
    .select('customer_id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'platform')
    .where('platform', '=', platform)
    .where('value', '=', c.externalId)
    .executeTakeFirst();
  if (existing) {
    // Fill what the record lacks; what the team has written on it stays.
    await db
      .updateTable('customers')
      .set((eb) => ({
        last_seen_at: now,
        ...(c.name ? { name: eb.fn.coalesce('name', eb.val(c.name)) } : {}),
        ...(c.phone ? { phone: eb.fn.coalesce('phone', eb.val(c.phone)) } : {}),
        ...(c.email ? { email: eb.fn.coalesce('email', eb.val(c.email)) } : {}),
      }))
      .where('account_id', '=', accountId)
      .where('id', '=', existing.customer_id)
      .execute();
    return existing.customer_id;
  }
  const customerId = newId('cus');
  await db
    .insertInto('customers')
    .values({
      id: customerId,
      account_id: accountId,
      name: c.name ?? null,
      // Marketplace buyers are known by their buyer id until the shop learns a name.
      nickname: c.name ? null : c.externalId.slice(0, 60),
      phone: c.phone ?? null,
      email: c.email ?? null,
      source_platform: platform,
      first_seen_at: now,
      last_seen_at: now,
    })
    .execute();
  await db.insertInto('customer_identities').values({ id: newId('cid'), account_id: accountId, customer_id: customerId, kind: 'platform', platform, value: c.externalId }).execute();
  return customerId;
}

/** Replies go to the thread the customer last wrote from. */
async function keepExternalConversationId(db: Db, accountId: string, conversationId: string, externalConversationId: string) {
  const row = await db.selectFrom('conversations').select('entry').where('account_id', '=', accountId).where('id', '=', conversationId).executeTakeFirstOrThrow();
  const entry = (row.entry ?? {}) as Record<string, unknown>;
  if (entry.externalConversationId === externalConversationId) return;
  await db
    .updateTable('conversations')
    .set({ entry: JSON.stringify({ ...entry, externalConversationId }) })
    .where('account_id', '=', accountId)
    .where('id', '=', conversationId)
    .execute();
}
