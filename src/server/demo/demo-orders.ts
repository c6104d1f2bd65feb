import type { SourcePlatform } from '../modules/customers/customers.tables.ts';
import type { OrderStatus } from '../modules/orders/orders.tables.ts';
import { DAY_MS, HOUR_MS, type Promo, type SalesCalendar } from './demo-calendar.ts';
import type { DemoProduct } from './demo-catalogue.ts';
import { drawRegion, type Region } from './demo-people.ts';
import { padNumber, Rng, Weighted } from './demo-random.ts';

// One demo order: when it was placed (the sales calendar), what is in it, what it cost after the
// festival discounts, coupons and shipping, and how far it got by "now": an order placed an hour
// ago is still unpaid or paid, one from last year is long completed (or refunded, or closed).

const MINUTE_MS = 60_000;

export type DemoOrderItem = {
  productIndex: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  discountCents: number;
  /** unitPriceCents * quantity - discountCents */
  lineTotalCents: number;
};

/** Amounts in integer fen (cents); times in epoch ms; null where the order never got there. */
export type DemoOrder = {
  platform: SourcePlatform;
  platformOrderId: string;
  status: OrderStatus;
  itemTotalCents: number;
  discountTotalCents: number;
  shippingFeeCents: number;
  /** itemTotalCents - discountTotalCents + shippingFeeCents */
  paidTotalCents: number;
  placedAt: number;
  paidAt: number | null;
  shippedAt: number | null;
  completedAt: number | null;
  refundedAt: number | null;
  closedAt: number | null;
  updatedAt: number;
  province: string;
  city: string;
  items: DemoOrderItem[];
};

/** The statuses whose orders count toward a customer's spend, order count and last order. */
export function countsTowardSpend(status: OrderStatus): boolean {
  return status === 'paid' || status === 'shipped' || status === 'completed';
}

/** Product pickers by season and festival: sunscreen sells in summer, gift boxes at festivals. */
export class ProductPicker {
  private readonly tables: Weighted<number>[];

  constructor(products: readonly DemoProduct[], seed: number) {
    // Best-sellers differ by seed: a shuffled rank with a Zipf-like fall-off.
    const rng = new Rng(seed, 0x70726f64);
    const ranks = products.map((_, i) => i);
    for (let i = ranks.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [ranks[i], ranks[j]] = [ranks[j], ranks[i]];
    }
    const base = products.map((p, i) => (p.status === 'active' ? 1 : 0.25) / Math.pow(ranks[i] + 2, 0.8));
    this.tables = [false, true].flatMap((summer) =>
      [false, true].map((festive) =>
        new Weighted(products.map((_, i) => i), products.map((p, i) => base[i] * (p.summer ? (summer ? 2 : 0.5) : 1) * (p.festive && festive ? 2.5 : 1))),
      ),
    );
  }

  draw(rng: Rng, summer: boolean, festive: boolean): number {
    return this.tables[(summer ? 2 : 0) + (festive ? 1 : 0)].draw(rng);
  }
}

const LINES = new Weighted([1, 2, 3, 4, 5], [55, 27, 11, 5, 2]);
const QUANTITY = new Weighted([1, 2, 3], [80, 15, 5]);

// Free shipping above a threshold, a flat fee below it, as each marketplace's shops usually set it.
const SHIPPING: Record<SourcePlatform, { freeFrom: number; fee: number }> = {
  tmall: { freeFrom: 5900, fee: 800 },
  taobao: { freeFrom: 5900, fee: 800 },
  jd: { freeFrom: 9900, fee: 600 },
  web: { freeFrom: 9900, fee: 1000 },
  shopify: { freeFrom: 29900, fee: 2500 },
};

function lineDiscountRate(rng: Rng, promo: Promo | null): number {
  if (promo === 'double11' || promo === '618') return 0.15 + rng.next() * 0.15;
  if (promo) return 0.1 + rng.next() * 0.1;
  return rng.chance(0.1) ? 0.05 + rng.next() * 0.05 : 0;
}

function orderDiscount(rng: Rng, promo: Promo | null, goodsCents: number): number {
  // 跨店满减: ¥50 off every ¥300 during the two big festivals.
  if (promo === 'double11' || promo === '618') return Math.floor(goodsCents / 30000) * 5000;
  if (!rng.chance(0.22)) return 0;
  // A shop coupon: 满499减60, 满299减30, 满199减20.
  if (goodsCents >= 49900) return 6000;
  if (goodsCents >= 29900) return 3000;
  if (goodsCents >= 19900) return 2000;
  return 0;
}

/**
 * The marketplace's order number. Unique because it embeds the order's sequence number; rising
 * with it (from a base that depends on the seed) like real order numbers do, so the unique index
 * on it is appended to rather than written all over during a bulk load.
 */
export function platformOrderIdFor(platform: SourcePlatform, sequence: number, key: number, rng: Rng, placedAt: number): string {
  const n = (key % 900_000_000) + 100_000_000 + sequence;
  switch (platform) {
    case 'tmall':
    case 'taobao':
      return `${padNumber(n, 11)}${padNumber(rng.int(1e8), 8)}`;
    case 'jd':
      return `${padNumber(n, 11)}${rng.int(10)}`;
    case 'shopify':
      return String(5_500_000_000_000 + n);
    case 'web': {
      const d = new Date(placedAt + 8 * HOUR_MS);
      return `HY${d.getUTCFullYear()}${padNumber(d.getUTCMonth() + 1, 2)}${padNumber(d.getUTCDate(), 2)}${padNumber(n, 10)}`;
    }
  }
}

export type OrderInput = {
  rng: Rng;
  calendar: SalesCalendar;
  products: readonly DemoProduct[];
  picker: ProductPicker;
  /** Position in the customer's active window of the sales calendar, in [0, 1). */
  calendarShare: number;
  platform: SourcePlatform;
  platformOrderId: (placedAt: number) => string;
  home: Region;
  /** Heavy buyers fill bigger baskets. */
  basketBoost: number;
};

export function generateOrder(input: OrderInput): DemoOrder {
  const { rng, calendar, products } = input;
  const dayIndex = calendar.dayAt(input.calendarShare);
  const day = calendar.days[dayIndex];
  const placedAt = calendar.timeOn(dayIndex, rng);
  const now = calendar.nowMs;

  const lines = Math.min(5, LINES.draw(rng) + (rng.chance(input.basketBoost) ? 1 : 0));
  const items: DemoOrderItem[] = [];
  const seen = new Set<number>();
  let itemTotal = 0;
  let lineDiscounts = 0;
  for (let l = 0; l < lines; l++) {
    const productIndex = input.picker.draw(rng, day.summer, day.promo !== null);
    if (seen.has(productIndex)) continue;
    seen.add(productIndex);
    const product = products[productIndex];
    const quantity = QUANTITY.draw(rng);
    const gross = product.priceCents * quantity;
    const discount = Math.round((gross * lineDiscountRate(rng, day.promo)) / 100) * 100;
    items.push({ productIndex, sku: product.sku, name: product.name, quantity, unitPriceCents: product.priceCents, discountCents: discount, lineTotalCents: gross - discount });
    itemTotal += gross;
    lineDiscounts += discount;
  }
  const discountTotal = lineDiscounts + orderDiscount(rng, day.promo, itemTotal - lineDiscounts);
  const shipping = SHIPPING[input.platform];
  const shippingFee = itemTotal - discountTotal >= shipping.freeFrom ? 0 : shipping.fee;
  const region = rng.chance(0.92) ? input.home : drawRegion(rng);

  const order: DemoOrder = {
    platform: input.platform,
    platformOrderId: input.platformOrderId(placedAt),
    status: 'unpaid',
    itemTotalCents: itemTotal,
    discountTotalCents: discountTotal,
    shippingFeeCents: shippingFee,
    paidTotalCents: itemTotal - discountTotal + shippingFee,
    placedAt,
    paidAt: null,
    shippedAt: null,
    completedAt: null,
    refundedAt: null,
    closedAt: null,
    updatedAt: placedAt,
    province: region.province,
    city: region.city,
    items,
  };
  advance(order, rng, now, day.promo !== null, day.peak);
  return order;
}

/** Walks the order through payment, shipping, receipt or refund, stopping at whatever lies past now. */
function advance(order: DemoOrder, rng: Rng, now: number, promo: boolean, peak: boolean): void {
  const at = (t: number) => (t <= now ? t : null);
  if (rng.chance(0.07)) {
    // Never paid: the marketplace closes it after 48 hours, or the buyer cancels sooner.
    order.closedAt = at(order.placedAt + 10 * MINUTE_MS + rng.int(48 * HOUR_MS - 10 * MINUTE_MS));
    order.status = order.closedAt ? 'closed' : 'unpaid';
    order.updatedAt = order.closedAt ?? order.placedAt;
    return;
  }
  order.paidAt = at(order.placedAt + 5_000 + rng.int(20 * MINUTE_MS));
  if (!order.paidAt) return;
  order.status = 'paid';
  order.updatedAt = order.paidAt;

  const refund = rng.chance(promo ? 0.08 : 0.05);
  const refundBeforeShipping = refund && rng.chance(0.4);
  if (refundBeforeShipping) {
    order.refundedAt = at(order.paidAt + 10 * MINUTE_MS + rng.int(12 * HOUR_MS));
    if (order.refundedAt) {
      order.status = 'refunded';
      order.updatedAt = order.refundedAt;
    }
    return;
  }
  order.shippedAt = at(order.paidAt + (peak ? DAY_MS + rng.int(4 * DAY_MS) : 2 * HOUR_MS + rng.int(46 * HOUR_MS)));
  if (!order.shippedAt) return;
  order.status = 'shipped';
  order.updatedAt = order.shippedAt;
  // After-sale refunds: the buyer sends the goods back within about two weeks of shipping.
  const refundAt = refund ? order.shippedAt + DAY_MS + rng.int(14 * DAY_MS) : Infinity;
  const completeAt = order.shippedAt + 2 * DAY_MS + rng.int(8 * DAY_MS);
  if (completeAt < refundAt && completeAt <= now) {
    order.completedAt = completeAt;
    order.status = 'completed';
    order.updatedAt = completeAt;
  }
  if (refundAt <= now) {
    order.refundedAt = refundAt;
    order.status = 'refunded';
    order.updatedAt = refundAt;
  }
}
