import type { ColumnType, Generated } from 'kysely';
import type { TimelineTables } from './timeline.tables.ts';
import type { MergeTables } from './merge/merge.tables.ts';

// NUMERIC arrives as a string from both drivers (exact money); DATE as 'YYYY-MM-DD'.
type Money = ColumnType<string, string | number | undefined, string | number>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type Gender = 'male' | 'female' | 'unknown';
export type SourcePlatform = 'taobao' | 'tmall' | 'jd' | 'shopify' | 'web';
export type IdentityKind = 'phone' | 'email' | 'platform' | 'widget';

export type CustomersTable = {
  id: string;
  account_id: string;
  name: string | null;
  nickname: string | null;
  gender: Generated<Gender>;
  birthday: string | null;
  phone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  source_platform: SourcePlatform | null;
  source_shop: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  /** Key accounts: the member who looks after this customer (routing sends their chats to them). */
  account_manager_id: ColumnType<string | null, string | null | undefined, string | null>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  /** Custom attribute values by definition key (see customer_attribute_definitions). */
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

/**
 * A customer's order figures and tier, one row each, made with the customer (migration 0024): the
 * orders flow and the tiers rewrite this narrow row, never the customer's own.
 */
export type CustomerStatsTable = {
  account_id: string;
  customer_id: string;
  /** Over paid orders only (paid, shipped, completed); see migrations/0002_commerce.sql. */
  lifetime_spend: Generated<string>;
  order_count: Generated<number>;
  last_order_at: NullableTimestamp;
  tier: Generated<string>;
};

/** The customer with its figures (a view, read only): what reads a whole customer selects from. */
export type CustomerRecordsView = Omit<CustomersTable, 'gender'> & {
  gender: Gender;
  lifetime_spend: string;
  order_count: number;
  last_order_at: Date | null;
  tier: string;
  /** From merge/ and privacy/ (their tables add these columns to customers). */
  merged_into: string | null;
  merged_at: Date | null;
  erased_at: Date | null;
};

export type CustomerIdentitiesTable = {
  id: string;
  account_id: string;
  customer_id: string;
  kind: IdentityKind;
  /** The marketplace for kind 'platform'; null for phone, email and widget. */
  platform: SourcePlatform | null;
  value: string;
  created_at: Timestamp;
};

export type AttributeType = 'text' | 'number' | 'date' | 'select' | 'multi_select';

export type CustomerAttributeDefinitionsTable = {
  id: string;
  account_id: string;
  key: string;
  label: string;
  type: AttributeType;
  options: ColumnType<string[], string | undefined, string>;
  sort: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CustomersTables = {
  customers: CustomersTable;
  customer_stats: CustomerStatsTable;
  customer_records: CustomerRecordsView;
  customer_identities: CustomerIdentitiesTable;
  customer_attribute_definitions: CustomerAttributeDefinitionsTable;
  customer_names: CustomerNamesTable;
} & TimelineTables & MergeTables;

/** Lower-cased names and their grams for "name contains" search; kept by triggers (migration 0020), never written by code. */
export type CustomerNamesTable = {
  account_id: string;
  customer_id: string;
  name: string | null;
  nickname: string | null;
  grams: string[];
};
