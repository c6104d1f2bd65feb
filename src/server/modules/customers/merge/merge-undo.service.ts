import { sql } from 'kysely';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { recordAudit } from '../../accounts/index.ts';
import { recordCustomerEvents } from '../timeline.service.ts';
import { lockBalances, lockCustomers, moveRows, MOVABLE, recountBalances, setTierBack, upgradeTier, type LockedCustomer, type Movable } from './merge.moves.ts';
import { recountOrderAggregates } from '../order-aggregates.ts';
import { loadMerge } from './merge.read.ts';
import type { MergeMoved } from './merge.tables.ts';
import './merge.errors.ts';

const labelOf = (c: { id: string; name: string | null; nickname: string | null }) => c.name ?? c.nickname ?? c.id;
const jsonObject = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? {}) as Record<string, unknown>;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const asText = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/**
 * Undoes a merge (撤销合并), in one transaction: the merged record is back, and exactly what the
 * merge moved goes back to it — what was added to the survivor since (a new order, a note, a chat)
 * stays with the survivor. Fields, tags and attributes the merge filled are cleared where nobody has
 * changed them since; spend, order count, points balances and tiers of both are counted again.
 * Audited and on both timelines; a merge is undone once.
 */
export async function undoMerge(ctx: Ctx, mergeId: string) {
  await inTransaction(ctx, async (ctx) => {
    const merge = await ctx.db.selectFrom('customer_merges').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', mergeId).forUpdate().executeTakeFirst();
    if (!merge) throw notFound('customer_merge');
    if (merge.undone_at) throw new AppError('merge_already_undone', { vars: { at: merge.undone_at.toISOString() } });
    const moved = (typeof merge.moved === 'string' ? JSON.parse(merge.moved) : merge.moved) as MergeMoved;
    const [S, F] = [merge.survivor_id, merge.merged_id];
    const locked = await lockCustomers(ctx, [S, F]);
    const survivor = locked.get(S)!;
    const merged = locked.get(F)!;
    if (survivor.merged_into) throw new AppError('merge_undo_blocked', { vars: { survivorId: S, into: survivor.merged_into } });
    if (merged.merged_into !== S) throw new AppError('merge_customer_not_merged', { vars: { id: F } });
    await lockBalances(ctx, [S, F]);
    const now = ctx.clock.now();

    const back: Record<string, number> = {};
    for (const kind of Object.keys(MOVABLE) as Movable[]) back[kind] = (await moveRows(ctx, kind, S, F, moved[kind])).length;
    if (moved.cancelledVisits.length) {
      await sql`update key_account_visits set status = 'scheduled'
                 where account_id = ${ctx.accountId} and id = any(${moved.cancelledVisits}::bigint[]) and status = 'cancelled'
                   and not exists (select 1 from key_account_visits v where v.account_id = ${ctx.accountId} and v.customer_id = ${F} and v.status = 'scheduled')`.execute(ctx.db);
    }
    if (moved.addedConsents.length) {
      await sql`delete from customer_consents where account_id = ${ctx.accountId} and customer_id = ${S} and id = any(${moved.addedConsents}::bigint[])`.execute(ctx.db);
    }
    if (moved.keyAccountMoved) {
      const theirs = await ctx.db.selectFrom('key_accounts').select('customer_id').where('account_id', '=', ctx.accountId).where('customer_id', '=', F).executeTakeFirst();
      if (!theirs) await ctx.db.updateTable('key_accounts').set({ customer_id: F }).where('account_id', '=', ctx.accountId).where('customer_id', '=', S).execute();
    }
    await unfillSurvivor(ctx, survivor, moved, now);
    await ctx.db.updateTable('customers').set({ merged_into: null, merged_at: null, updated_at: now }).where('account_id', '=', ctx.accountId).where('id', '=', F).execute();
    await recountOrderAggregates(ctx, [S, F]);
    await recountBalances(ctx, [S, F], now);
    if (moved.tierAfter !== moved.tierBefore) await setTierBack(ctx, S, moved.tierAfter, moved.tierBefore, now);
    await upgradeTier(ctx, S, now);
    await upgradeTier(ctx, F, now);

    await ctx.db.updateTable('customer_merges').set({ undone_at: now, undone_by: ctx.actor.id, undone_by_name: ctx.actor.name }).where('account_id', '=', ctx.accountId).where('id', '=', mergeId).execute();
    await recordCustomerEvents(ctx.db, [
      { accountId: ctx.accountId, customerId: S, kind: 'customer.unmerged', data: { mergeId, customerId: F, customerName: labelOf(merged) }, actorId: ctx.actor.id, occurredAt: now },
      { accountId: ctx.accountId, customerId: F, kind: 'customer.unmerged', data: { mergeId, customerId: S, customerName: labelOf(survivor) }, actorId: ctx.actor.id, occurredAt: now },
    ]);
    await recordAudit(ctx, 'customer.merge_undone', { type: 'customer', id: S, label: labelOf(survivor) }, { mergeId, mergedId: F, mergedLabel: labelOf(merged), movedBack: back });
  });
  return { merge: await loadMerge(ctx, mergeId) };
}

/** Clears on the survivor what the merge put there, where it is still what the merge put there. */
async function unfillSurvivor(ctx: Ctx, survivor: LockedCustomer, moved: MergeMoved, now: Date) {
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(moved.filled)) {
    if (same(asText((survivor as Record<string, unknown>)[field]), value)) set[field] = moved.before[field] ?? null;
  }
  const removed = new Set(moved.addedTags);
  const tags = (survivor.tags ?? []).filter((t) => !removed.has(t));
  const attributes = jsonObject(survivor.attributes);
  for (const [key, value] of Object.entries(moved.addedAttributes)) if (same(attributes[key], value)) delete attributes[key];
  await ctx.db
    .updateTable('customers')
    .set({ ...(set as Record<string, never>), tags, attributes: JSON.stringify(attributes), updated_at: now })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', survivor.id)
    .execute();
}
