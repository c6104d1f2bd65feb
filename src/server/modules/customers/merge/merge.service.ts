import { sql } from 'kysely';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { maskEmail, maskPhone } from '../../../platform/mask.ts';
import { money } from '../../../platform/money.ts';
import { recordAudit } from '../../accounts/index.ts';
import { contactViewOf } from '../customers.service.ts';
import { recordCustomerEvents } from '../timeline.service.ts';
import { loadDuplicateCustomers, reasonsOfPair } from './duplicates.service.ts';
import { lockBalances, lockCustomers, moveRows, recountBalances, upgradeTier, type LockedCustomer } from './merge.moves.ts';
import { recountOrderAggregates } from '../order-aggregates.ts';
import { movedCounts, presentDuplicateCustomer, presentMerge } from './merge.presenters.ts';
import { loadMerge } from './merge.read.ts';
import type { MergeMoved } from './merge.tables.ts';
import './merge.errors.ts';

/** The survivor's fields a merge fills from the merged record when the survivor has none: the survivor wins every conflict. */
export const FILLABLE = ['name', 'nickname', 'gender', 'birthday', 'phone', 'email', 'province', 'city', 'district', 'source_platform', 'source_shop', 'account_manager_id'] as const;
type Fillable = (typeof FILLABLE)[number];

const isBlank = (field: Fillable, v: unknown) => v === null || v === undefined || v === '' || (field === 'gender' && v === 'unknown');
const labelOf = (c: { id: string; name: string | null; nickname: string | null }) => c.name ?? c.nickname ?? c.id;
const jsonObject = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? {}) as Record<string, unknown>;

/** A record that cannot take part in a merge: merged already (say where to), or erased. */
function assertMergeable(c: LockedCustomer) {
  if (c.merged_into) throw new AppError('merge_customer_merged', { vars: { id: c.id, survivorId: c.merged_into } });
  if (c.erased_at) throw new AppError('merge_customer_erased', { vars: { id: c.id } });
}

/** What a merge of `fromId` into `survivorId` would move, for the confirm dialog: nothing is changed. */
export async function previewMerge(ctx: Ctx, survivorId: string, fromId: string | undefined) {
  // The customer of the path first: another shop's id is a 404 whatever else the request lacks.
  const customers = await loadDuplicateCustomers(ctx, fromId ? [survivorId, fromId] : [survivorId]);
  if (!customers.has(survivorId)) throw notFound('customer');
  if (!fromId) {
    const detail = ctx.locale === 'en' ? 'from: the customer to merge in is required' : 'from：请指定要并入的客户';
    throw new AppError('validation_failed', { field: 'from', vars: { detail } });
  }
  if (survivorId === fromId) throw new AppError('merge_same_customer', { field: 'from' });
  const survivor = customers.get(survivorId);
  const merged = customers.get(fromId);
  if (!survivor || !merged) throw notFound('customer');
  const status = await ctx.db.selectFrom('customers').select(['id', 'merged_into', 'erased_at']).where('account_id', '=', ctx.accountId).where('id', 'in', [survivorId, fromId]).execute();
  for (const c of status) {
    if (c.merged_into) throw new AppError('merge_customer_merged', { vars: { id: c.id, survivorId: c.merged_into } });
    if (c.erased_at) throw new AppError('merge_customer_erased', { vars: { id: c.id } });
  }
  const count = (table: string, extra = sql``) =>
    sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where account_id = ${ctx.accountId} and customer_id = ${fromId} ${extra}`.execute(ctx.db).then((r) => Number(r.rows[0]?.n ?? 0));
  const [identities, conversations, orders, pointsEntries, events, notes, consents, balance, keyAccount] = await Promise.all([
    count('customer_identities'),
    count('conversations'),
    count('orders'),
    count('points_entries'),
    count('customer_events'),
    count('customer_events', sql`and kind = 'customer.note'`),
    count('customer_consents'),
    ctx.db.selectFrom('points_balances').select('balance').where('account_id', '=', ctx.accountId).where('customer_id', '=', fromId).executeTakeFirst(),
    ctx.db.selectFrom('key_accounts').select('customer_id').where('account_id', '=', ctx.accountId).where('customer_id', 'in', [survivorId, fromId]).execute(),
  ]);
  const view = contactViewOf(ctx.actor);
  return {
    survivor: presentDuplicateCustomer(survivor, view),
    merged: presentDuplicateCustomer(merged, view),
    reasons: await reasonsOfPair(ctx, survivorId, fromId),
    moves: {
      identities, conversations, orders, pointsEntries, events, notes, consents,
      points: balance ? Number(balance.balance) : 0,
      keyAccount: keyAccount.some((k) => k.customer_id === fromId) && !keyAccount.some((k) => k.customer_id === survivorId),
    },
  };
}

/**
 * Merges `fromId` into `survivorId` (合并客户), in one transaction: every identity, widget visitor,
 * conversation, order, points entry, timeline event and note, tier history, consent and return
 * visit of the merged record moves to the survivor; the survivor's empty fields, tags and custom
 * attributes are filled from it (the survivor wins conflicts); the key-account file moves when the
 * survivor has none; spend, order count, points balance and tier are counted again. The merged
 * record stays, marked merged_into, hidden from lists. Audited, on the survivor's timeline, and
 * undoable. Asked again for the same pair it answers the same merge.
 */
export async function mergeCustomers(ctx: Ctx, survivorId: string, fromId: string) {
  if (survivorId === fromId) throw new AppError('merge_same_customer', { field: 'from' });
  const { mergeId, created } = await inTransaction(ctx, async (ctx) => {
    const locked = await lockCustomers(ctx, [survivorId, fromId]);
    const survivor = locked.get(survivorId)!;
    const merged = locked.get(fromId)!;
    if (merged.merged_into === survivorId) {
      const live = await ctx.db.selectFrom('customer_merges').select('id').where('account_id', '=', ctx.accountId).where('merged_id', '=', fromId).where('undone_at', 'is', null).executeTakeFirst();
      if (live) return { mergeId: live.id, created: false };
    }
    assertMergeable(survivor);
    assertMergeable(merged);
    return { mergeId: await mergeLocked(ctx, survivor, merged), created: true };
  });
  return { merge: await loadMerge(ctx, mergeId), created };
}

async function mergeLocked(ctx: Ctx, survivor: LockedCustomer, merged: LockedCustomer): Promise<string> {
  const now = ctx.clock.now();
  const [S, F] = [survivor.id, merged.id];
  const reasons = await reasonsOfPair(ctx, S, F);
  const balances = await lockBalances(ctx, [S, F]);
  const consentBefore = await latestConsents(ctx, [S, F]);

  const notes = await ctx.db.selectFrom('customer_events').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', ctx.accountId).where('customer_id', '=', F).where('kind', '=', 'customer.note').executeTakeFirstOrThrow();
  const identities = await moveRows(ctx, 'identities', F, S);
  const visitors = await moveRows(ctx, 'visitors', F, S);
  const conversations = await moveRows(ctx, 'conversations', F, S);
  const orders = await moveRows(ctx, 'orders', F, S);
  const pointsEntries = await moveRows(ctx, 'pointsEntries', F, S);
  const events = await moveRows(ctx, 'events', F, S);
  const tierChanges = await moveRows(ctx, 'tierChanges', F, S);
  const consents = await moveRows(ctx, 'consents', F, S);
  const { visits, cancelledVisits } = await moveVisits(ctx, F, S);
  const keyAccountMoved = await moveKeyAccount(ctx, F, S);
  const addedConsents = await keepOptOuts(ctx, S, consentBefore, now);

  const { filled, before, addedTags, addedAttributes } = await fillSurvivor(ctx, survivor, merged, now);
  await ctx.db.updateTable('customers').set({ merged_into: S, merged_at: now, updated_at: now }).where('account_id', '=', ctx.accountId).where('id', '=', F).execute();
  await recountOrderAggregates(ctx, [S, F]);
  await recountBalances(ctx, [S, F], now);
  await upgradeTier(ctx, S, now);
  const tierAfter = (await ctx.db.selectFrom('customer_stats').select('tier').where('account_id', '=', ctx.accountId).where('customer_id', '=', S).executeTakeFirstOrThrow()).tier;

  const moved: MergeMoved = {
    identities, visitors, conversations, orders, pointsEntries, events, notes: Number(notes.n), tierChanges, consents, visits, cancelledVisits, addedConsents,
    keyAccountMoved, filled, before, addedTags, addedAttributes,
    tierBefore: survivor.tier, tierAfter,
    pointsMoved: balances.get(F) ?? 0,
    mergedRecord: { name: merged.name, nickname: merged.nickname, phone: merged.phone, email: merged.email, tier: merged.tier, lifetimeSpend: money(merged.lifetime_spend), orderCount: merged.order_count },
  };
  const id = newId('mrg');
  await ctx.db.insertInto('customer_merges').values({
    id, account_id: ctx.accountId, survivor_id: S, merged_id: F, reasons, actor_id: ctx.actor.id, actor_name: ctx.actor.name, moved: JSON.stringify(moved), created_at: now,
  }).execute();
  const counts = movedCounts(moved);
  await recordCustomerEvents(ctx.db, [
    { accountId: ctx.accountId, customerId: S, kind: 'customer.merged', data: { mergeId: id, fromId: F, fromName: labelOf(merged), reasons, ...counts }, actorId: ctx.actor.id, occurredAt: now },
    { accountId: ctx.accountId, customerId: F, kind: 'customer.merged_into', data: { mergeId: id, survivorId: S, survivorName: labelOf(survivor) }, actorId: ctx.actor.id, occurredAt: now },
  ]);
  await recordAudit(ctx, 'customer.merged', { type: 'customer', id: S, label: labelOf(survivor) }, {
    mergeId: id, mergedId: F, mergedLabel: labelOf(merged), reasons, moved: counts, tierBefore: survivor.tier, tierAfter,
    mergedContacts: { phone: maskPhone(merged.phone), email: maskEmail(merged.email) },
  });
  return id;
}

/** Return visits go with the record; of two scheduled ones (one per customer at most) the survivor's stays and the other is cancelled. */
async function moveVisits(ctx: Ctx, fromId: string, toId: string) {
  const scheduled = await ctx.db.selectFrom('key_account_visits').select(['id', 'customer_id']).where('account_id', '=', ctx.accountId).where('customer_id', 'in', [fromId, toId]).where('status', '=', 'scheduled').execute();
  const cancelledVisits: string[] = [];
  const theirs = scheduled.find((v) => v.customer_id === fromId);
  if (theirs && scheduled.some((v) => v.customer_id === toId)) {
    await ctx.db.updateTable('key_account_visits').set({ status: 'cancelled' }).where('account_id', '=', ctx.accountId).where('id', '=', theirs.id).execute();
    cancelledVisits.push(String(theirs.id));
  }
  const { rows } = await sql<{ id: string }>`
    update key_account_visits set customer_id = ${toId}
     where account_id = ${ctx.accountId} and customer_id = ${fromId} and not (id = any(${cancelledVisits}::bigint[]))
    returning id::text as id`.execute(ctx.db);
  return { visits: rows.map((r) => r.id).sort(), cancelledVisits };
}

/** The key-account file moves when the survivor has none; when both have one, the survivor's is kept and the other stays with its record. */
async function moveKeyAccount(ctx: Ctx, fromId: string, toId: string): Promise<boolean> {
  const files = await ctx.db.selectFrom('key_accounts').select('customer_id').where('account_id', '=', ctx.accountId).where('customer_id', 'in', [fromId, toId]).execute();
  if (!files.some((f) => f.customer_id === fromId) || files.some((f) => f.customer_id === toId)) return false;
  await ctx.db.updateTable('key_accounts').set({ customer_id: toId }).where('account_id', '=', ctx.accountId).where('customer_id', '=', fromId).execute();
  return true;
}

type ConsentState = Map<string, Map<string, string>>;

async function latestConsents(ctx: Ctx, customerIds: string[]): Promise<ConsentState> {
  const { rows } = await sql<{ customer_id: string; channel: string; status: string }>`
    select distinct on (customer_id, channel) customer_id, channel, status
      from customer_consents
     where account_id = ${ctx.accountId} and customer_id = any(${customerIds}::text[])
     order by customer_id, channel, id desc`.execute(ctx.db);
  const out: ConsentState = new Map();
  for (const r of rows) {
    const m = out.get(r.customer_id) ?? new Map<string, string>();
    m.set(r.channel, r.status);
    out.set(r.customer_id, m);
  }
  return out;
}

/**
 * A channel either record had opted out of stays opted out on the survivor ("care, not
 * harassment"), even when the other record's later opt-in would otherwise be the latest word.
 */
async function keepOptOuts(ctx: Ctx, survivorId: string, before: ConsentState, now: Date): Promise<string[]> {
  const optedOut = new Set<string>();
  for (const channels of before.values()) for (const [channel, status] of channels) if (status === 'opted_out') optedOut.add(channel);
  if (optedOut.size === 0) return [];
  const after = (await latestConsents(ctx, [survivorId])).get(survivorId) ?? new Map<string, string>();
  const reopen = [...optedOut].filter((c) => after.get(c) === 'opted_in');
  if (reopen.length === 0) return [];
  const rows = await ctx.db
    .insertInto('customer_consents')
    .values(reopen.map((channel) => ({ account_id: ctx.accountId, customer_id: survivorId, channel: channel as 'web', status: 'opted_out' as const, source: 'agent' as const, note: 'customer.merged', actor_id: ctx.actor.id, occurred_at: now })))
    .returning('id')
    .execute();
  return rows.map((r) => String(r.id));
}

/** The survivor's blanks, tags and attributes filled from the merged record; what was put there is returned for the undo. */
async function fillSurvivor(ctx: Ctx, survivor: LockedCustomer, merged: LockedCustomer, now: Date) {
  const filled: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  for (const field of FILLABLE) {
    const theirs = merged[field];
    if (isBlank(field, survivor[field]) && !isBlank(field, theirs)) {
      filled[field] = theirs;
      before[field] = survivor[field];
    }
  }
  if (merged.first_seen_at < survivor.first_seen_at) {
    filled.first_seen_at = merged.first_seen_at.toISOString();
    before.first_seen_at = survivor.first_seen_at.toISOString();
  }
  if (merged.last_seen_at > survivor.last_seen_at) {
    filled.last_seen_at = merged.last_seen_at.toISOString();
    before.last_seen_at = survivor.last_seen_at.toISOString();
  }
  const ownTags = survivor.tags ?? [];
  const addedTags = (merged.tags ?? []).filter((t) => !ownTags.includes(t));
  const ownAttributes = jsonObject(survivor.attributes);
  const addedAttributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(jsonObject(merged.attributes))) if (!(key in ownAttributes) && value !== null) addedAttributes[key] = value;
  await ctx.db
    .updateTable('customers')
    .set({
      ...(filled as Record<string, never>),
      tags: [...ownTags, ...addedTags],
      attributes: JSON.stringify({ ...ownAttributes, ...addedAttributes }),
      updated_at: now,
    })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', survivor.id)
    .execute();
  return { filled, before, addedTags, addedAttributes };
}
