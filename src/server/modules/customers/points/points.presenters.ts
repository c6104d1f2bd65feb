import type { Selectable } from 'kysely';
import type { Gift, PointsEntry } from '../../../../contracts/loyalty.ts';
import type { LoyaltyGiftsTable, PointsEntriesTable } from './points.tables.ts';

export function presentEntry(e: Selectable<PointsEntriesTable>): PointsEntry {
  return {
    id: String(e.id),
    kind: e.kind,
    amount: Number(e.amount),
    remaining: e.remaining === null ? null : Number(e.remaining),
    expiresAt: e.expires_at ? e.expires_at.toISOString() : null,
    orderId: e.order_id,
    giftId: e.gift_id,
    reason: e.reason,
    actorId: e.actor_id,
    createdAt: e.created_at.toISOString(),
  };
}

export function presentGift(g: Selectable<LoyaltyGiftsTable>): Gift {
  return {
    id: g.id,
    kind: g.kind,
    name: g.name,
    description: g.description,
    pointsCost: g.points_cost,
    stock: g.stock,
    active: g.active,
    createdAt: g.created_at.toISOString(),
  };
}
