import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { recordAudit } from '../../accounts/index.ts';
import { findCustomer } from './privacy.service.ts';

type Row = Record<string, unknown>;

/** Column names as the API writes them (placed_at → placedAt), dates as ISO text. */
function camel(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v instanceof Date ? v.toISOString() : v;
  return out;
}

/**
 * One customer's data as a document (个人数据导出): the record, identities, orders with items,
 * conversations with their messages (internal notes are the team's, not the customer's), the
 * timeline, consents, and the key-account file with its visits. The export is audited.
 */
export async function exportCustomer(ctx: Ctx, customerId: string) {
  return inTransaction(ctx, async (ctx) => {
    const customer = await findCustomer(ctx, customerId);
    const doc = {
      format: 'shopdesk.customer-export.v1' as const,
      exportedAt: ctx.clock.now().toISOString(),
      customer: camel(customer),
      identities: (await identitiesOf(ctx, customerId)).map(camel),
      orders: await ordersOf(ctx, customerId),
      conversations: await conversationsOf(ctx, customerId),
      timeline: (await timelineOf(ctx, customerId)).map(camel),
      consents: (await consentsOf(ctx, customerId)).map(camel),
      keyAccount: await keyAccountOf(ctx, customerId),
      visits: (await visitsOf(ctx, customerId)).map(camel),
    };
    await recordAudit(ctx, 'customer.exported', { type: 'customer', id: customer.id, label: customer.name ?? customer.nickname ?? customer.id }, {
      orders: doc.orders.length,
      conversations: doc.conversations.length,
    });
    return doc;
  });
}

const scoped = (ctx: Ctx, customerId: string) => ({ accountId: ctx.accountId, customerId });

function identitiesOf(ctx: Ctx, customerId: string) {
  const s = scoped(ctx, customerId);
  return ctx.db.selectFrom('customer_identities').select(['kind', 'platform', 'value', 'created_at']).where('account_id', '=', s.accountId).where('customer_id', '=', s.customerId).orderBy('created_at').execute();
}

async function ordersOf(ctx: Ctx, customerId: string) {
  const orders = await ctx.db.selectFrom('orders').selectAll().where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).orderBy('placed_at').execute();
  if (orders.length === 0) return [];
  const items = await ctx.db
    .selectFrom('order_items')
    .select(['order_id', 'sku', 'name', 'quantity', 'unit_price', 'discount', 'line_total'])
    .where('account_id', '=', ctx.accountId)
    .where('order_id', 'in', orders.map((o) => o.id))
    .orderBy('id')
    .execute();
  return orders.map(({ account_id: _a, customer_id: _c, ...o }) => ({
    ...camel(o),
    items: items.filter((i) => i.order_id === o.id).map(({ order_id: _o, ...i }) => camel(i)),
  }));
}

async function conversationsOf(ctx: Ctx, customerId: string) {
  const conversations = await ctx.db
    .selectFrom('conversations')
    .select(['id', 'channel', 'status', 'subject', 'created_at', 'resolved_at'])
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .execute();
  if (conversations.length === 0) return [];
  const messages = await ctx.db
    .selectFrom('messages')
    .select(['conversation_id', 'sender_type', 'sender_name', 'kind', 'body', 'attachments', 'meta', 'created_at'])
    .where('account_id', '=', ctx.accountId)
    .where('conversation_id', 'in', conversations.map((c) => c.id))
    .where('kind', '<>', 'note')
    .orderBy('id')
    .execute();
  return conversations.map((c) => ({
    ...camel(c),
    messages: messages.filter((m) => m.conversation_id === c.id).map(({ conversation_id: _c, ...m }) => camel(m)),
  }));
}

function timelineOf(ctx: Ctx, customerId: string) {
  return ctx.db.selectFrom('customer_events').select(['kind', 'data', 'occurred_at']).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).orderBy('occurred_at').orderBy('id').execute();
}

function consentsOf(ctx: Ctx, customerId: string) {
  return ctx.db.selectFrom('customer_consents').select(['channel', 'status', 'source', 'note', 'occurred_at']).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).orderBy('id').execute();
}

async function keyAccountOf(ctx: Ctx, customerId: string) {
  const row = await ctx.db
    .selectFrom('key_accounts')
    .select(['company', 'contacts', 'contract_terms', 'notes', 'discount_percent', 'payment_terms', 'visit_every', 'visit_unit', 'created_at'])
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row ? camel(row) : null;
}

function visitsOf(ctx: Ctx, customerId: string) {
  return ctx.db.selectFrom('key_account_visits').select(['due_at', 'status', 'outcome', 'done_at']).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).orderBy('due_at').execute();
}
