import type { Actor, Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { can } from '../accounts/index.ts';
import { presentIdentity, presentProfile, type ContactView, type CustomerIdentity, type CustomerProfile } from './customers.presenters.ts';

/** Phone numbers and email addresses are personal data: in full only for customers.contact.read. */
export function contactViewOf(actor: Actor): ContactView {
  return can(actor.role, 'customers.contact.read') ? 'full' : 'masked';
}

/** One customer's record and the ways they are known (identities), contacts masked for the caller as needed. */
export async function loadCustomerProfile(ctx: Ctx, customerId: string): Promise<{ customer: CustomerProfile; identities: CustomerIdentity[] }> {
  const view = contactViewOf(ctx.actor);
  const row = await ctx.db.selectFrom('customer_records').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('customer');
  const identities = await ctx.db
    .selectFrom('customer_identities')
    .select(['kind', 'platform', 'value'])
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(50)
    .execute();
  return { customer: presentProfile(row, view), identities: identities.map((i) => presentIdentity(i, view)) };
}
