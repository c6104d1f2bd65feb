import type { z } from 'zod';
import type * as L from '../../../../contracts/loyalty.ts';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { recordAudit } from '../../accounts/index.ts';
import { recordCustomerEvents } from '../timeline.service.ts';
import { ensureLoyalty } from '../tiers/tiers.service.ts';
import { credit, debit, expiryFrom, lockBalance, pointsSettings } from './points.ledger.ts';
import { presentEntry } from './points.presenters.ts';

async function customerTier(ctx: Ctx, customerId: string): Promise<{ id: string; tier: string; name: string | null }> {
  const row = await ctx.db.selectFrom('customer_records').select(['id', 'tier', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('customer');
  return row;
}

/** The balance and the ledger newest first, a page at a time (before: the nextCursor of the previous page). */
export async function customerPoints(ctx: Ctx, customerId: string, query: z.infer<typeof L.CustomerPointsQuery>) {
  const customer = await customerTier(ctx, customerId);
  const balance = await ctx.db.selectFrom('points_balances').select('balance').where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).executeTakeFirst();
  let q = ctx.db.selectFrom('points_entries').selectAll().where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId);
  if (query.before) q = q.where('id', '<', query.before);
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  return {
    customerId,
    tier: customer.tier,
    balance: balance ? Number(balance.balance) : 0,
    items: page.map(presentEntry),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null,
  };
}

async function entryById(ctx: Ctx, id: string) {
  return presentEntry(await ctx.db.selectFrom('points_entries').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirstOrThrow());
}

/** A manual adjustment with its reason, audited: added points are a lot of their own; taken ones must be there. */
export async function adjustPoints(ctx: Ctx, customerId: string, input: z.infer<typeof L.PointsAdjustBody>): Promise<{ balance: number; entry: L.PointsEntry }> {
  return inTransaction(ctx, async (ctx) => {
    const customer = await customerTier(ctx, customerId);
    const now = ctx.clock.now();
    await lockBalance(ctx.db, ctx.accountId, customerId);
    let balance: number;
    let expiresAt: Date | null = null;
    if (input.delta > 0) {
      expiresAt = expiryFrom(now, (await pointsSettings(ctx.db, ctx.accountId)).points_validity_months);
      balance = await credit(ctx.db, ctx.accountId, customerId, input.delta, now);
    } else {
      balance = await debit(ctx.db, ctx.accountId, customerId, -input.delta, now);
    }
    const entry = await ctx.db
      .insertInto('points_entries')
      .values({ account_id: ctx.accountId, customer_id: customerId, kind: 'adjust', amount: input.delta, remaining: input.delta > 0 ? input.delta : null, expires_at: expiresAt, reason: input.reason, actor_id: ctx.actor.id, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordCustomerEvents(ctx.db, [{ accountId: ctx.accountId, customerId, kind: 'points.adjusted', data: { points: input.delta, reason: input.reason, balance }, actorId: ctx.actor.id, occurredAt: now }]);
    await recordAudit(ctx, 'loyalty.points_adjusted', { type: 'customer', id: customerId, label: customer.name }, { delta: input.delta, reason: input.reason, balance });
    return { balance, entry: await entryById(ctx, String(entry.id)) };
  });
}

/** Takes one of the gift out of stock (if it counts stock), then its points off the balance: both or neither. */
export async function redeemGift(ctx: Ctx, customerId: string, giftId: string): Promise<{ balance: number; entry: L.PointsEntry }> {
  return inTransaction(ctx, async (ctx) => {
    const customer = await customerTier(ctx, customerId);
    const now = ctx.clock.now();
    const gift = await ctx.db.selectFrom('loyalty_gifts').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', giftId).forUpdate().executeTakeFirst();
    if (!gift) throw notFound('gift');
    if (!gift.active) throw new AppError('gift_inactive', { field: 'giftId' });
    if (gift.stock !== null && gift.stock < 1) throw new AppError('gift_out_of_stock', { field: 'giftId' });
    if (gift.stock !== null) await ctx.db.updateTable('loyalty_gifts').set({ stock: gift.stock - 1, updated_at: now }).where('account_id', '=', ctx.accountId).where('id', '=', giftId).execute();
    const balance = await debit(ctx.db, ctx.accountId, customerId, gift.points_cost, now);
    const entry = await ctx.db
      .insertInto('points_entries')
      .values({ account_id: ctx.accountId, customer_id: customerId, kind: 'redeem', amount: -gift.points_cost, gift_id: gift.id, reason: gift.name, actor_id: ctx.actor.id, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordCustomerEvents(ctx.db, [{ accountId: ctx.accountId, customerId, kind: 'points.redeemed', data: { points: gift.points_cost, giftId: gift.id, gift: gift.name, kind: gift.kind, balance }, actorId: ctx.actor.id, occurredAt: now }]);
    await recordAudit(ctx, 'loyalty.points_redeemed', { type: 'customer', id: customerId, label: customer.name }, { giftId: gift.id, gift: gift.name, points: gift.points_cost, balance });
    return { balance, entry: await entryById(ctx, String(entry.id)) };
  });
}

export async function getPointsSettings(ctx: Ctx): Promise<L.PointsSettings> {
  await ensureLoyalty(ctx.db, ctx.accountId, ctx.clock.now());
  const s = await pointsSettings(ctx.db, ctx.accountId);
  return { pointsPerYuan: Number(s.points_per_yuan), pointsValidityMonths: s.points_validity_months };
}

export async function updatePointsSettings(ctx: Ctx, input: z.infer<typeof L.PointsSettingsPatch>): Promise<L.PointsSettings> {
  const before = await getPointsSettings(ctx);
  await inTransaction(ctx, async (ctx) => {
    await ctx.db
      .updateTable('loyalty_settings')
      .set({
        ...(input.pointsPerYuan !== undefined ? { points_per_yuan: input.pointsPerYuan } : {}),
        ...(input.pointsValidityMonths !== undefined ? { points_validity_months: input.pointsValidityMonths } : {}),
        updated_at: ctx.clock.now(),
      })
      .where('account_id', '=', ctx.accountId)
      .execute();
    await recordAudit(ctx, 'loyalty.settings_changed', null, { before, after: { ...before, ...input } });
  });
  return getPointsSettings(ctx);
}
