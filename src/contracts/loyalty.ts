import { z } from 'zod';
import { IsoDate, Text } from './common.ts';

/**
 * Loyalty (会员等级与积分): the account's membership tiers, their re-evaluation, the points rules,
 * the gift catalogue and each customer's points ledger. Shared by the server and the web app.
 */
export const TierKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lowercase letters, digits and _, starting with a letter');
export const SpendBasis = z.enum(['lifetime', 'last_12_months']);
export const TierMatch = z.enum(['any', 'all']);
export const DowngradePolicy = z.enum(['never', 'yearly']);
export const TierColor = z.enum(['default', 'blue', 'cyan', 'green', 'gold', 'orange', 'red', 'magenta', 'purple']);
const Yuan = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount in yuan, e.g. 1000 or 1000.50');

export const Tier = z.object({
  key: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  color: z.string(),
  rank: z.number().int(),
  spendBasis: SpendBasis,
  minSpend: z.string().nullable().describe('yuan; null: spend is no condition'),
  minOrders: z.number().int().nullable().describe('null: order count is no condition'),
  match: TierMatch.describe('any: one of the set thresholds is enough; all: every one is needed'),
  discountRate: z.number().describe('the share of the price a member pays: 0.95 is 95折'),
  pointsMultiplier: z.number(),
  privileges: z.string(),
  downgradePolicy: DowngradePolicy,
}).meta({ id: 'Tier' });
export type Tier = z.infer<typeof Tier>;

export const ReevaluationState = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export const Reevaluation = z.object({
  jobId: z.string(),
  state: ReevaluationState,
  done: z.number().int(),
  total: z.number().int(),
  moved: z.number().int().nullable().describe('customers whose tier changed, once finished'),
  startedAt: IsoDate.nullable(),
  finishedAt: IsoDate.nullable(),
}).meta({ id: 'TierReevaluation' });
export type Reevaluation = z.infer<typeof Reevaluation>;

export const TierList = z.object({ items: z.array(Tier), reevaluation: Reevaluation.nullable() });

export const TierBody = z.strictObject({
  key: TierKey,
  nameZh: Text(20),
  nameEn: Text(40),
  color: TierColor.default('default'),
  spendBasis: SpendBasis.default('lifetime'),
  minSpend: Yuan.nullable().default(null),
  minOrders: z.number().int().min(0).max(1_000_000).nullable().default(null),
  match: TierMatch.default('any'),
  discountRate: z.number().min(0.01).max(1).default(1),
  pointsMultiplier: z.number().min(0).max(100).default(1),
  privileges: z.string().trim().max(500).default(''),
  downgradePolicy: DowngradePolicy.default('never'),
});
export const TiersBody = z.strictObject({
  tiers: z.array(TierBody).min(1).max(10).describe('every tier, lowest first: the first is the base tier and has no thresholds'),
});

export const ReevaluationResponse = z.object({ reevaluation: Reevaluation });
export const MaybeReevaluation = z.object({ reevaluation: Reevaluation.nullable() });

// ── Points rules ────────────────────────────────────────────────────────────────────────────────
export const PointsSettings = z.object({
  pointsPerYuan: z.number().describe('points earned per yuan paid, before the tier’s multiplier'),
  pointsValidityMonths: z.number().int().describe('earned points expire after this many months, oldest first'),
}).meta({ id: 'PointsSettings' });
export type PointsSettings = z.infer<typeof PointsSettings>;
export const PointsSettingsResponse = z.object({ settings: PointsSettings });
export const PointsSettingsPatch = z.strictObject({
  pointsPerYuan: z.number().min(0).max(1000).multipleOf(0.01).optional(),
  pointsValidityMonths: z.number().int().min(1).max(120).optional(),
});

// ── Gift catalogue ──────────────────────────────────────────────────────────────────────────────
export const GiftKind = z.enum(['gift', 'coupon']);
export const Gift = z.object({
  id: z.string(),
  kind: GiftKind,
  name: z.string(),
  description: z.string(),
  pointsCost: z.number().int(),
  stock: z.number().int().nullable().describe('null: unlimited'),
  active: z.boolean(),
  createdAt: IsoDate,
}).meta({ id: 'Gift' });
export type Gift = z.infer<typeof Gift>;
export const GiftList = z.object({ items: z.array(Gift) });
export const GiftResponse = z.object({ gift: Gift });
export const GiftBody = z.strictObject({
  kind: GiftKind,
  name: Text(60),
  description: z.string().trim().max(500).default(''),
  pointsCost: z.number().int().min(1).max(100_000_000),
  stock: z.number().int().min(0).max(100_000_000).nullable().default(null),
  active: z.boolean().default(true),
});
export const GiftPatch = z.strictObject({
  kind: GiftKind.optional(),
  name: Text(60).optional(),
  description: z.string().trim().max(500).optional(),
  pointsCost: z.number().int().min(1).max(100_000_000).optional(),
  stock: z.number().int().min(0).max(100_000_000).nullable().optional(),
  active: z.boolean().optional(),
});

// ── A customer's points ─────────────────────────────────────────────────────────────────────────
export const PointsEntryKind = z.enum(['earn', 'reverse', 'redeem', 'adjust', 'expire']);
export const PointsEntry = z.object({
  id: z.string(),
  kind: PointsEntryKind,
  amount: z.number().int().describe('positive: credited; negative: debited'),
  remaining: z.number().int().nullable().describe('of a credit: what is left unspent'),
  expiresAt: IsoDate.nullable(),
  orderId: z.string().nullable(),
  giftId: z.string().nullable(),
  reason: z.string().nullable(),
  actorId: z.string().nullable(),
  createdAt: IsoDate,
}).meta({ id: 'PointsEntry' });
export type PointsEntry = z.infer<typeof PointsEntry>;

export const CustomerPoints = z.object({
  customerId: z.string(),
  tier: z.string(),
  balance: z.number().int(),
  items: z.array(PointsEntry).describe('the ledger, newest first'),
  nextCursor: z.string().nullable(),
});
export const CustomerPointsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().regex(/^\d{1,18}$/).optional().describe('nextCursor of the previous page'),
});
export const PointsAdjustBody = z.strictObject({
  delta: z.number().int().min(-100_000_000).max(100_000_000).refine((n) => n !== 0, 'must not be 0').describe('points to add (positive) or take away (negative)'),
  reason: Text(200),
});
export const PointsRedeemBody = z.strictObject({ giftId: z.string().min(1).max(64) });
export const PointsChangeResponse = z.object({ balance: z.number().int(), entry: PointsEntry });
