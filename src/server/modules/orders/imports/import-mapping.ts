import type { ImportField, OrderIn } from '../../../../contracts/orders.ts';
import type { OrderPlatform, OrderStatus } from '../orders.tables.ts';

/**
 * From a shop's CSV columns to orders: which column is which field (suggested from Chinese and
 * English headers), the Chinese status and platform words, China-time dates, and yuan written
 * "¥1,288.00". A reason is in both languages, for the validation report.
 */
export type Mapping = Partial<Record<ImportField, string>>;
export type Reason = { 'zh-CN': string; en: string };

const HEADER_WORDS: Record<ImportField, string[]> = {
  platformOrderId: ['订单号', '订单编号', '订单id', '主订单编号', 'order id', 'order no', 'order number', 'platform order id', 'orderid'],
  platform: ['平台', '渠道', '来源平台', 'platform', 'channel', 'marketplace'],
  status: ['状态', '订单状态', '交易状态', 'status', 'order status'],
  buyerId: ['买家', '买家会员名', '买家昵称', '买家账号', '旺旺', 'buyer', 'buyer id', 'buyer nick', 'customer id'],
  buyerName: ['收货人', '收货人姓名', '姓名', '客户姓名', 'name', 'buyer name', 'customer name', 'recipient'],
  phone: ['手机', '手机号', '联系手机', '电话', '联系电话', 'phone', 'mobile', 'telephone'],
  email: ['邮箱', '电子邮件', 'email', 'e-mail'],
  paidTotal: ['金额', '实付金额', '买家实付金额', '实收款', '订单金额', '支付金额', 'amount', 'paid', 'paid total', 'total'],
  discount: ['优惠', '优惠金额', '折扣', '店铺优惠', 'discount'],
  shippingFee: ['运费', '邮费', 'shipping', 'shipping fee', 'freight'],
  placedAt: ['下单时间', '订单创建时间', '创建时间', '下单日期', 'placed at', 'order date', 'created at', 'date'],
  paidAt: ['付款时间', '支付时间', 'paid at', 'payment time'],
  itemName: ['商品', '商品名称', '宝贝标题', '商品标题', 'item', 'product', 'item name', 'product name', 'title'],
  sku: ['sku', '商家编码', '商品编码', '货号', 'item sku', 'product sku'],
  quantity: ['数量', '购买数量', '宝贝数量', 'quantity', 'qty'],
  unitPrice: ['单价', '商品单价', '价格', 'unit price', 'price'],
  province: ['省', '省份', '收货省份', 'province', 'state'],
  city: ['市', '城市', '收货城市', 'city'],
};

const squash = (s: string) => s.trim().toLowerCase().replace(/[\s_\-:：()（）]/g, '');

/** Each field's column, by its header: an exact word first, then a header that contains one. */
export function suggestMapping(headers: string[]): Mapping {
  const mapping: Mapping = {};
  const taken = new Set<string>();
  for (const exact of [true, false]) {
    for (const [field, words] of Object.entries(HEADER_WORDS) as Array<[ImportField, string[]]>) {
      if (mapping[field]) continue;
      const found = headers.find((h) => !taken.has(h) && words.some((w) => (exact ? squash(h) === squash(w) : squash(w).length >= 2 && squash(h).includes(squash(w)))));
      if (found) {
        mapping[field] = found;
        taken.add(found);
      }
    }
  }
  return mapping;
}

/** What a mapping lacks before rows can become orders; null when it will do. */
export function mappingProblem(mapping: Mapping, headers: string[], defaultPlatform: OrderPlatform | null): Reason | null {
  const unknown = Object.values(mapping).find((h) => h && !headers.includes(h));
  if (unknown) return { 'zh-CN': `文件中没有“${unknown}”这一列`, en: `the file has no column “${unknown}”` };
  const missing: Array<[string, string]> = [];
  if (!mapping.platformOrderId) missing.push(['订单号', 'order id']);
  if (!mapping.status) missing.push(['状态', 'status']);
  if (!mapping.placedAt) missing.push(['下单时间', 'placed at']);
  if (!mapping.buyerId && !mapping.phone && !mapping.email) missing.push(['买家/手机/邮箱之一', 'one of buyer, phone, email']);
  if (!mapping.platform && !defaultPlatform) missing.push(['平台（或选择默认平台）', 'platform (or choose a default platform)']);
  if (!mapping.paidTotal && !mapping.unitPrice) missing.push(['金额或单价', 'amount or unit price']);
  if (missing.length === 0) return null;
  return { 'zh-CN': `缺少：${missing.map((m) => m[0]).join('、')}`, en: `missing: ${missing.map((m) => m[1]).join(', ')}` };
}

const STATUS_WORDS: Record<string, OrderStatus> = {
  待付款: 'unpaid', 未付款: 'unpaid', 等待买家付款: 'unpaid', unpaid: 'unpaid', pending: 'unpaid',
  已付款: 'paid', 买家已付款: 'paid', 待发货: 'paid', 等待卖家发货: 'paid', paid: 'paid',
  已发货: 'shipped', 卖家已发货: 'shipped', 等待买家确认收货: 'shipped', shipped: 'shipped',
  已完成: 'completed', 交易成功: 'completed', 交易完成: 'completed', 已收货: 'completed', completed: 'completed',
  已退款: 'refunded', 退款成功: 'refunded', refunded: 'refunded',
  已关闭: 'closed', 交易关闭: 'closed', 已取消: 'closed', closed: 'closed', cancelled: 'closed', canceled: 'closed',
};

const PLATFORM_WORDS: Record<string, OrderPlatform> = {
  淘宝: 'taobao', taobao: 'taobao', 天猫: 'tmall', tmall: 'tmall', 京东: 'jd', jd: 'jd', shopify: 'shopify', 官网: 'web', 独立站: 'web', web: 'web',
};

export const statusOf = (word: string): OrderStatus | undefined => STATUS_WORDS[word.trim().toLowerCase()];
export const platformOf = (word: string): OrderPlatform | undefined => PLATFORM_WORDS[word.trim().toLowerCase()];

/** "¥1,288.00" → "1288.00"; undefined for an empty cell; null for something that is not money. */
export function moneyOf(cell: string | undefined): string | null | undefined {
  const s = (cell ?? '').replace(/[¥￥,\s元]/g, '');
  if (s === '') return undefined;
  return /^\d{1,10}(\.\d{1,2})?$/.test(s) ? s : null;
}

/** A time as shops write it, taken as China time (+08:00) unless it says its zone; null when unreadable. */
export function timeOf(cell: string | undefined): string | null | undefined {
  const s = (cell ?? '').trim();
  if (s === '') return undefined;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0'] = m;
    const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}T${h.padStart(2, '0')}:${mi}:${sec.padStart(2, '0')}+08:00`;
    return Number.isNaN(new Date(iso).getTime()) ? null : iso;
  }
  const parsed = new Date(s);
  return /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : null;
}

export type RowResult = { ok: true; key: string; order: OrderIn } | { ok: false; reason: Reason };

const fail = (zh: string, en: string): RowResult => ({ ok: false, reason: { 'zh-CN': zh, en } });

/** One CSV row as an order (with at most one line); the caller joins consecutive rows of one order. */
export function rowToOrder(cells: Record<string, string>, mapping: Mapping, defaultPlatform: OrderPlatform | null): RowResult {
  const get = (f: ImportField) => (mapping[f] ? (cells[mapping[f]!] ?? '').trim() : '');
  const platformOrderId = get('platformOrderId');
  if (!platformOrderId) return fail('订单号为空', 'the order id is empty');
  if (platformOrderId.length > 100) return fail('订单号过长', 'the order id is too long');
  const platform = mapping.platform && get('platform') ? platformOf(get('platform')) : defaultPlatform ?? undefined;
  if (!platform) return fail(`无法识别平台“${get('platform')}”`, `unknown platform “${get('platform')}”`);
  const status = statusOf(get('status'));
  if (!status) return fail(`无法识别订单状态“${get('status')}”`, `unknown order status “${get('status')}”`);
  const placedAt = timeOf(get('placedAt'));
  if (!placedAt) return fail(`下单时间“${get('placedAt')}”无法识别`, `the placed time “${get('placedAt')}” cannot be read`);
  const paidAt = timeOf(get('paidAt'));
  if (paidAt === null) return fail(`付款时间“${get('paidAt')}”无法识别`, `the paid time “${get('paidAt')}” cannot be read`);
  const buyer = { platformBuyerId: get('buyerId') || null, phone: get('phone') || null, email: get('email') || null, name: get('buyerName') || null };
  if (!buyer.platformBuyerId && !buyer.phone && !buyer.email) return fail('买家、手机、邮箱都为空，无法识别客户', 'buyer, phone and email are all empty: the customer cannot be known');
  if (buyer.phone && !/^\+?[\d\- ]{5,20}$/.test(buyer.phone)) return fail(`手机号“${buyer.phone}”无效`, `the phone “${buyer.phone}” is invalid`);
  if (buyer.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(buyer.email)) return fail(`邮箱“${buyer.email}”无效`, `the email “${buyer.email}” is invalid`);
  const amounts: Record<string, string | undefined> = {};
  for (const [field, zh] of [['paidTotal', '金额'], ['discount', '优惠'], ['shippingFee', '运费'], ['unitPrice', '单价']] as const) {
    const v = moneyOf(get(field));
    if (v === null) return fail(`${zh}“${get(field)}”不是有效金额`, `${field} “${get(field)}” is not an amount`);
    amounts[field] = v;
  }
  const order: OrderIn = {
    platform, platformOrderId, status, buyer, placedAt,
    ...(paidAt && { paidAt }),
    ...(amounts.paidTotal !== undefined && { paidTotal: amounts.paidTotal }),
    ...(amounts.discount !== undefined && { discount: amounts.discount }),
    ...(amounts.shippingFee !== undefined && { shippingFee: amounts.shippingFee }),
    ...(get('province') && { province: get('province').slice(0, 40) }),
    ...(get('city') && { city: get('city').slice(0, 40) }),
  };
  if (amounts.unitPrice !== undefined) {
    const quantity = get('quantity') ? Number(get('quantity')) : 1;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 100_000) return fail(`数量“${get('quantity')}”无效`, `the quantity “${get('quantity')}” is invalid`);
    const name = get('itemName') || get('sku') || platformOrderId;
    order.items = [{ name: name.slice(0, 300), sku: get('sku') ? get('sku').slice(0, 100) : null, quantity, unitPrice: amounts.unitPrice }];
  } else if (amounts.paidTotal === undefined) return fail('金额为空', 'the amount is empty');
  return { ok: true, key: `${platform}|${platformOrderId}`, order };
}
