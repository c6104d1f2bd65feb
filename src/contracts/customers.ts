import { z } from 'zod';
import { IsoDate } from './common.ts';
import { Channel, ConversationStatus } from './conversations.ts';
import { Marketplace, Money, RecentOrder } from './orders.ts';

/** The customer record (客户档案) as the workspace shows it: shared by the server and the web app. */
export const SourcePlatform = Marketplace;
export const Gender = z.enum(['male', 'female', 'unknown']);
export const IdentityKind = z.enum(['phone', 'email', 'platform', 'widget']);

export const CustomerProfile = z.object({
  id: z.string(),
  name: z.string().nullable(),
  nickname: z.string().nullable(),
  gender: Gender,
  province: z.string().nullable(),
  city: z.string().nullable(),
  sourcePlatform: SourcePlatform.nullable().describe('where the customer was first seen'),
  sourceShop: z.string().nullable(),
  firstSeenAt: IsoDate,
  lastSeenAt: IsoDate,
  tier: z.string().describe('membership tier (会员等级): normal, advanced, vip, svip …'),
  lifetimeSpend: Money.describe('over paid orders only (paid, shipped, completed)'),
  orderCount: z.number().int().describe('paid orders'),
  lastOrderAt: IsoDate.nullable(),
  phone: z.string().nullable().describe('masked (138****5678) unless the caller holds customers.contact.read'),
  email: z.string().nullable().describe('masked (z***@example.com) unless the caller holds customers.contact.read'),
  contactMasked: z.boolean().describe('true when phone, email and contact identities are masked for this caller'),
}).meta({ id: 'CustomerProfile' });

export const CustomerIdentity = z.object({
  kind: IdentityKind,
  platform: SourcePlatform.nullable().describe('for kind platform: the marketplace'),
  value: z.string().describe('phone and email masked like the profile’s'),
}).meta({ id: 'CustomerIdentity' });

export const EarlierConversation = z.object({
  id: z.string(),
  channel: Channel,
  status: ConversationStatus,
  lastMessagePreview: z.string().nullable(),
  lastMessageAt: IsoDate.nullable(),
  createdAt: IsoDate,
}).meta({ id: 'EarlierConversation' });

/**
 * Everything the customer panel beside a conversation shows, one key per section. Later CRM
 * sections (tags, attributes, points, key account) are added as keys of their own.
 */
export const CustomerPanel = z.object({
  customer: CustomerProfile,
  identities: z.array(CustomerIdentity).describe('how the customer is known on each channel and marketplace'),
  recentOrders: z.array(RecentOrder).describe('the 5 most recently placed, any status'),
  earlierConversations: z.array(EarlierConversation).describe('the customer’s 10 other conversations with the latest activity'),
}).meta({ id: 'CustomerPanel' });
