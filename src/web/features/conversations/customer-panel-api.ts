import { api } from '../../app/api-client';
import type { Channel, ConversationStatus } from '../../app/api-types';

/** The customer panel beside a conversation, as in src/contracts/customers.ts and orders.ts. */
export type SourcePlatform = 'taobao' | 'tmall' | 'jd' | 'shopify' | 'web';
export const SOURCE_PLATFORMS: readonly SourcePlatform[] = ['taobao', 'tmall', 'jd', 'shopify', 'web'];
export type OrderStatus = 'unpaid' | 'paid' | 'shipped' | 'completed' | 'refunded' | 'closed';

export type CustomerProfile = {
  id: string;
  name: string | null;
  nickname: string | null;
  gender: 'male' | 'female' | 'unknown';
  province: string | null;
  city: string | null;
  sourcePlatform: SourcePlatform | null;
  sourceShop: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  tier: string;
  /** Yuan, exact decimal text ("1288.00"). */
  lifetimeSpend: string;
  orderCount: number;
  lastOrderAt: string | null;
  /** Masked (138****5678) when contactMasked. */
  phone: string | null;
  email: string | null;
  contactMasked: boolean;
};

export type CustomerIdentity = { kind: 'phone' | 'email' | 'platform' | 'widget'; platform: SourcePlatform | null; value: string };

export type RecentOrder = {
  id: string;
  platform: SourcePlatform;
  platformOrderId: string;
  status: OrderStatus;
  currency: string;
  paidTotal: string;
  placedAt: string;
  items: { name: string; sku: string | null; quantity: number }[];
  lineCount: number;
};

export type EarlierConversation = { id: string; channel: Channel; status: ConversationStatus; lastMessagePreview: string | null; lastMessageAt: string | null; createdAt: string };

/** One key per section; the CRM's later sections (tags, points …) arrive as keys of their own. */
export type CustomerPanelData = {
  customer: CustomerProfile;
  identities: CustomerIdentity[];
  recentOrders: RecentOrder[];
  earlierConversations: EarlierConversation[];
};

export const customerPanelApi = {
  get: (conversationId: string, signal?: AbortSignal) => api.get<CustomerPanelData>(`/api/conversations/${encodeURIComponent(conversationId)}/customer`, undefined, signal),
};

/** "2376.50" → "¥2,376.50"; the text stays exact (no float on the way). */
export function formatYuan(amount: string, currency = 'CNY'): string {
  const negative = amount.startsWith('-');
  const [whole, fraction = '00'] = amount.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = currency === 'CNY' ? '¥' : `${currency} `;
  return `${negative ? '-' : ''}${symbol}${grouped}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}
