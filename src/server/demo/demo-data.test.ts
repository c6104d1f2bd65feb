import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countsTowardSpend, demoCatalogue, demoTier, generateDemoCustomers, type DemoCustomer, type DemoOptions } from './demo-data.ts';
import { DAY_MS } from './demo-calendar.ts';

const NOW = new Date('2026-11-25T04:00:00Z');
const TWO_YEARS_MS = 730 * DAY_MS;

function generate(opts: Partial<DemoOptions> = {}): DemoCustomer[] {
  return [...generateDemoCustomers({ seed: 42, customers: 400, orders: 4000, now: NOW, ...opts })];
}

const shop = generate();
const orders = shop.flatMap((c) => c.orders);

test('the same seed gives the same shop; another seed another one', () => {
  assert.deepEqual(generate(), shop);
  const other = generate({ seed: 43 });
  assert.notDeepEqual(other, shop);
  assert.notDeepEqual(other.map((c) => c.name), shop.map((c) => c.name));
});

test('exactly the customers and orders asked for', () => {
  assert.equal(shop.length, 400);
  assert.equal(orders.length, 4000);
  for (const [customers, count] of [[1, 7], [3, 0], [50, 1], [7, 1000], [1000, 300]]) {
    const s = generate({ customers, orders: count });
    assert.equal(s.length, customers);
    assert.equal(s.reduce((n, c) => n + c.orders.length, 0), count, `${customers} customers, ${count} orders`);
  }
  assert.throws(() => generate({ customers: 0, orders: 5 }), /at least one customer/);
  assert.throws(() => generate({ customers: -1 }), RangeError);
});

test('customers look like Chinese shoppers', () => {
  const genders = new Set(['male', 'female', 'unknown']);
  for (const c of shop) {
    assert.match(c.name, /^[\u4e00-\u9fa5]{2,4}$/, c.name);
    assert.ok(c.nickname.length > 0);
    assert.ok(genders.has(c.gender));
    if (c.phone !== null) assert.match(c.phone, /^1[3-9]\d{9}$/, c.phone);
    if (c.email !== null) assert.match(c.email, /^[a-z0-9._]+@[a-z0-9.]+\.(com|cn)$/, c.email);
    if (c.birthday !== null) {
      assert.match(c.birthday, /^(19|20)\d\d-\d\d-\d\d$/);
      const age = 2026 - Number(c.birthday.slice(0, 4));
      assert.ok(age >= 16 && age <= 63, c.birthday);
    }
    assert.match(c.province, /[省市区]$/);
    assert.ok(c.city && c.district);
    assert.ok(c.identities.some((i) => i.kind === 'platform' && i.platform === c.sourcePlatform));
  }
  const women = shop.filter((c) => c.gender === 'female').length / shop.length;
  assert.ok(women > 0.6 && women < 0.85, `a beauty shop's customers are mostly women (${women})`);
  assert.ok(shop.filter((c) => c.phone).length / shop.length > 0.9);
  const withEmail = shop.filter((c) => c.email).length / shop.length;
  assert.ok(withEmail > 0.1 && withEmail < 0.5, `a minority give an e-mail (${withEmail})`);
  // 王, 李, 张 and 刘 alone name about a quarter of China.
  const common = shop.filter((c) => /^[王李张刘]/.test(c.name)).length / shop.length;
  assert.ok(common > 0.15 && common < 0.4, `common surnames ${common}`);
});

test('identities and marketplace order numbers never repeat', () => {
  const big = generate({ customers: 20_000, orders: 40_000, seed: 9 });
  const identities = new Set<string>();
  let identityCount = 0;
  const orderIds = new Set<string>();
  let orderCount = 0;
  for (const c of big) {
    for (const i of c.identities) {
      identities.add(`${i.kind}|${i.platform}|${i.value}`);
      identityCount++;
    }
    for (const o of c.orders) {
      orderIds.add(`${o.platform}|${o.platformOrderId}`);
      orderCount++;
    }
  }
  assert.equal(identities.size, identityCount);
  assert.equal(orderIds.size, orderCount);
});

test('orders fall in the two years before now and move through their statuses in order', () => {
  const now = NOW.getTime();
  for (const o of orders) {
    assert.ok(o.placedAt > now - TWO_YEARS_MS && o.placedAt <= now, new Date(o.placedAt).toISOString());
    const steps = [o.placedAt, o.paidAt, o.shippedAt, o.completedAt].filter((t): t is number => t !== null);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
    for (const t of [...steps, o.refundedAt, o.closedAt, o.updatedAt]) if (t !== null) assert.ok(t <= now);
    switch (o.status) {
      case 'unpaid': assert.ok(o.paidAt === null && o.closedAt === null); break;
      case 'closed': assert.ok(o.paidAt === null && o.closedAt !== null); break;
      case 'paid': assert.ok(o.paidAt !== null && o.shippedAt === null && o.refundedAt === null); break;
      case 'shipped': assert.ok(o.shippedAt !== null && o.completedAt === null && o.refundedAt === null); break;
      case 'completed': assert.ok(o.completedAt !== null && o.refundedAt === null); break;
      case 'refunded': assert.ok(o.paidAt !== null && o.refundedAt !== null); break;
    }
  }
  const share = (status: string) => orders.filter((o) => o.status === status).length / orders.length;
  assert.ok(share('completed') > 0.75, 'mostly completed');
  assert.ok(share('refunded') > 0.02 && share('refunded') < 0.1);
  assert.ok(share('closed') > 0.03 && share('closed') < 0.12);
});

test('amounts add up: lines, discounts, shipping, paid', () => {
  for (const o of orders) {
    assert.ok(o.items.length >= 1);
    let gross = 0;
    let lineDiscounts = 0;
    for (const i of o.items) {
      assert.ok(Number.isInteger(i.unitPriceCents) && i.quantity >= 1);
      assert.equal(i.lineTotalCents, i.unitPriceCents * i.quantity - i.discountCents);
      gross += i.unitPriceCents * i.quantity;
      lineDiscounts += i.discountCents;
    }
    assert.equal(o.itemTotalCents, gross);
    assert.ok(o.discountTotalCents >= lineDiscounts);
    assert.equal(o.paidTotalCents, o.itemTotalCents - o.discountTotalCents + o.shippingFeeCents);
    assert.ok(o.paidTotalCents > 0);
  }
});

test("each customer's spend, order count, last order and tier are those of their paid orders", () => {
  for (const c of shop) {
    const paid = c.orders.filter((o) => countsTowardSpend(o.status));
    assert.equal(c.lifetimeSpendCents, paid.reduce((s, o) => s + o.paidTotalCents, 0));
    assert.equal(c.orderCount, paid.length);
    assert.equal(c.lastOrderAt, paid.length ? Math.max(...paid.map((o) => o.placedAt)) : null);
    assert.equal(c.tier, demoTier(c.lifetimeSpendCents, c.orderCount));
    assert.ok(c.firstSeenAt <= c.lastSeenAt);
    for (const o of c.orders) assert.ok(c.firstSeenAt <= o.placedAt && o.placedAt <= c.lastSeenAt);
  }
});

test('revenue is Pareto-shaped: the top 20% of customers bring at least 60% of it', () => {
  for (const s of [shop, generate({ customers: 2000, orders: 20_000, seed: 1 }), generate({ customers: 1000, orders: 2000, seed: 2 })]) {
    const spend = s.map((c) => c.lifetimeSpendCents).sort((a, b) => b - a);
    const total = spend.reduce((a, b) => a + b, 0);
    const top = spend.slice(0, Math.ceil(spend.length * 0.2)).reduce((a, b) => a + b, 0);
    assert.ok(top / total >= 0.6, `top 20% hold ${(top / total * 100).toFixed(1)}%`);
  }
  assert.ok(shop.some((c) => c.orders.length === 1), 'some buy once');
  assert.ok(shop.some((c) => c.orders.length === 0), 'some never buy');
});

test('double eleven and 618 stand out of the calendar', () => {
  const big = generate({ customers: 3000, orders: 60_000, seed: 5 }).flatMap((c) => c.orders);
  const byDay = new Map<string, number>();
  for (const o of big) {
    const day = new Date(o.placedAt + 8 * 3_600_000).toISOString().slice(5, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
  }
  const average = big.length / 730;
  assert.ok((byDay.get('11-11') ?? 0) / 2 > average * 5, `11-11: ${byDay.get('11-11')} over two years, average day ${average}`);
  assert.ok((byDay.get('06-18') ?? 0) / 2 > average * 2.5, `6-18: ${byDay.get('06-18')}`);
});

test('the catalogue: unique SKUs, every product in a subgroup of a top group', () => {
  const { groups, products } = demoCatalogue();
  const keys = new Map(groups.map((g) => [g.key, g]));
  assert.equal(new Set(products.map((p) => p.sku)).size, products.length);
  for (const p of products) {
    const group = keys.get(p.groupKey);
    assert.ok(group?.parentKey && keys.get(group.parentKey)?.parentKey === null, p.sku);
    assert.match(p.name, /[\u4e00-\u9fa5]/);
    assert.ok(p.priceCents > 0);
  }
  assert.ok(products.length >= 60 && groups.filter((g) => !g.parentKey).length >= 5);
});
