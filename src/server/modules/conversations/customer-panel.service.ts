import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { loadCustomerProfile } from '../customers/index.ts';
import { recentOrdersOf } from '../orders/index.ts';

const RECENT_ORDERS = 5;
const EARLIER_CONVERSATIONS = 10;

/** The customer's other conversations, latest activity first. */
async function earlierConversations(ctx: Ctx, customerId: string, exceptId: string) {
  const rows = await ctx.db
    .selectFrom('conversations')
    .select(['id', 'channel', 'status', 'last_message_preview', 'last_message_at', 'created_at'])
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .where('id', '!=', exceptId)
    .orderBy((eb) => eb.fn.coalesce('last_message_at', 'created_at'), 'desc')
    .orderBy('id', 'desc')
    .limit(EARLIER_CONVERSATIONS)
    .execute();
  return rows.map((c) => ({
    id: c.id,
    channel: c.channel,
    status: c.status,
    lastMessagePreview: c.last_message_preview,
    lastMessageAt: c.last_message_at ? c.last_message_at.toISOString() : null,
    createdAt: c.created_at.toISOString(),
  }));
}

/**
 * What the customer panel beside a conversation shows: the customer's record, their identities,
 * latest orders and other conversations. Another account's conversation is not found.
 */
export async function loadCustomerPanel(ctx: Ctx, conversationId: string) {
  const conversation = await ctx.db.selectFrom('conversations').select('customer_id').where('account_id', '=', ctx.accountId).where('id', '=', conversationId).executeTakeFirst();
  if (!conversation) throw notFound('conversation');
  const customerId = conversation.customer_id;
  const [profile, recentOrders, earlier] = await Promise.all([
    loadCustomerProfile(ctx, customerId),
    recentOrdersOf(ctx, customerId, RECENT_ORDERS),
    earlierConversations(ctx, customerId, conversationId),
  ]);
  return { ...profile, recentOrders, earlierConversations: earlier };
}
