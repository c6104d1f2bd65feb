import type { Db } from '../../../db/database.ts';
import type { Ctx } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { sql } from 'kysely';
import { presentMessage, type Message } from '../../conversations/conversations.presenters.ts';
import { appendToOpenConversation } from '../../conversations/messages.service.ts';
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

  const now = ctx.clock.now();
  // A retry answers with what the first post stored.
  const customer = await withRetryOnRace(() => platformCustomer(ctx.db, ctx.accountId, settings.platform, input.customer, sourceId, now));
  if (customer.seen) {
    const stored = await findBySource(ctx.db, ctx.accountId, sourceId);
    if (stored) return stored;
  }
  const entry = input.externalConversationId ? { externalConversationId: input.externalConversationId } : {};
  // Group-committed with the other messages arriving now (as the widget's are): the customer's open
  // conversation is found or opened, the message stored once however often it is posted, and a new
  // conversation placed with an agent, in one transaction for the whole group.
  const { message, duplicate, conversationId } = await appendToOpenConversation(
    ctx.db,
    { inboxId: inbox.id, customerId: customer.id, channel: 'api', entry },
    {
      accountId: ctx.accountId,
      senderType: 'customer',
      senderId: customer.id,
      senderName: customer.name,
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
      clock: () => ctx.clock.now(),
    },
  );
  if (!duplicate && input.externalConversationId) await keepExternalConversationId(ctx.db, ctx.accountId, conversationId, input.externalConversationId);
  return { duplicate, conversationId, message };
}

/** Two posts making one new customer at the same moment: the loser finds what the winner stored. */
async function withRetryOnRace<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) return fn();
    throw err;
  }
}

async function findBySource(db: Db, accountId: string, sourceId: string): Promise<InboundResult | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('account_id', '=', accountId).where('source_id', '=', sourceId).executeTakeFirst();
  return row ? { duplicate: true, conversationId: row.conversation_id, message: presentMessage(row) } : undefined;
}

/**
 * The customer behind a platform id, found through customer_identities (what the record lacks filled
 * in) or made with what the connector knows, and whether the message was stored before: one
 * statement, so a burst of new buyers costs one round trip each before their group commit.
 */
async function platformCustomer(db: Db, accountId: string, platform: SourcePlatform, c: InboundInput['customer'], sourceId: string, now: Date): Promise<{ id: string; name: string | null; seen: boolean }> {
  const customerId = newId('cus');
  // Marketplace buyers are known by their buyer id until the shop learns a name.
  const nickname = c.name ? null : c.externalId.slice(0, 60);
  // Found: fill what the record lacks; what the team has written on it stays. Not found: the record
  // and its identity together, never a customer the connector's id cannot find.
  const { rows } = await sql<{ seen: boolean; id: string | null; name: string | null; nickname: string | null }>`
    with found as (
      select customer_id from customer_identities
       where account_id = ${accountId} and kind = 'platform' and platform = ${platform} and value = ${c.externalId}
       limit 1
    ), touched as (
      update customers set last_seen_at = ${now}, name = coalesce(name, ${c.name ?? null}), phone = coalesce(phone, ${c.phone ?? null}), email = coalesce(email, ${c.email ?? null})
       where account_id = ${accountId} and id = (select customer_id from found)
      returning id, name, nickname
    ), made as (
      insert into customers (id, account_id, name, nickname, phone, email, source_platform, first_seen_at, last_seen_at)
      select ${customerId}, ${accountId}, ${c.name ?? null}, ${nickname}, ${c.phone ?? null}, ${c.email ?? null}, ${platform}, ${now}, ${now}
       where not exists (select 1 from found)
      returning id, account_id, name, nickname
    ), ident as (
      insert into customer_identities (id, account_id, customer_id, kind, platform, value)
      select ${newId('cid')}, made.account_id, made.id, 'platform', ${platform}, ${c.externalId} from made
      returning customer_id
    )
    select exists (select 1 from messages where account_id = ${accountId} and source_id = ${sourceId}) as seen, w.id, w.name, w.nickname
      from (select id, name, nickname from touched union all select id, name, nickname from made) w
     right join (select 1) one on true`.execute(db);
  const row = rows[0];
  if (!row?.id) throw new Error('the customer was neither found nor made');
  return { id: row.id, name: row.name ?? row.nickname, seen: Boolean(row.seen) };
}

/** Replies go to the thread the customer last wrote from. */
async function keepExternalConversationId(db: Db, accountId: string, conversationId: string, externalConversationId: string) {
  await sql`
    update conversations set entry = coalesce(entry, '{}'::jsonb) || jsonb_build_object('externalConversationId', ${externalConversationId}::text)
     where account_id = ${accountId} and id = ${conversationId} and entry ->> 'externalConversationId' is distinct from ${externalConversationId}`.execute(db);
}
