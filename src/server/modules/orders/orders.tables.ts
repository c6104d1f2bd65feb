import type { ColumnType, Generated } from 'kysely';
import type { SourcePlatform } from '../customers/customers.tables.ts';

// NUMERIC arrives as a string from both drivers (exact money).
type Money = ColumnType<string, string | number | undefined, string | number>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type OrderPlatform = SourcePlatform;
export type OrderStatus = 'unpaid' | 'paid' | 'shipped' | 'completed' | 'refunded' | 'closed';
export type ProductStatus = 'active' | 'inactive';

export type ProductGroupsTable = {
  id: string;
  account_id: string;
  name: string;
  parent_id: string | null;
  sort: Generated<number>;
  created_at: Timestamp;
};

export type ProductsTable = {
  id: string;
  account_id: string;
  group_id: string | null;
  sku: string;
  name: string;
  price: Money;
  status: Generated<ProductStatus>;
  attributes: Json<Record<string, unknown>>;
  created_at: Timestamp;
};

/** paid_total = item_total - discount_total + shipping_fee; discount_total includes the line discounts. */
export type OrdersTable = {
  id: string;
  account_id: string;
  customer_id: string;
  platform: OrderPlatform;
  platform_order_id: string;
  status: OrderStatus;
  currency: Generated<string>;
  item_total: Money;
  discount_total: Money;
  shipping_fee: Money;
  paid_total: Money;
  placed_at: Timestamp;
  paid_at: NullableTimestamp;
  shipped_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  refunded_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  province: string | null;
  city: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** What the source last said, digested: the same order sent again changes nothing (0011_orders_import.sql). */
  ingest_hash: ColumnType<string | null, string | null | undefined, string | null>;
};

/** line_total = unit_price * quantity - discount. */
export type OrderItemsTable = {
  id: string;
  account_id: string;
  order_id: string;
  product_id: string | null;
  sku: string | null;
  name: string;
  quantity: number;
  unit_price: Money;
  discount: Money;
  line_total: Money;
};

export type OrderWebhookSettingsTable = {
  account_id: string;
  /** Sealed with the server's key (platform/secrets.ts). */
  secret: string;
  rotated_at: Timestamp;
  created_at: Timestamp;
};

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'importing' | 'done' | 'failed';
export type ImportEncoding = 'utf-8' | 'gb18030';

export type OrderImportsTable = {
  id: string;
  account_id: string;
  file_name: string;
  encoding: ImportEncoding;
  size_bytes: number;
  file: ColumnType<Buffer, Buffer, Buffer>;
  headers: Json<string[]>;
  mapping: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  default_platform: OrderPlatform | null;
  status: ImportStatus;
  job_id: string | null;
  total_rows: number | null;
  valid_rows: number | null;
  error_rows: number | null;
  /** The first bad rows, each reason in both languages. */
  errors: Json<Array<{ line: number; 'zh-CN': string; en: string }>>;
  result: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  failure: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type OrdersTables = {
  product_groups: ProductGroupsTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_webhook_settings: OrderWebhookSettingsTable;
  order_imports: OrderImportsTable;
};
