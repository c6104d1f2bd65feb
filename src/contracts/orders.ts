import { z } from 'zod';
import { IsoDate } from './common.ts';

/** Orders as other screens show them: shared by the server and the web app. */
export const Marketplace = z.enum(['taobao', 'tmall', 'jd', 'shopify', 'web']).describe('淘宝 天猫 京东 Shopify 官网');
/** Money as exact decimal text in yuan ("1288.00"): never a float. */
export const Money = z.string().regex(/^-?\d+\.\d{2}$/).describe('yuan, exact, two decimals');

export const OrderStatus = z.enum(['unpaid', 'paid', 'shipped', 'completed', 'refunded', 'closed']).describe('待付款 已付款 已发货 已完成 已退款 已关闭');

export const OrderLine = z.object({
  name: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int(),
}).meta({ id: 'OrderLine' });

export const RecentOrder = z.object({
  id: z.string(),
  platform: Marketplace,
  platformOrderId: z.string().describe('the marketplace’s own order number'),
  status: OrderStatus,
  currency: z.string(),
  paidTotal: Money,
  placedAt: IsoDate,
  items: z.array(OrderLine).describe('the first lines of the order'),
  lineCount: z.number().int().describe('all lines of the order, also those not listed in items'),
}).meta({ id: 'RecentOrder' });

// ── Orders in (CSV, API, webhook) ──────────────────────────────────────────────────────────────
const Id = z.string().min(1).max(64);
/** Yuan as a number or decimal text ("1288", "1288.5", "1288.50"); at most two decimals. */
export const MoneyIn = z.union([
  z.number().min(0).max(9_999_999_999.99).refine((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most two decimals'),
  z.string().trim().regex(/^\d{1,10}(\.\d{1,2})?$/, 'yuan with at most two decimals'),
]);
const TimeIn = z.iso.datetime({ offset: true });
const Optional = (s: z.ZodType<string>) => s.nullable().optional();

export const OrderBuyerIn = z.strictObject({
  platformBuyerId: Optional(z.string().trim().min(1).max(120)).describe('the buyer’s id or nickname on the marketplace (旺旺号, 京东账号)'),
  phone: Optional(z.string().trim().regex(/^\+?[\d\- ]{5,20}$/, 'a phone number')),
  email: Optional(z.string().trim().email().max(200)),
  name: Optional(z.string().trim().min(1).max(100)),
}).refine((b) => Boolean(b.platformBuyerId || b.phone || b.email), { message: 'a buyer id, phone or email is needed to know the customer', path: ['platformBuyerId'] });

export const OrderItemIn = z.strictObject({
  sku: Optional(z.string().trim().min(1).max(100)),
  name: z.string().trim().min(1).max(300),
  quantity: z.number().int().min(1).max(100_000),
  unitPrice: MoneyIn,
  discount: MoneyIn.optional().describe('off this line'),
});

export const OrderIn = z.strictObject({
  platform: Marketplace,
  platformOrderId: z.string().trim().min(1).max(100),
  status: OrderStatus,
  buyer: OrderBuyerIn,
  placedAt: TimeIn,
  paidAt: TimeIn.nullable().optional(),
  shippedAt: TimeIn.nullable().optional(),
  completedAt: TimeIn.nullable().optional(),
  refundedAt: TimeIn.nullable().optional(),
  closedAt: TimeIn.nullable().optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  items: z.array(OrderItemIn).max(500).optional(),
  discount: MoneyIn.optional().describe('order-level discounts (coupons, 满减), besides the lines’ own'),
  shippingFee: MoneyIn.optional(),
  paidTotal: MoneyIn.optional().describe('what the buyer paid; needed when there are no items, else computed (and checked when given)'),
  province: Optional(z.string().trim().min(1).max(40)),
  city: Optional(z.string().trim().min(1).max(40)),
});
export type OrderIn = z.infer<typeof OrderIn>;

export const OrdersPostBody = z.strictObject({ orders: z.array(OrderIn).min(1).max(1000).describe('one order or a batch of up to 1,000') });

export const IngestOutcome = z.enum(['created', 'updated', 'unchanged']);
export const IngestedOrder = z.object({
  platform: Marketplace,
  platformOrderId: z.string(),
  orderId: z.string(),
  customerId: z.string(),
  outcome: IngestOutcome,
  status: OrderStatus,
  statusKept: z.boolean().describe('the source’s status was not a step forward from the stored one and was not applied'),
}).meta({ id: 'IngestedOrder' });
export const IngestResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  customersCreated: z.number().int(),
  orders: z.array(IngestedOrder),
}).meta({ id: 'IngestResult' });

/** A page's position: the last row's time (epoch ms) and id, as nextCursor gave it. */
export const Cursor = z.string().max(120).regex(/^\d{1,15}\.[A-Za-z0-9_]{1,64}$/, 'not a cursor from a previous page');

// ── Order list and detail ──────────────────────────────────────────────────────────────────────
export const OrderItem = z.object({
  id: z.string(),
  productId: z.string().nullable(),
  sku: z.string().nullable(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: Money,
  discount: Money,
  lineTotal: Money,
}).meta({ id: 'OrderItem' });

export const OrderSummary = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  platform: Marketplace,
  platformOrderId: z.string(),
  status: OrderStatus,
  currency: z.string(),
  itemTotal: Money,
  discountTotal: Money,
  shippingFee: Money,
  paidTotal: Money,
  placedAt: IsoDate,
  paidAt: IsoDate.nullable(),
  shippedAt: IsoDate.nullable(),
  completedAt: IsoDate.nullable(),
  refundedAt: IsoDate.nullable(),
  closedAt: IsoDate.nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
}).meta({ id: 'OrderSummary' });

export const OrderDetail = OrderSummary.extend({ items: z.array(OrderItem) }).meta({ id: 'OrderDetail' });

export const OrdersQuery = z.strictObject({
  customerId: Id.optional(),
  status: OrderStatus.optional(),
  platform: Marketplace.optional(),
  q: z.string().trim().min(1).max(100).optional().describe('a platform order id, exact'),
  placedFrom: TimeIn.optional(),
  placedTo: TimeIn.optional(),
  cursor: Cursor.optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const OrderList = z.object({ items: z.array(OrderSummary), nextCursor: z.string().nullable() });

// ── Products and product groups ────────────────────────────────────────────────────────────────
export const ProductGroup = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  sort: z.number().int(),
  depth: z.number().int().describe('0 for a top group'),
}).meta({ id: 'ProductGroup' });
export const ProductGroupList = z.object({ items: z.array(ProductGroup).describe('tree order: each group followed by its subgroups') });
export const ProductGroupBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  parentId: Id.nullable().optional(),
  sort: z.number().int().min(0).max(10_000).optional(),
});
export const ProductGroupPatch = ProductGroupBody.partial();

export const ProductStatus = z.enum(['active', 'inactive']);
export const Product = z.object({
  id: z.string(),
  groupId: z.string().nullable(),
  sku: z.string(),
  name: z.string(),
  price: Money,
  status: ProductStatus,
  createdAt: IsoDate,
}).meta({ id: 'Product' });
export const ProductsQuery = z.strictObject({
  q: z.string().trim().min(1).max(100).optional().describe('sku or part of the name'),
  groupId: Id.optional().describe('this group and its subgroups'),
  status: ProductStatus.optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ProductList = z.object({ items: z.array(Product), nextCursor: z.string().nullable() });
export const ProductBody = z.strictObject({
  sku: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(300),
  price: MoneyIn,
  groupId: Id.nullable().optional(),
  status: ProductStatus.optional(),
});
export const ProductPatch = ProductBody.partial();

// ── Order webhook ──────────────────────────────────────────────────────────────────────────────
export const OrderWebhookInfo = z.object({
  configured: z.boolean(),
  secretHint: z.string().nullable().describe('the last characters of the secret'),
  rotatedAt: IsoDate.nullable(),
  urlTemplate: z.string().describe('POST here, {source} being taobao, tmall, jd, shopify or web'),
}).meta({ id: 'OrderWebhookInfo' });
export const OrderWebhookSecret = OrderWebhookInfo.extend({ secret: z.string().describe('shown this once') });
export const WebhookSourceParams = z.strictObject({ source: z.string().min(1).max(64) });
export const WebhookQuery = z.strictObject({ account: z.string().min(1).max(64).describe('the account id the orders belong to') });

// ── CSV import ─────────────────────────────────────────────────────────────────────────────────
export const ImportField = z.enum([
  'platformOrderId', 'platform', 'status', 'buyerId', 'buyerName', 'phone', 'email', 'paidTotal', 'discount', 'shippingFee',
  'placedAt', 'paidAt', 'itemName', 'sku', 'quantity', 'unitPrice', 'province', 'city',
]);
export type ImportField = z.infer<typeof ImportField>;
export const ImportEncoding = z.enum(['utf-8', 'gb18030']);
export const ImportStatus = z.enum(['uploaded', 'validating', 'validated', 'importing', 'done', 'failed']);
export const ImportRowError = z.object({ line: z.number().int(), reason: z.string() });
export const OrderImport = z.object({
  id: z.string(),
  fileName: z.string(),
  encoding: ImportEncoding,
  sizeBytes: z.number().int(),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())).describe('the first rows, for the mapping step'),
  mapping: z.record(z.string(), z.string()).nullable().describe('field → column header'),
  suggestedMapping: z.record(z.string(), z.string()),
  defaultPlatform: Marketplace.nullable(),
  status: ImportStatus,
  progress: z.object({ done: z.number(), total: z.number() }).nullable(),
  totalRows: z.number().int().nullable(),
  validRows: z.number().int().nullable(),
  errorRows: z.number().int().nullable(),
  errors: z.array(ImportRowError).describe('the first bad rows'),
  result: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), customersCreated: z.number().int() }).nullable(),
  failure: z.string().nullable(),
  createdAt: IsoDate,
}).meta({ id: 'OrderImport' });
export const ImportUploadQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(200),
  encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto'),
});
export const ImportMappingBody = z.strictObject({
  mapping: z.partialRecord(ImportField, z.string().min(1).max(200)),
  defaultPlatform: Marketplace.nullable().optional(),
});
export const ImportList = z.object({ items: z.array(OrderImport) });
