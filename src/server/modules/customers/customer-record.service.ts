import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type * as C from '../../../contracts/customers.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { maskEmail, maskPhone } from '../../platform/mask.ts';
import { money } from '../../platform/money.ts';
import { recordAudit } from '../accounts/index.ts';
import { loadAttributeDefinitions, type AttributeDefinition } from './attributes.service.ts';
import { checkAttributeValue } from './attributes.validate.ts';
import { presentIdentity } from './customers.presenters.ts';
import { contactViewOf } from './customers.service.ts';
import type { CustomerRecordsView } from './customers.tables.ts';
import { normalisePhone } from './phone.ts';

export type CustomerRecord = z.infer<typeof C.CustomerRecord>;
type CustomerInput = z.infer<typeof C.CustomerBody>;
type Row = Selectable<CustomerRecordsView>;

function jsonObject(value: unknown): Record<string, unknown> {
  return (typeof value === 'string' ? JSON.parse(value) : value ?? {}) as Record<string, unknown>;
}

function averageOrderValue(spend: string, orders: number): string {
  if (orders <= 0) return '0.00';
  return (Math.round((Number(spend) * 100) / orders) / 100).toFixed(2);
}

function presentAttributes(values: Record<string, unknown>, defs: AttributeDefinition[]) {
  return defs.filter((d) => values[d.key] !== undefined && values[d.key] !== null).map((d) => ({ key: d.key, label: d.label, type: d.type, value: values[d.key] as string | number | string[] }));
}

async function managerOf(ctx: Ctx, userId: string | null) {
  if (!userId) return null;
  const u = await ctx.db.selectFrom('users').select(['id', 'name', 'display_name']).where('account_id', '=', ctx.accountId).where('id', '=', userId).executeTakeFirst();
  return u ? { id: u.id, name: u.display_name ?? u.name } : null;
}

async function findRow(ctx: Ctx, id: string, lock = false): Promise<Row> {
  // The lock is on the customer's own row: the orders flow writes the figures beside it, unblocked.
  if (lock) await ctx.db.selectFrom('customers').select('id').where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await ctx.db.selectFrom('customer_records').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('customer');
  return row;
}

/** The whole record of one customer (客户档案), contacts masked for a caller without customers.contact.read. */
export async function getCustomerRecord(ctx: Ctx, id: string): Promise<CustomerRecord> {
  const row = await findRow(ctx, id);
  const view = contactViewOf(ctx.actor);
  const masked = view === 'masked';
  const [identities, defs, accountManager] = await Promise.all([
    ctx.db.selectFrom('customer_identities').select(['kind', 'platform', 'value']).where('account_id', '=', ctx.accountId).where('customer_id', '=', id).orderBy('created_at').orderBy('id').limit(100).execute(),
    loadAttributeDefinitions(ctx.db, ctx.accountId),
    managerOf(ctx, row.account_manager_id),
  ]);
  // Email identities are stored lower-cased: one address written two ways is listed once, as the record has it.
  const contacts = (kind: 'phone' | 'email', primary: string | null) => {
    const all = [primary, ...identities.filter((i) => i.kind === kind).map((i) => i.value)].filter((v): v is string => Boolean(v));
    return all.filter((v, i) => all.findIndex((w) => w.toLowerCase() === v.toLowerCase()) === i);
  };
  const showPhone = (p: string | null) => (masked ? maskPhone(p) : p);
  const showEmail = (e: string | null) => (masked ? maskEmail(e) : e);
  return {
    id: row.id,
    name: row.name,
    nickname: row.nickname,
    gender: row.gender,
    birthday: row.birthday,
    phone: showPhone(row.phone),
    email: showEmail(row.email),
    phones: contacts('phone', row.phone).map((p) => showPhone(p) ?? ''),
    emails: contacts('email', row.email).map((e) => showEmail(e) ?? ''),
    contactMasked: masked,
    province: row.province,
    city: row.city,
    district: row.district,
    sourcePlatform: row.source_platform,
    sourceShop: row.source_shop,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    lifetimeSpend: money(row.lifetime_spend),
    orderCount: row.order_count,
    averageOrderValue: averageOrderValue(money(row.lifetime_spend), row.order_count),
    lastOrderAt: row.last_order_at ? row.last_order_at.toISOString() : null,
    tier: row.tier,
    tags: row.tags ?? [],
    accountManager,
    identities: identities.map((i) => presentIdentity(i, view)),
    attributes: presentAttributes(jsonObject(row.attributes), defs),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The attributes after applying the input (null clears one), each value checked against its definition. */
async function mergeAttributes(ctx: Ctx, current: Record<string, unknown>, input: Record<string, unknown> | undefined): Promise<Record<string, unknown> | undefined> {
  if (!input) return undefined;
  const defs = await loadAttributeDefinitions(ctx.db, ctx.accountId);
  const next = { ...current };
  for (const [key, value] of Object.entries(input)) {
    const def = defs.find((d) => d.key === key);
    if (!def) throw new AppError('attribute_unknown', { field: `attributes.${key}`, vars: { key } });
    if (value === null) delete next[key];
    else next[key] = checkAttributeValue(def, value, ctx.locale);
  }
  return next;
}

async function checkManager(ctx: Ctx, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  const u = await ctx.db.selectFrom('users').select('id').where('account_id', '=', ctx.accountId).where('id', '=', userId).where('status', '=', 'active').executeTakeFirst();
  if (!u) throw new AppError('customer_manager_invalid', { field: 'accountManagerId' });
}

/** Makes phone and email identities of the customer; one that identifies another customer is refused. */
async function claimContacts(ctx: Ctx, customerId: string, phone: string | null | undefined, email: string | null | undefined): Promise<void> {
  const claims = [
    ...(phone ? [{ kind: 'phone' as const, value: phone, error: 'customer_phone_taken', field: 'phone' }] : []),
    ...(email ? [{ kind: 'email' as const, value: email.toLowerCase(), error: 'customer_email_taken', field: 'email' }] : []),
  ];
  for (const c of claims) {
    const owner = await ctx.db.selectFrom('customer_identities').select('customer_id').where('account_id', '=', ctx.accountId).where('kind', '=', c.kind).where('platform', 'is', null).where('value', '=', c.value).executeTakeFirst();
    if (owner && owner.customer_id !== customerId) throw new AppError(c.error, { field: c.field });
    if (!owner) await ctx.db.insertInto('customer_identities').values({ id: newId('cid'), account_id: ctx.accountId, customer_id: customerId, kind: c.kind, platform: null, value: c.value, created_at: ctx.clock.now() }).execute();
  }
}

function columnsOf(input: CustomerInput) {
  const set = <K extends keyof CustomerInput>(k: K) => input[k] !== undefined;
  return {
    ...(set('name') ? { name: input.name ?? null } : {}),
    ...(set('nickname') ? { nickname: input.nickname ?? null } : {}),
    ...(set('gender') ? { gender: input.gender } : {}),
    ...(set('birthday') ? { birthday: input.birthday ?? null } : {}),
    ...(set('phone') ? { phone: input.phone ? normalisePhone(input.phone) : null } : {}),
    ...(set('email') ? { email: input.email ?? null } : {}),
    ...(set('province') ? { province: input.province ?? null } : {}),
    ...(set('city') ? { city: input.city ?? null } : {}),
    ...(set('district') ? { district: input.district ?? null } : {}),
    ...(set('sourcePlatform') ? { source_platform: input.sourcePlatform ?? null } : {}),
    ...(set('sourceShop') ? { source_shop: input.sourceShop ?? null } : {}),
    ...(set('tags') ? { tags: [...new Set(input.tags)] } : {}),
    ...(set('accountManagerId') ? { account_manager_id: input.accountManagerId ?? null } : {}),
  };
}

export async function createCustomer(ctx: Ctx, input: CustomerInput): Promise<CustomerRecord> {
  return inTransaction(ctx, async (ctx) => {
    const id = newId('cus');
    const now = ctx.clock.now();
    const cols = columnsOf(input);
    await checkManager(ctx, input.accountManagerId);
    const attributes = (await mergeAttributes(ctx, {}, input.attributes)) ?? {};
    await ctx.db
      .insertInto('customers')
      .values({ ...cols, id, account_id: ctx.accountId, attributes: JSON.stringify(attributes), first_seen_at: now, last_seen_at: now, created_at: now, updated_at: now })
      .execute();
    await claimContacts(ctx, id, cols.phone, cols.email);
    await recordAudit(ctx, 'customer.created', { type: 'customer', id, label: input.name ?? input.nickname ?? null });
    return getCustomerRecord(ctx, id);
  });
}

/** Which fields changed, as audit data; contacts are written masked (the audit log is read more widely). */
function changesOf(before: Row, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [col, to] of Object.entries(after)) {
    const from = (before as Record<string, unknown>)[col];
    if (JSON.stringify(from ?? null) === JSON.stringify(to ?? null)) continue;
    if (col === 'phone') out[col] = { from: maskPhone(from as string | null), to: maskPhone(to as string | null) };
    else if (col === 'email') out[col] = { from: maskEmail(from as string | null), to: maskEmail(to as string | null) };
    else out[col] = { from: from ?? null, to: to ?? null };
  }
  return out;
}

export async function updateCustomer(ctx: Ctx, id: string, input: CustomerInput): Promise<CustomerRecord> {
  return inTransaction(ctx, async (ctx) => {
    const before = await findRow(ctx, id, true);
    const cols = columnsOf(input);
    if (input.accountManagerId !== undefined && input.accountManagerId !== before.account_manager_id) await checkManager(ctx, input.accountManagerId);
    const attributes = await mergeAttributes(ctx, jsonObject(before.attributes), input.attributes);
    const next = { ...cols, ...(attributes ? { attributes } : {}) };
    const changed = changesOf(before, next);
    if (Object.keys(changed).length === 0) return getCustomerRecord(ctx, id);
    await ctx.db
      .updateTable('customers')
      .set({ ...cols, ...(attributes ? { attributes: JSON.stringify(attributes) } : {}), updated_at: ctx.clock.now() })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .execute();
    await claimContacts(ctx, id, cols.phone, cols.email);
    await recordAudit(ctx, 'customer.updated', { type: 'customer', id, label: before.name ?? before.nickname }, changed);
    return getCustomerRecord(ctx, id);
  });
}

/** Adds and removes tags (a tag both added and removed ends up removed). */
export async function changeCustomerTags(ctx: Ctx, id: string, change: { add: string[]; remove: string[] }): Promise<CustomerRecord> {
  return inTransaction(ctx, async (ctx) => {
    const before = await findRow(ctx, id, true);
    const current = before.tags ?? [];
    const removed = new Set(change.remove);
    const tags = [...new Set([...current, ...change.add])].filter((t) => !removed.has(t));
    if (JSON.stringify(tags) === JSON.stringify(current)) return getCustomerRecord(ctx, id);
    await ctx.db.updateTable('customers').set({ tags, updated_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'customer.tags_changed', { type: 'customer', id, label: before.name ?? before.nickname }, { added: tags.filter((t) => !current.includes(t)), removed: current.filter((t) => !tags.includes(t)) });
    return getCustomerRecord(ctx, id);
  });
}
