import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { assignConversation, loadConversation, openConversation } from '../../conversations/index.ts';
import { assertCustomer, currentConsent, lastContactAt } from './consent.service.ts';
import { contactDecision } from './contact-window.ts';
import './consent.errors.ts';

export type StartChannel = 'web' | 'email' | 'phone' | 'api';

/** Refuses, with the reason, an agent-started contact the customer's consent and the 30-day window do not allow. */
export async function assertMayContact(ctx: Ctx, customerId: string, channel: StartChannel): Promise<void> {
  const decision = contactDecision({ now: ctx.clock.now(), lastContactAt: await lastContactAt(ctx, customerId), consent: await currentConsent(ctx, customerId, channel) });
  if (!decision.allowed) throw new AppError(decision.code, { field: 'channel' });
}

async function firstInbox(ctx: Ctx, channel: StartChannel): Promise<string | undefined> {
  const row = await ctx.db.selectFrom('inboxes').select('id').where('account_id', '=', ctx.accountId).where('channel', '=', channel).orderBy('created_at').executeTakeFirst();
  return row?.id;
}

async function hasIdentity(ctx: Ctx, customerId: string, kind: 'phone' | 'email' | 'platform'): Promise<boolean> {
  const row = await ctx.db.selectFrom('customer_identities').select('id').where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).where('kind', '=', kind).executeTakeFirst();
  return Boolean(row);
}

/** The inbox through which the customer can be reached on the channel: one the shop has and the customer is known on. */
async function inboxFor(ctx: Ctx, customer: { id: string; email: string | null; phone: string | null }, channel: StartChannel): Promise<string | undefined> {
  if (channel === 'web') {
    const visitor = await ctx.db.selectFrom('visitors').select('inbox_id').where('account_id', '=', ctx.accountId).where('customer_id', '=', customer.id).orderBy('last_seen_at', 'desc').executeTakeFirst();
    return visitor?.inbox_id;
  }
  const known =
    channel === 'email' ? Boolean(customer.email) || (await hasIdentity(ctx, customer.id, 'email'))
    : channel === 'phone' ? Boolean(customer.phone) || (await hasIdentity(ctx, customer.id, 'phone'))
    : await hasIdentity(ctx, customer.id, 'platform');
  return known ? firstInbox(ctx, channel) : undefined;
}

/**
 * An agent starts a conversation with a customer (主动联系) on a channel the customer has: allowed
 * within 30 days of their last order or conversation, or when they subscribed on that channel;
 * never after an opt-out. The customer's open conversation there is reused; a member who starts
 * one is its assignee.
 */
export async function startConversation(ctx: Ctx, customerId: string, channel: StartChannel) {
  return inTransaction(ctx, async (ctx) => {
    const customer = await assertCustomer(ctx, customerId);
    if (customer.erased_at) throw new AppError('contact_customer_erased');
    await assertMayContact(ctx, customerId, channel);
    const inboxId = await inboxFor(ctx, customer, channel);
    if (!inboxId) throw new AppError('contact_channel_unavailable', { field: 'channel' });
    const opened = await openConversation(ctx.db, { accountId: ctx.accountId, inboxId, customerId, channel, entry: {}, now: ctx.clock.now() });
    const conversation = opened.created && ctx.actor.type === 'user' ? await assignConversation(ctx, opened.id, ctx.actor.id) : await loadConversation(ctx.db, ctx.accountId, opened.id);
    return { conversation, created: opened.created };
  });
}
