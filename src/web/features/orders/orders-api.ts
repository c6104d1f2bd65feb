import { api, ApiError, sessionHeaders } from '../../app/api-client';

/** Orders (订单) and their CSV import, as in src/contracts/orders.ts. */
export type OrderStatus = 'unpaid' | 'paid' | 'shipped' | 'completed' | 'refunded' | 'closed';
export const ORDER_STATUSES: readonly OrderStatus[] = ['unpaid', 'paid', 'shipped', 'completed', 'refunded', 'closed'];
export type Marketplace = 'taobao' | 'tmall' | 'jd' | 'shopify' | 'web';
export const MARKETPLACES: readonly Marketplace[] = ['taobao', 'tmall', 'jd', 'shopify', 'web'];

export type OrderSummary = {
  id: string;
  customerId: string;
  customerName: string | null;
  platform: Marketplace;
  platformOrderId: string;
  status: OrderStatus;
  currency: string;
  itemTotal: string;
  discountTotal: string;
  shippingFee: string;
  paidTotal: string;
  placedAt: string;
  paidAt: string | null;
};
export type OrderItem = { id: string; productId: string | null; sku: string | null; name: string; quantity: number; unitPrice: string; discount: string; lineTotal: string };
export type OrderDetail = OrderSummary & { items: OrderItem[] };
export type OrderList = { items: OrderSummary[]; nextCursor: string | null };
export type OrdersFilter = { status?: OrderStatus; platform?: Marketplace; q?: string; customerId?: string };

export const IMPORT_FIELDS = [
  'platformOrderId', 'platform', 'status', 'buyerId', 'buyerName', 'phone', 'email', 'paidTotal', 'discount', 'shippingFee',
  'placedAt', 'paidAt', 'itemName', 'sku', 'quantity', 'unitPrice', 'province', 'city',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type Mapping = Partial<Record<ImportField, string>>;
export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'importing' | 'done' | 'failed';
export type ImportResult = { created: number; updated: number; unchanged: number; customersCreated: number };
export type ImportEncoding = 'auto' | 'utf-8' | 'gb18030';

export type OrderImport = {
  id: string;
  fileName: string;
  encoding: 'utf-8' | 'gb18030';
  sizeBytes: number;
  headers: string[];
  sample: string[][];
  mapping: Mapping | null;
  suggestedMapping: Mapping;
  defaultPlatform: Marketplace | null;
  status: ImportStatus;
  progress: { done: number; total: number } | null;
  totalRows: number | null;
  validRows: number | null;
  errorRows: number | null;
  errors: Array<{ line: number; reason: string }>;
  result: ImportResult | null;
  failure: string | null;
  createdAt: string;
};

/** The file goes as the request body (no multipart): the server reads its bytes and detects the encoding. */
async function upload(file: File, encoding: ImportEncoding): Promise<OrderImport> {
  const query = new URLSearchParams({ fileName: file.name, encoding });
  const res = await fetch(`/api/order-imports?${query}`, { method: 'POST', credentials: 'same-origin', headers: { ...sessionHeaders(), 'Content-Type': 'text/csv' }, body: file });
  const payload = (await res.json().catch(() => undefined)) as { import?: OrderImport; error?: { code?: string; message?: string; field?: string } } | undefined;
  if (!res.ok || !payload?.import) throw new ApiError(res.status, payload?.error?.code ?? 'bad_response', payload?.error?.message ?? '', payload?.error?.field);
  return payload.import;
}

export type OrderWebhookInfo = { configured: boolean; secretHint: string | null; rotatedAt: string | null; urlTemplate: string };

const importPath = (id: string) => `/api/order-imports/${encodeURIComponent(id)}`;

export const ordersApi = {
  list: (filter: OrdersFilter, cursor: string | null, signal?: AbortSignal) => api.get<OrderList>('/api/orders', { ...filter, cursor, limit: 50 }, signal),
  get: (id: string) => api.get<{ order: OrderDetail }>(`/api/orders/${encodeURIComponent(id)}`).then((r) => r.order),
  upload,
  getImport: (id: string) => api.get<{ import: OrderImport }>(importPath(id)).then((r) => r.import),
  validate: (id: string, mapping: Mapping, defaultPlatform: Marketplace | null) =>
    api.post<{ import: OrderImport }>(`${importPath(id)}/validate`, { mapping, defaultPlatform }).then((r) => r.import),
  start: (id: string) => api.post<{ import: OrderImport }>(`${importPath(id)}/start`).then((r) => r.import),
  errorsUrl: (id: string) => `${importPath(id)}/errors`,
  webhook: (signal?: AbortSignal) => api.get<OrderWebhookInfo>('/api/order-webhook', undefined, signal),
  rotateWebhookSecret: () => api.post<OrderWebhookInfo & { secret: string }>('/api/order-webhook/rotate-secret'),
};
