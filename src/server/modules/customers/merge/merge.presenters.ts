import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type * as M from '../../../../contracts/customer-merge.ts';
import { maskEmail, maskPhone } from '../../../platform/mask.ts';
import { money } from '../../../platform/money.ts';
import type { ContactView } from '../customers.presenters.ts';
import type { CustomerMergesTable, MatchReason, MergeMoved } from './merge.tables.ts';

export const DUPLICATE_COLUMNS = [
  'id', 'name', 'nickname', 'phone', 'email', 'tier', 'source_platform', 'lifetime_spend', 'order_count', 'last_order_at', 'last_seen_at', 'created_at',
] as const;

export type DuplicateRow = {
  id: string;
  name: string | null;
  nickname: string | null;
  phone: string | null;
  email: string | null;
  tier: string;
  source_platform: 'taobao' | 'tmall' | 'jd' | 'shopify' | 'web' | null;
  lifetime_spend: string;
  order_count: number;
  last_order_at: Date | null;
  last_seen_at: Date;
  created_at: Date;
};

/** One side of a suggested pair or of a merge preview, contacts masked for a caller without customers.contact.read. */
export function presentDuplicateCustomer(c: DuplicateRow, view: ContactView): z.infer<typeof M.DuplicateCustomer> {
  const masked = view === 'masked';
  return {
    id: c.id,
    name: c.name,
    nickname: c.nickname,
    phone: masked ? maskPhone(c.phone) : c.phone,
    email: masked ? maskEmail(c.email) : c.email,
    contactMasked: masked,
    tier: c.tier,
    sourcePlatform: c.source_platform,
    lifetimeSpend: money(c.lifetime_spend),
    orderCount: c.order_count,
    lastOrderAt: c.last_order_at ? c.last_order_at.toISOString() : null,
    lastSeenAt: c.last_seen_at.toISOString(),
    createdAt: c.created_at.toISOString(),
  };
}

/** The value a pair shares, masked like the contacts (a buyer id is shown as it is, as on the record). */
export function presentMatch(reason: MatchReason, value: string, view: ContactView) {
  if (view === 'masked' && reason === 'phone') return { reason, value: maskPhone(value) ?? '' };
  if (view === 'masked' && reason === 'email') return { reason, value: maskEmail(value) ?? '' };
  return { reason, value };
}

export type MergeRow = Selectable<CustomerMergesTable> & { survivor_name: string | null; merged_name: string | null };

const REASONS: readonly MatchReason[] = ['phone', 'email', 'platform'];

export function movedCounts(m: MergeMoved) {
  return {
    identities: m.identities.length,
    conversations: m.conversations.length,
    orders: m.orders.length,
    points: m.pointsMoved,
    pointsEntries: m.pointsEntries.length,
    notes: m.notes,
    events: m.events.length,
    consents: m.consents.length,
    keyAccount: m.keyAccountMoved,
  };
}

export function presentMerge(r: MergeRow): z.infer<typeof M.CustomerMerge> {
  const moved = (typeof r.moved === 'string' ? JSON.parse(r.moved) : r.moved) as MergeMoved;
  return {
    id: r.id,
    survivor: { id: r.survivor_id, name: r.survivor_name },
    merged: { id: r.merged_id, name: r.merged_name ?? moved.mergedRecord.name ?? moved.mergedRecord.nickname },
    reasons: REASONS.filter((x) => r.reasons.includes(x)),
    moved: movedCounts(moved),
    tierBefore: moved.tierBefore,
    tierAfter: moved.tierAfter,
    by: { id: r.actor_id, name: r.actor_name },
    createdAt: r.created_at.toISOString(),
    undoneAt: r.undone_at ? r.undone_at.toISOString() : null,
    undoneBy: r.undone_at ? { id: r.undone_by, name: r.undone_by_name } : null,
  };
}
