import type { Gender, IdentityKind, SourcePlatform } from '../modules/customers/customers.tables.ts';
import { DAY_MS, SalesCalendar } from './demo-calendar.ts';
import { DEMO_SHOPS } from './demo-catalogue.data.ts';
import { demoCatalogue, type DemoCatalogue } from './demo-catalogue.ts';
import { countsTowardSpend, generateOrder, platformOrderIdFor, ProductPicker, type DemoOrder } from './demo-orders.ts';
import { buyerIdFor, drawNickname, drawPerson, drawRegion, emailFor, keysFor, phoneFor } from './demo-people.ts';
import { hash32, hashUnit, Rng, Weighted } from './demo-random.ts';

// The demo shop generator: pure and deterministic (the same seed and "now" give the same shop),
// and streaming: customers come one at a time with their orders, so ten million orders never sit
// in memory. Revenue follows a Pareto shape: order counts are drawn from a heavy-tailed weight per
// customer and dealt out so that they add up to exactly the number of orders asked for.

export { demoCatalogue, type DemoCatalogue, type DemoGroup, type DemoProduct } from './demo-catalogue.ts';
export { countsTowardSpend, type DemoOrder, type DemoOrderItem } from './demo-orders.ts';

export type DemoOptions = {
  seed: number;
  customers: number;
  orders: number;
  /** The end of the two years of history. */
  now: Date;
};

export type DemoIdentity = { kind: IdentityKind; platform: SourcePlatform | null; value: string };

/** Amounts in integer fen; times in epoch ms. The aggregates cover paid orders only (countsTowardSpend). */
export type DemoCustomer = {
  index: number;
  name: string;
  nickname: string;
  gender: Gender;
  birthday: string | null;
  phone: string | null;
  email: string | null;
  province: string;
  city: string;
  district: string;
  sourcePlatform: SourcePlatform;
  sourceShop: string;
  firstSeenAt: number;
  lastSeenAt: number;
  lifetimeSpendCents: number;
  orderCount: number;
  lastOrderAt: number | null;
  tier: DemoTier;
  updatedAt: number;
  identities: DemoIdentity[];
  orders: DemoOrder[];
};

export type DemoTier = 'normal' | 'advanced' | 'vip' | 'svip';

/** Seed 003's four tiers (普通会员, 高级会员, VIP会员, 至尊VIP会员) by lifetime spend or order count. */
export function demoTier(spendCents: number, orderCount: number): DemoTier {
  if (spendCents >= 1_000_000) return 'svip';
  if (spendCents >= 300_000 || orderCount >= 10) return 'vip';
  if (spendCents >= 80_000 || orderCount >= 3) return 'advanced';
  return 'normal';
}

export const DEMO_HISTORY_DAYS = 730;
export const MAX_DEMO_CUSTOMERS = 50_000_000;
export const MAX_DEMO_ORDERS = 2_000_000_000;

// Customers who only ever chatted or signed up and never bought, and those who bought once and
// never came back; the rest are repeat buyers with a heavy-tailed (Pareto) buying weight. Index 1
// with a cap of 100 gives the classic 80/20 shape (measured: 74–81% of revenue from the top 20% at
// 1 to 10 orders per customer); the cap keeps the biggest buyer human.
const LEAD_SHARE = 0.04;
const ONE_TIME_SHARE = 0.4;
const PARETO_ALPHA = 1.0;
const WEIGHT_CAP = 100;

const STREAM_WEIGHT = 0x77656967;
const STREAM_CUSTOMER = 0x63757374;

const platforms = new Weighted<SourcePlatform>(['tmall', 'taobao', 'jd', 'web', 'shopify'], [42, 20, 22, 10, 6]);

/** -1 for a lead, 0 for a one-time buyer, else the repeat buyer's Pareto weight (≥ 1). */
function buyerWeight(seed: number, index: number): number {
  const u = hashUnit(seed, STREAM_WEIGHT, index);
  if (u < LEAD_SHARE) return -1;
  if (u < LEAD_SHARE + ONE_TIME_SHARE) return 0;
  const v = (u - LEAD_SHARE - ONE_TIME_SHARE) / (1 - LEAD_SHARE - ONE_TIME_SHARE);
  return Math.min(WEIGHT_CAP, Math.pow(1 - v, -1 / PARETO_ALPHA));
}

/**
 * Expected orders per customer: one for a one-time buyer, a share of what is left for a repeat
 * buyer. With fewer orders than one-time buyers everyone is scaled down alike.
 */
function expectationScale(seed: number, n: number, m: number): { oneTime: number; repeat: number } {
  let oneTimers = 0;
  let repeatWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = buyerWeight(seed, i);
    if (w === 0) oneTimers++;
    else if (w > 0) repeatWeight += w;
  }
  if (oneTimers + repeatWeight === 0) return { oneTime: 0, repeat: 0 };
  if (repeatWeight === 0 || m <= oneTimers) return { oneTime: 1, repeat: 1 };
  return { oneTime: 1, repeat: (m - oneTimers) / repeatWeight };
}

export function validateDemoOptions(opts: DemoOptions): void {
  const { customers, orders, seed } = opts;
  if (!Number.isSafeInteger(seed)) throw new RangeError('the seed must be an integer');
  if (!Number.isInteger(customers) || customers < 0 || customers > MAX_DEMO_CUSTOMERS) throw new RangeError(`customers must be a whole number from 0 to ${MAX_DEMO_CUSTOMERS}`);
  if (!Number.isInteger(orders) || orders < 0 || orders > MAX_DEMO_ORDERS) throw new RangeError(`orders must be a whole number from 0 to ${MAX_DEMO_ORDERS}`);
  if (orders > 0 && customers === 0) throw new RangeError('orders need at least one customer');
  if (Number.isNaN(opts.now.getTime())) throw new RangeError('now must be a valid date');
}

/** Customers one at a time, each with their identities and their orders (oldest first). */
export function* generateDemoCustomers(opts: DemoOptions, catalogue: DemoCatalogue = demoCatalogue()): Generator<DemoCustomer> {
  validateDemoOptions(opts);
  const { seed, customers: n, orders: m } = opts;
  const calendar = new SalesCalendar(opts.now, DEMO_HISTORY_DAYS);
  const picker = new ProductPicker(catalogue.products, seed);
  const keys = keysFor(seed);
  const orderKeys = { ...keys.platform };
  for (const p of Object.keys(orderKeys) as SourcePlatform[]) orderKeys[p] = hash32(keys.platform[p], 0x6f726472);
  const nowYear = new Date(calendar.nowMs + 8 * 3_600_000).getUTCFullYear();
  const emails = new Set<string>();

  // Two passes over the weights (cheap hashes, nothing stored): the totals first, then the deal.
  const scale = expectationScale(seed, n, m);
  const expected = (i: number) => {
    if (scale.repeat === 0) return 1;
    const w = buyerWeight(seed, i);
    return w < 0 ? 0 : w === 0 ? scale.oneTime : w * scale.repeat;
  };
  let total = 0;
  for (let i = 0; i < n; i++) total += expected(i);
  const offset = hashUnit(seed, 0x6f6666);
  let prefix = 0;
  let sequence = 0;

  for (let i = 0; i < n; i++) {
    const w = expected(i);
    const before = Math.floor((prefix / total) * m + offset);
    prefix += w;
    // On the last customer prefix === total bit for bit, so the counts add up to exactly m.
    const count = Math.floor((prefix / total) * m + offset) - before;
    const rng = new Rng(seed, STREAM_CUSTOMER, i);
    const customer = buildCustomer({ rng, index: i, count, sequence });
    sequence += count;
    yield customer;
  }

  function buildCustomer(c: { rng: Rng; index: number; count: number; sequence: number }): DemoCustomer {
    const { rng, index, count } = c;
    const person = drawPerson(rng, nowYear);
    const home = drawRegion(rng);
    const source = platforms.draw(rng);
    const second = rng.chance(0.12) ? platforms.draw(rng) : source;
    const hasPhone = source === 'shopify' ? rng.chance(0.5) : source === 'web' ? rng.chance(0.9) : true;
    const hasEmail = source === 'shopify' ? true : source === 'web' ? rng.chance(0.5) : rng.chance(0.15);
    const phone = hasPhone ? phoneFor(rng, keys, index) : null;
    const email = hasEmail ? emailFor(rng, keys, index, person, emails) : null;
    const nickname = drawNickname(rng, person, source);

    const identities: DemoIdentity[] = [{ kind: 'platform', platform: source, value: buyerIdFor(source, keys, index) }];
    if (second !== source) identities.push({ kind: 'platform', platform: second, value: buyerIdFor(second, keys, index) });
    if (phone) identities.push({ kind: 'phone', platform: null, value: phone });
    if (email) identities.push({ kind: 'email', platform: null, value: email });

    // The customer's active stretch of the calendar: repeat buyers spread over more of it.
    const span = count <= 1 ? 0 : Math.min(1, 0.2 + 0.12 * Math.log(count) + 0.4 * rng.next());
    const start = rng.next() * (1 - span);
    const basketBoost = Math.min(0.5, 0.08 * Math.log(1 + count));
    const orders: DemoOrder[] = [];
    for (let k = 0; k < count; k++) {
      const platform = second !== source && rng.chance(0.3) ? second : source;
      const sequenceNo = c.sequence + k;
      orders.push(generateOrder({
        rng,
        calendar,
        products: catalogue.products,
        picker,
        calendarShare: start + span * rng.next(),
        platform,
        platformOrderId: (placedAt) => platformOrderIdFor(platform, sequenceNo, orderKeys[platform], rng, placedAt),
        home,
        basketBoost,
      }));
    }
    orders.sort((a, b) => a.placedAt - b.placedAt);

    let spend = 0;
    let paid = 0;
    let lastOrderAt: number | null = null;
    let lastActivity = 0;
    for (const o of orders) {
      lastActivity = Math.max(lastActivity, o.updatedAt);
      if (!countsTowardSpend(o.status)) continue;
      spend += o.paidTotalCents;
      paid++;
      lastOrderAt = Math.max(lastOrderAt ?? 0, o.placedAt);
    }
    const now = calendar.nowMs;
    const firstSeenAt = orders.length
      ? Math.max(calendar.firstMs, orders[0].placedAt - rng.int(30 * DAY_MS))
      : calendar.timeOn(calendar.dayAt(rng.next()), rng);
    const lastPlaced = orders.length ? orders[orders.length - 1].placedAt : firstSeenAt;
    const lastSeenAt = Math.min(now, lastPlaced + rng.int(7 * DAY_MS));
    return {
      index,
      name: person.name,
      nickname,
      gender: person.gender,
      birthday: person.birthday,
      phone,
      email,
      province: home.province,
      city: home.city,
      district: home.district,
      sourcePlatform: source,
      sourceShop: DEMO_SHOPS[source],
      firstSeenAt,
      lastSeenAt,
      lifetimeSpendCents: spend,
      orderCount: paid,
      lastOrderAt,
      tier: demoTier(spend, paid),
      updatedAt: Math.max(lastSeenAt, lastActivity),
      identities,
      orders,
    };
  }
}
