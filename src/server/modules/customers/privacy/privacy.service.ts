import { sql } from 'kysely';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { recordAudit } from '../../accounts/index.ts';
import './privacy.errors.ts';

/** What an erased customer's messages say instead of their words. */
export const ERASED_MARKER = '[内容已按客户要求删除]';

/** The customer's row, or 404: every privacy action starts from it. */
export async function findCustomer(ctx: Ctx, customerId: string) {
  const row = await ctx.db.selectFrom('customers').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('customer');
  return row;
}

const labelOf = (c: { id: string; name: string | null; nickname: string | null }) => c.name ?? c.nickname ?? c.id;

/** A customer's full phone, email, address and identities, for a member who may see them; the look is audited. */
export async function revealContact(ctx: Ctx, customerId: string, reason?: string) {
  return inTransaction(ctx, async (ctx) => {
    const c = await findCustomer(ctx, customerId);
    const identities = await ctx.db
      .selectFrom('customer_identities')
      .select(['kind', 'platform', 'value'])
      .where('account_id', '=', ctx.accountId)
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .limit(50)
      .execute();
    const fields = ['phone', 'email', 'address', 'identities'];
    await recordAudit(ctx, 'customer.contact_revealed', { type: 'customer', id: c.id, label: labelOf(c) }, { fields, ...(reason ? { reason } : {}) });
    return {
      customerId: c.id,
      phone: c.phone,
      email: c.email,
      address: { province: c.province, city: c.city, district: c.district },
      identities: identities.map((i) => ({ kind: i.kind, platform: i.platform, value: i.value })),
    };
  });
}

/** Every personal field of the customer removed, the order amounts and aggregates kept; cannot be undone. */
export async function eraseCustomer(ctx: Ctx, customerId: string, { confirmed, reason }: { confirmed: boolean; reason?: string }) {
  return inTransaction(ctx, async (ctx) => {
    const c = await findCustomer(ctx, customerId);
    if (!confirmed) throw new AppError('erase_not_confirmed', { field: 'confirm' });
    if (c.erased_at) throw new AppError('customer_already_erased');
    const now = ctx.clock.now();
    await clearProfile(ctx, customerId, now);
    const identities = await clearIdentities(ctx, customerId);
    const conversationIds = await conversationsOf(ctx, customerId);
    const messages = await clearCustomerMessages(ctx, conversationIds);
    const attachments = await deleteCustomerFiles(ctx, conversationIds);
    await clearOrderAddresses(ctx, customerId);
    await clearBusinessContacts(ctx, customerId);
    await recordAudit(ctx, 'customer.erased', { type: 'customer', id: c.id, label: c.id }, { identities, messages, attachments, ...(reason ? { reason } : {}) });
    return { customerId, erasedAt: now.toISOString(), identities, messages, attachments };
  });
}

async function clearProfile(ctx: Ctx, customerId: string, now: Date) {
  await ctx.db
    .updateTable('customers')
    .set({ name: null, nickname: null, gender: 'unknown', birthday: null, phone: null, email: null, province: null, city: null, district: null, attributes: '{}', erased_at: now, updated_at: now })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', customerId)
    .execute();
}

/** Identity values are unique per account, so each becomes a value naming only its own row. */
async function clearIdentities(ctx: Ctx, customerId: string): Promise<number> {
  const res = await sql`update customer_identities set value = 'erased:' || id where account_id = ${ctx.accountId} and customer_id = ${customerId} and value not like 'erased:%'`.execute(ctx.db);
  return Number(res.numAffectedRows ?? 0);
}

async function conversationsOf(ctx: Ctx, customerId: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('conversations').select('id').where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).execute();
  return rows.map((r) => r.id);
}

// Where a message keeps an address, a number or a name the customer gave (see conversations.presenters.ts).
const PERSONAL_META = ['leaveMessage', 'number', 'from', 'fromName', 'replyTo', 'to', 'cc', 'error', 'deliveryError'];

/**
 * The customer's own messages say the marker; every message of their conversations loses the
 * addresses and numbers in its meta, and the list lines lose their previews.
 */
async function clearCustomerMessages(ctx: Ctx, conversationIds: string[]): Promise<number> {
  if (conversationIds.length === 0) return 0;
  const ids = sql.join(conversationIds.map((id) => sql`${id}`));
  const strip = sql.raw(PERSONAL_META.map((k) => ` - '${k}'`).join(''));
  const res = await sql`
    update messages
       set body = ${ERASED_MARKER}, sender_name = null, attachments = '[]'::jsonb, meta = meta${strip}, search = to_tsvector('simple', '')
     where account_id = ${ctx.accountId} and conversation_id in (${ids}) and sender_type = 'customer'`.execute(ctx.db);
  await sql`update messages set meta = meta${strip} where account_id = ${ctx.accountId} and conversation_id in (${ids}) and sender_type <> 'customer'`.execute(ctx.db);
  await sql`update conversations set last_message_preview = ${ERASED_MARKER}, subject = null where account_id = ${ctx.accountId} and id in (${ids})`.execute(ctx.db);
  return Number(res.numAffectedRows ?? 0);
}

async function deleteCustomerFiles(ctx: Ctx, conversationIds: string[]): Promise<number> {
  if (conversationIds.length === 0) return 0;
  const res = await ctx.db
    .deleteFrom('attachments')
    .where('account_id', '=', ctx.accountId)
    .where('conversation_id', 'in', conversationIds)
    .where('uploader_type', '=', 'customer')
    .executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}

/** Orders keep their amounts and dates; where they went is the customer's address. */
async function clearOrderAddresses(ctx: Ctx, customerId: string) {
  await ctx.db.updateTable('orders').set({ province: null, city: null }).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).execute();
}

async function clearBusinessContacts(ctx: Ctx, customerId: string) {
  await ctx.db.updateTable('key_accounts').set({ contacts: '[]' }).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).execute();
}
