import type { ColumnType, Generated } from 'kysely';

type Money = ColumnType<string | null, string | number | null | undefined, string | number | null>;
type Decimal = ColumnType<string, string | number | undefined, string | number>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type SpendBasis = 'lifetime' | 'last_12_months';
export type TierMatch = 'any' | 'all';
export type DowngradePolicy = 'never' | 'yearly';
export type TierChangeReason = 'order_paid' | 'reevaluation' | 'yearly_review';

export type LoyaltySettingsTable = {
  account_id: string;
  points_per_yuan: Decimal;
  points_validity_months: Generated<number>;
  tiers_version: Generated<number>;
  updated_at: Timestamp;
};

export type LoyaltyTiersTable = {
  account_id: string;
  key: string;
  name_zh: string;
  name_en: string;
  color: string;
  rank: number;
  spend_basis: SpendBasis;
  min_spend: Money;
  min_orders: number | null;
  match: TierMatch;
  discount_rate: Decimal;
  points_multiplier: Decimal;
  privileges: string;
  downgrade_policy: DowngradePolicy;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CustomerTierChangesTable = {
  id: Generated<string>;
  account_id: string;
  customer_id: string;
  from_tier: string | null;
  to_tier: string;
  reason: TierChangeReason;
  order_id: string | null;
  changed_at: Timestamp;
};

export type TiersTables = {
  loyalty_settings: LoyaltySettingsTable;
  loyalty_tiers: LoyaltyTiersTable;
  customer_tier_changes: CustomerTierChangesTable;
};
