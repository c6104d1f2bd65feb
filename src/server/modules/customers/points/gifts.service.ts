import type { z } from 'zod';
import type * as L from '../../../../contracts/loyalty.ts';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { ulid } from '../../../platform/ids.ts';
import { recordAudit } from '../../accounts/index.ts';
import { presentGift } from './points.presenters.ts';

/** The gift catalogue (积分兑换): gifts and coupons, cheapest first. */
export async function listGifts(ctx: Ctx): Promise<L.Gift[]> {
  const rows = await ctx.db.selectFrom('loyalty_gifts').selectAll().where('account_id', '=', ctx.accountId).orderBy('points_cost').orderBy('id').execute();
  return rows.map(presentGift);
}

async function getGift(ctx: Ctx, id: string): Promise<L.Gift> {
  const row = await ctx.db.selectFrom('loyalty_gifts').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('gift');
  return presentGift(row);
}

export async function createGift(ctx: Ctx, input: z.infer<typeof L.GiftBody>): Promise<L.Gift> {
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const id = `gft_${ulid()}`;
    await ctx.db
      .insertInto('loyalty_gifts')
      .values({ id, account_id: ctx.accountId, kind: input.kind, name: input.name, description: input.description, points_cost: input.pointsCost, stock: input.stock, active: input.active, created_at: now, updated_at: now })
      .execute();
    await recordAudit(ctx, 'loyalty.gift_created', { type: 'gift', id, label: input.name }, { pointsCost: input.pointsCost, stock: input.stock });
    return getGift(ctx, id);
  });
}

export async function updateGift(ctx: Ctx, id: string, input: z.infer<typeof L.GiftPatch>): Promise<L.Gift> {
  return inTransaction(ctx, async (ctx) => {
    const before = await getGift(ctx, id);
    const next = {
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.pointsCost !== undefined ? { points_cost: input.pointsCost } : {}),
      ...(input.stock !== undefined ? { stock: input.stock } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    if (Object.keys(next).length === 0) return before;
    await ctx.db.updateTable('loyalty_gifts').set({ ...next, updated_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'loyalty.gift_updated', { type: 'gift', id, label: input.name ?? before.name }, { before, changes: input });
    return getGift(ctx, id);
  });
}

/** Deleting a gift keeps the redemptions of it in the ledger (by id and name). */
export async function deleteGift(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const gift = await getGift(ctx, id);
    await ctx.db.deleteFrom('loyalty_gifts').where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'loyalty.gift_deleted', { type: 'gift', id, label: gift.name });
  });
}
