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
