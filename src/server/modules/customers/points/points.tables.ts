import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
// BIGINT arrives as a string from both drivers.
type Points = ColumnType<string, string | number, string | number>;

export type PointsEntryKind = 'earn' | 'reverse' | 'redeem' | 'adjust' | 'expire';
export type GiftKind = 'gift' | 'coupon';

export type PointsBalancesTable = {
  account_id: string;
  customer_id: string;
  balance: Points;
  updated_at: Timestamp;
};

export type PointsEntriesTable = {
  id: Generated<string>;
  account_id: string;
  customer_id: string;
  kind: PointsEntryKind;
  amount: Points;
  remaining: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  expires_at: NullableTimestamp;
  order_id: string | null;
  gift_id: string | null;
  reason: string | null;
  actor_id: string | null;
  created_at: Timestamp;
};

export type LoyaltyGiftsTable = {
  id: string;
  account_id: string;
  kind: GiftKind;
  name: string;
  description: Generated<string>;
  points_cost: number;
  stock: number | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type PointsTables = {
  points_balances: PointsBalancesTable;
  points_entries: PointsEntriesTable;
  loyalty_gifts: LoyaltyGiftsTable;
};
