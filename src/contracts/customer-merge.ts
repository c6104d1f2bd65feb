import { z } from 'zod';
import { IsoDate } from './common.ts';
import { Marketplace, Money } from './orders.ts';

/**
 * Duplicates and merge (重复客户与合并): suggested pairs of customer records that share a phone, an
 * email or a buyer id, the merge a member makes of two of them, and its undo. Shared by the server
 * and the web app. Nothing is merged automatically.
 */
const Id = z.string().trim().min(1).max(64);
const Cursor = z.string().max(300).regex(/^c1\.[A-Za-z0-9_-]+$/).describe('nextCursor of the previous page');

export const MatchReason = z.enum(['phone', 'email', 'platform']).describe('phone or email: the same (normalised) value; platform: the same buyer id on Taobao and Tmall (one Taobao account buys on both)');

export const DuplicateCustomer = z.object({
  id: z.string(),
  name: z.string().nullable(),
  nickname: z.string().nullable(),
  phone: z.string().nullable().describe('masked unless the caller holds customers.contact.read'),
  email: z.string().nullable().describe('masked unless the caller holds customers.contact.read'),
  contactMasked: z.boolean(),
  tier: z.string(),
  sourcePlatform: Marketplace.nullable(),
  lifetimeSpend: Money,
  orderCount: z.number().int(),
  lastOrderAt: IsoDate.nullable(),
  lastSeenAt: IsoDate,
  createdAt: IsoDate,
}).meta({ id: 'DuplicateCustomer' });

export const DuplicatePair = z.object({
  customers: z.tuple([DuplicateCustomer, DuplicateCustomer]),
  reasons: z.array(MatchReason).describe('every key the two share; more reasons rank higher'),
  matches: z.array(z.object({ reason: MatchReason, value: z.string().describe('the shared value, masked like the contacts') })),
  sameName: z.boolean().describe('a hint only: the same name alone never makes a suggestion'),
}).meta({ id: 'DuplicatePair' });

export const DuplicateListQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const DuplicateList = z.object({
  items: z.array(DuplicatePair),
  nextCursor: z.string().nullable(),
  scannedAt: IsoDate.nullable().describe('when the suggestions were last looked for (POST /api/customer-duplicates/scan looks again)'),
});

export const DuplicateScan = z.object({ pairs: z.number().int(), scannedAt: IsoDate, durationMs: z.number().int() });

export const DismissBody = z.strictObject({
  customerId: Id.describe('one of the two customers that are not the same person'),
  otherCustomerId: Id.describe('the other one'),
});

export const Dismissed = z.object({ customerIds: z.tuple([z.string(), z.string()]), dismissed: z.literal(true) });

export const MergeBody = z.strictObject({
  from: Id.describe('the customer merged into this one (it is hidden afterwards; the merge can be undone)'),
});

export const MergePreviewQuery = z.strictObject({ from: Id.optional().describe('the customer that would be merged in (required)') });

export const MergeCounts = z.object({
  identities: z.number().int(),
  conversations: z.number().int(),
  orders: z.number().int(),
  points: z.number().int().describe('points balance moved'),
  pointsEntries: z.number().int(),
  notes: z.number().int(),
  events: z.number().int().describe('timeline entries, notes included'),
  consents: z.number().int(),
  keyAccount: z.boolean(),
});

export const MergePreview = z.object({
  survivor: DuplicateCustomer,
  merged: DuplicateCustomer,
  reasons: z.array(MatchReason),
  moves: MergeCounts,
});

const Person = z.object({ id: z.string().nullable(), name: z.string().nullable() });

export const CustomerMerge = z.object({
  id: z.string(),
  survivor: z.object({ id: z.string(), name: z.string().nullable() }),
  merged: z.object({ id: z.string(), name: z.string().nullable() }),
  reasons: z.array(MatchReason),
  moved: MergeCounts,
  tierBefore: z.string(),
  tierAfter: z.string(),
  by: Person,
  createdAt: IsoDate,
  undoneAt: IsoDate.nullable(),
  undoneBy: Person.nullable(),
}).meta({ id: 'CustomerMerge' });

export const MergeOne = z.object({ merge: CustomerMerge });

export const MergeListQuery = z.strictObject({
  customerId: Id.optional().describe('merges this customer survived or was merged in'),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const MergeList = z.object({ items: z.array(CustomerMerge), nextCursor: z.string().nullable() });

export const CustomerMergeStatus = z.object({
  mergedInto: z.object({ id: z.string(), name: z.string().nullable(), mergeId: z.string(), mergedAt: IsoDate }).nullable()
    .describe('set when this record was merged into another: open that one instead'),
  items: z.array(CustomerMerge).describe('merges this customer survived or was merged in, newest first (the latest 50)'),
});
