import type { z } from 'zod';
import type { KeyAccountBody } from '../../../../contracts/key-accounts.ts';
import { sql } from 'kysely';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { recordAudit } from '../../accounts/index.ts';
import { contactViewOf } from '../customers.service.ts';
import { presentKeyAccount, type KeyAccountRow } from './key-accounts.presenters.ts';
import type { KeyAccountContact, VisitUnit } from './key-accounts.tables.ts';
import { addInterval } from './visit-schedule.ts';
import './key-accounts.errors.ts';

/** What an admin sets on a key account: the body of PUT /api/customers/:id/key-account. */
export type KeyAccountInput = z.infer<typeof KeyAccountBody>;

function keyAccountQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('key_accounts as k')
    .innerJoin('customers as c', (j) => j.onRef('c.account_id', '=', 'k.account_id').onRef('c.id', '=', 'k.customer_id'))
    .leftJoin('users as u', (j) => j.onRef('u.account_id', '=', 'c.account_id').onRef('u.id', '=', 'c.account_manager_id'))
    .select([
      'k.customer_id', 'c.name as customer_name', 'c.nickname as customer_nickname', 'c.account_manager_id', 'u.name as manager_name',
      'k.company', 'k.contacts', 'k.contract_terms', 'k.notes', 'k.discount_percent', 'k.payment_terms', 'k.visit_every', 'k.visit_unit', 'k.created_at',
      sql<Date | null>`(select min(v.due_at) from key_account_visits v where v.account_id = k.account_id and v.customer_id = k.customer_id and v.status = 'scheduled')`.as('next_visit_at'),
      sql<Date | null>`(select max(v.done_at) from key_account_visits v where v.account_id = k.account_id and v.customer_id = k.customer_id and v.status = 'done')`.as('last_visit_at'),
    ])
    .where('k.account_id', '=', ctx.accountId);
}

async function customerOrThrow(ctx: Ctx, customerId: string) {
  const row = await ctx.db.selectFrom('customers').select(['id', 'name', 'nickname', 'erased_at']).where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('customer');
  return row;
}

/** The customer's key-account file, or null when they are not a key account. */
export async function getKeyAccount(ctx: Ctx, customerId: string) {
  await customerOrThrow(ctx, customerId);
  const row = await keyAccountQuery(ctx).where('k.customer_id', '=', customerId).executeTakeFirst();
  return row ? presentKeyAccount(row as KeyAccountRow, contactViewOf(ctx.actor)) : null;
}

/** Every key account, the next visit due first. */
export async function listKeyAccounts(ctx: Ctx) {
  const rows = await keyAccountQuery(ctx).orderBy(sql`next_visit_at`, (ob) => ob.asc().nullsLast()).orderBy('k.created_at').limit(1000).execute();
  const view = contactViewOf(ctx.actor);
  return rows.map((r) => presentKeyAccount(r as KeyAccountRow, view));
}

async function assertManager(ctx: Ctx, managerId: string | null) {
  if (!managerId) return;
  const user = await ctx.db.selectFrom('users').select('id').where('account_id', '=', ctx.accountId).where('id', '=', managerId).where('status', '=', 'active').executeTakeFirst();
  if (!user) throw new AppError('account_manager_invalid', { field: 'managerId' });
}

const contactsJson = (contacts: KeyAccountInput['contacts']): string =>
  JSON.stringify((contacts ?? []).map((c): KeyAccountContact => ({ name: c.name, title: c.title ?? null, phone: c.phone ?? null, email: c.email ?? null })));

/** Fields the request names; the ones it leaves out keep their value. */
function fileChanges(input: KeyAccountInput) {
  const out: Record<string, unknown> = {};
  if (input.company !== undefined) out.company = input.company || null;
  if (input.contacts !== undefined) out.contacts = contactsJson(input.contacts);
  if (input.contractTerms !== undefined) out.contract_terms = input.contractTerms || null;
  if (input.notes !== undefined) out.notes = input.notes || null;
  if (input.discountPercent !== undefined) out.discount_percent = input.discountPercent;
  if (input.paymentTerms !== undefined) out.payment_terms = input.paymentTerms || null;
  if (input.visitEvery !== undefined) {
    out.visit_every = input.visitEvery?.n ?? null;
    out.visit_unit = input.visitEvery?.unit ?? null;
  }
  return out;
}

/**
 * Makes the customer a key account or changes its file: the account manager (routing's
 * customers.account_manager_id), business file, sales policy and return-visit rhythm.
 */
export async function setKeyAccount(ctx: Ctx, customerId: string, input: KeyAccountInput) {
  await inTransaction(ctx, async (ctx) => {
    const customer = await customerOrThrow(ctx, customerId);
    if (customer.erased_at) throw new AppError('key_account_erased');
    await assertManager(ctx, input.managerId);
    const now = ctx.clock.now();
    const changes = fileChanges(input);
    await ctx.db
      .insertInto('key_accounts')
      .values({ account_id: ctx.accountId, customer_id: customerId, contacts: '[]', company: null, contract_terms: null, notes: null, discount_percent: null, payment_terms: null, visit_every: null, visit_unit: null, ...changes, created_at: now, updated_at: now })
      .onConflict((oc) => oc.columns(['account_id', 'customer_id']).doUpdateSet({ ...changes, updated_at: now }))
      .execute();
    await ctx.db.updateTable('customers').set({ account_manager_id: input.managerId, updated_at: now }).where('account_id', '=', ctx.accountId).where('id', '=', customerId).execute();
    await scheduleVisit(ctx, customerId, input, now);
    await recordAudit(ctx, 'key_account.changed', { type: 'customer', id: customerId, label: customer.name ?? customer.nickname ?? customerId }, { managerId: input.managerId, fields: Object.keys(changes) });
  });
  return getKeyAccount(ctx, customerId);
}

/**
 * Keeps one scheduled visit in line with the request: a given date moves it (or makes it); a new
 * rhythm without one makes the first visit one interval from now; no rhythm and no date cancels it.
 */
async function scheduleVisit(ctx: Ctx, customerId: string, input: KeyAccountInput, now: Date) {
  const file = await ctx.db.selectFrom('key_accounts').select(['visit_every', 'visit_unit']).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
  const scheduled = ctx.db.selectFrom('key_account_visits').select(['id']).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).where('status', '=', 'scheduled');
  const current = await scheduled.executeTakeFirst();
  let due: Date | null = null;
  if (input.nextVisitAt) due = new Date(input.nextVisitAt);
  else if (input.nextVisitAt === null || input.visitEvery === null) due = null;
  else if (current) return;
  else if (file.visit_every && file.visit_unit) due = addInterval(now, file.visit_every, file.visit_unit);
  else return;
  if (!due) {
    if (current) await ctx.db.updateTable('key_account_visits').set({ status: 'cancelled' }).where('account_id', '=', ctx.accountId).where('id', '=', current.id).execute();
    return;
  }
  if (current) await ctx.db.updateTable('key_account_visits').set({ due_at: due }).where('account_id', '=', ctx.accountId).where('id', '=', current.id).execute();
  else await ctx.db.insertInto('key_account_visits').values({ account_id: ctx.accountId, customer_id: customerId, due_at: due, outcome: null, done_at: null, done_by: null, created_at: now }).execute();
}

/** The customer is no longer a key account: the file goes, the scheduled visit is cancelled, the manager is unset. */
export async function removeKeyAccount(ctx: Ctx, customerId: string) {
  await inTransaction(ctx, async (ctx) => {
    const customer = await customerOrThrow(ctx, customerId);
    const gone = await ctx.db.deleteFrom('key_accounts').where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).executeTakeFirst();
    if (!gone.numDeletedRows) throw notFound('key_account');
    await ctx.db.updateTable('key_account_visits').set({ status: 'cancelled' }).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).where('status', '=', 'scheduled').execute();
    await ctx.db.updateTable('customers').set({ account_manager_id: null, updated_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', customerId).execute();
    await recordAudit(ctx, 'key_account.removed', { type: 'customer', id: customerId, label: customer.name ?? customer.nickname ?? customerId });
  });
}
