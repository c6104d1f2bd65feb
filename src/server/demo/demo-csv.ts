import { generateDemoCustomers, type DemoCustomer, type DemoOptions, type DemoOrder } from './demo-data.ts';

// The demo shop's orders as a marketplace back office exports them: an order report (订单报表),
// one row per order, Chinese headers, statuses and platform names, China-time dates, amounts in
// yuan. The columns are the ones the import suggests a mapping for, so the file imports as is.

export const DEMO_CSV_HEADERS = ['订单编号', '平台', '买家会员名', '收货人姓名', '联系手机', '买家实付金额', '优惠金额', '运费', '订单状态', '订单创建时间', '订单付款时间', '收货省份', '收货城市'];

const STATUS_WORD: Record<DemoOrder['status'], string> = {
  unpaid: '等待买家付款', paid: '买家已付款', shipped: '卖家已发货', completed: '交易成功', refunded: '退款成功', closed: '交易关闭',
};
const PLATFORM_WORD: Record<DemoOrder['platform'], string> = { tmall: '天猫', taobao: '淘宝', jd: '京东', web: '官网', shopify: 'shopify' };

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** "2026-11-01 10:00:00", China time. */
function chinaTime(ms: number | null): string {
  if (ms === null) return '';
  const iso = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The order's row; null when the buyer has neither a buyer id on that marketplace nor a phone. */
function row(c: DemoCustomer, o: DemoOrder): string | null {
  const buyerId = c.identities.find((i) => i.kind === 'platform' && i.platform === o.platform)?.value ?? '';
  if (!buyerId && !c.phone) return null;
  return [
    o.platformOrderId, PLATFORM_WORD[o.platform], buyerId, c.name, c.phone ?? '',
    yuan(o.paidTotalCents), yuan(o.discountTotalCents), yuan(o.shippingFeeCents), STATUS_WORD[o.status],
    chinaTime(o.placedAt), chinaTime(o.paidAt), o.province, o.city,
  ].map(field).join(',');
}

/**
 * The lines of the CSV (the header first, CRLF line ends as spreadsheets write them), in chunks
 * of about `chunkRows` rows, so a million orders never sit in memory as rows. Orders whose buyer
 * has neither a buyer id on that marketplace nor a phone are left out (the import could not tell
 * whose they are); `orders` counts the rows written.
 */
export function* demoOrdersCsv(opts: DemoOptions, chunkRows = 10_000): Generator<string, { orders: number }> {
  let chunk = [DEMO_CSV_HEADERS.join(',')];
  let orders = 0;
  for (const c of generateDemoCustomers(opts)) {
    for (const o of c.orders) {
      const line = row(c, o);
      if (line === null) continue;
      chunk.push(line);
      orders++;
    }
    if (chunk.length >= chunkRows) {
      yield `${chunk.join('\r\n')}\r\n`;
      chunk = [];
    }
  }
  if (chunk.length) yield `${chunk.join('\r\n')}\r\n`;
  return { orders };
}
