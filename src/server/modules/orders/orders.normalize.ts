import crypto from 'node:crypto';
import type { OrderIn } from '../../../contracts/orders.ts';
import type { OrderPlatform, OrderStatus } from './orders.tables.ts';

/**
 * An incoming order in the shape the ingest writes: money in fen (integers, exact), times as Dates,
 * the buyer's keys normalised (email lower-case, phone digits only), and the amounts made to add up:
 * paid_total = item_total - discount_total + shipping_fee.
 */
export type NormalizedItem = { sku: string | null; name: string; quantity: number; unitPriceFen: number; discountFen: number; lineTotalFen: number };

export type NormalizedOrder = {
  platform: OrderPlatform;
  platformOrderId: string;
  status: OrderStatus;
  buyer: { platformBuyerId: string | null; phone: string | null; email: string | null; name: string | null };
  placedAt: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
  completedAt: Date | null;
  refundedAt: Date | null;
  closedAt: Date | null;
  currency: string;
  itemTotalFen: number;
  discountTotalFen: number;
  shippingFeeFen: number;
  paidTotalFen: number;
  province: string | null;
  city: string | null;
  items: NormalizedItem[];
  /** A digest of everything above except the buyer: equal digests mean nothing to change. */
  hash: string;
};

/** Why an order cannot be taken, in both languages (the CSV report and the API say it). */
export class OrderInputError extends Error {
  constructor(readonly reason: { 'zh-CN': string; en: string }, readonly field?: string) {
    super(reason.en);
  }
}

export function toFen(value: string | number | undefined | null): number {
  if (value === undefined || value === null || value === '') return 0;
  return Math.round(Number(value) * 100);
}

export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^\d+]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return digits || null;
}

const date = (s: string | null | undefined) => (s ? new Date(s) : null);

function normalizeItems(items: NonNullable<OrderIn['items']>): NormalizedItem[] {
  return items.map((i, index) => {
    const unitPriceFen = toFen(i.unitPrice);
    const discountFen = toFen(i.discount);
    const lineTotalFen = unitPriceFen * i.quantity - discountFen;
    if (lineTotalFen < 0) throw new OrderInputError({ 'zh-CN': `第 ${index + 1} 件商品的优惠超过了金额`, en: `item ${index + 1}: the discount is more than the line` }, `items.${index}.discount`);
    return { sku: i.sku ?? null, name: i.name, quantity: i.quantity, unitPriceFen, discountFen, lineTotalFen };
  });
}

/** Works out the four amounts; throws when what was given cannot add up. */
function amounts(input: OrderIn, items: NormalizedItem[]) {
  const shippingFeeFen = toFen(input.shippingFee);
  const orderDiscountGiven = input.discount !== undefined;
  const paidGiven = input.paidTotal !== undefined;
  if (items.length === 0) {
    if (!paidGiven) throw new OrderInputError({ 'zh-CN': '没有商品明细时需要实付金额', en: 'paidTotal is needed when there are no items' }, 'paidTotal');
    const discountTotalFen = toFen(input.discount);
    const paidTotalFen = toFen(input.paidTotal);
    const itemTotalFen = paidTotalFen + discountTotalFen - shippingFeeFen;
    if (itemTotalFen < 0) throw new OrderInputError({ 'zh-CN': '运费超过了实付金额加优惠', en: 'the shipping fee is more than the amount paid plus discounts' }, 'shippingFee');
    return { itemTotalFen, discountTotalFen, shippingFeeFen, paidTotalFen };
  }
  const itemTotalFen = items.reduce((sum, i) => sum + i.unitPriceFen * i.quantity, 0);
  const lineDiscountFen = items.reduce((sum, i) => sum + i.discountFen, 0);
  let orderDiscountFen = toFen(input.discount);
  if (paidGiven && !orderDiscountGiven) orderDiscountFen = itemTotalFen - lineDiscountFen + shippingFeeFen - toFen(input.paidTotal);
  const discountTotalFen = lineDiscountFen + orderDiscountFen;
  const paidTotalFen = itemTotalFen - discountTotalFen + shippingFeeFen;
  if (orderDiscountFen < 0 || paidTotalFen < 0 || (paidGiven && paidTotalFen !== toFen(input.paidTotal))) {
    throw new OrderInputError({ 'zh-CN': '金额对不上：实付金额应等于商品金额减优惠加运费', en: 'the amounts do not add up: paidTotal must be the items less discounts plus shipping' }, 'paidTotal');
  }
  return { itemTotalFen, discountTotalFen, shippingFeeFen, paidTotalFen };
}

export function normalizeOrder(input: OrderIn): NormalizedOrder {
  const items = normalizeItems(input.items ?? []);
  const sums = amounts(input, items);
  const order = {
    platform: input.platform,
    platformOrderId: input.platformOrderId.trim(),
    status: input.status,
    buyer: {
      platformBuyerId: input.buyer.platformBuyerId?.trim() || null,
      phone: normalizePhone(input.buyer.phone),
      email: input.buyer.email?.trim().toLowerCase() || null,
      name: input.buyer.name?.trim() || null,
    },
    placedAt: new Date(input.placedAt),
    paidAt: date(input.paidAt),
    shippedAt: date(input.shippedAt),
    completedAt: date(input.completedAt),
    refundedAt: date(input.refundedAt),
    closedAt: date(input.closedAt),
    currency: input.currency ?? 'CNY',
    ...sums,
    province: input.province ?? null,
    city: input.city ?? null,
    items,
  };
  return { ...order, hash: digest(order) };
}

function digest(o: Omit<NormalizedOrder, 'hash'>): string {
  const { buyer: _buyer, ...content } = o;
  return crypto.createHash('sha1').update(JSON.stringify(content)).digest('base64url');
}
