import { z } from 'zod';
import { IsoDate, Text } from './common.ts';
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

// ---- The customer record, list, attributes, notes and timeline (客户档案) ----

export const TierKey = z.string().describe('membership tier (会员等级): normal 普通会员, advanced 高级会员, vip VIP会员, svip 至尊VIP会员');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('YYYY-MM-DD');
const Decimal = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/).describe('yuan, up to two decimals');
const TagText = z.string().trim().min(1).max(32);
/** An opaque page cursor (nextCursor of the previous page). */
const Cursor = z.string().max(300).regex(/^c1\.[A-Za-z0-9_-]+$/).describe('nextCursor of the previous page');
const Phone = z.string().trim().max(32).regex(/^[+\d\s\-()]{5,32}$/, 'phone number');

export const CustomerSort = z.enum(['last_order', 'lifetime_spend', 'created']);

export const CustomerListQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('a name or nickname, a full phone number, the last 4 digits of a phone (尾号), or an email address'),
  nameMatch: z.enum(['prefix', 'contains']).default('prefix').describe('how q matches names: prefix (indexed, fast) or anywhere in the name'),
  tag: z.string().trim().min(1).max(32).optional(),
  tier: z.string().trim().min(1).max(32).optional(),
  spendMin: Decimal.optional(),
  spendMax: Decimal.optional(),
  lastOrderFrom: IsoDate.optional(),
  lastOrderTo: IsoDate.optional(),
  attribute: z.string().trim().max(100).regex(/^[a-z][a-z0-9_]{0,39}:.+$/, 'key:value').optional().describe('a custom attribute value as key:value (skin_type:油性)'),
  sort: CustomerSort.default('last_order'),
  direction: z.enum(['desc', 'asc']).default('desc'),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const CustomerListItem = z.object({
  id: z.string(),
  name: z.string().nullable(),
  nickname: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  contactMasked: z.boolean(),
  tier: TierKey,
  tags: z.array(z.string()),
  province: z.string().nullable(),
  city: z.string().nullable(),
  sourcePlatform: SourcePlatform.nullable(),
  lifetimeSpend: Money,
  orderCount: z.number().int(),
  lastOrderAt: IsoDate.nullable(),
  createdAt: IsoDate,
}).meta({ id: 'CustomerListItem' });

export const CustomerList = z.object({
  items: z.array(CustomerListItem),
  nextCursor: z.string().nullable().describe('null on the last page'),
});

export const AttributeType = z.enum(['text', 'number', 'date', 'select', 'multi_select']);
export const AttributeValue = z.union([z.string(), z.number(), z.array(z.string())]);

export const CustomerAttributeValue = z.object({
  key: z.string(),
  label: z.string(),
  type: AttributeType,
  value: AttributeValue,
}).meta({ id: 'CustomerAttributeValue' });

export const CustomerRecord = z.object({
  id: z.string(),
  name: z.string().nullable(),
  nickname: z.string().nullable(),
  gender: Gender,
  birthday: Day.nullable(),
  phone: z.string().nullable().describe('the main phone; masked without customers.contact.read'),
  email: z.string().nullable(),
  phones: z.array(z.string()).describe('every phone the customer is known by'),
  emails: z.array(z.string()),
  contactMasked: z.boolean(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  sourcePlatform: SourcePlatform.nullable(),
  sourceShop: z.string().nullable(),
  firstSeenAt: IsoDate,
  lastSeenAt: IsoDate,
  lifetimeSpend: Money,
  orderCount: z.number().int(),
  averageOrderValue: Money.describe('lifetime spend / paid orders'),
  lastOrderAt: IsoDate.nullable(),
  tier: TierKey,
  tags: z.array(z.string()),
  accountManager: z.object({ id: z.string(), name: z.string() }).nullable().describe('key accounts: the member who looks after the customer'),
  identities: z.array(CustomerIdentity),
  attributes: z.array(CustomerAttributeValue).describe('values of the shop’s custom attributes, in the definitions’ order'),
  createdAt: IsoDate,
  updatedAt: IsoDate,
}).meta({ id: 'CustomerRecord' });

export const CustomerBody = z.strictObject({
  name: Text(100).nullable().optional(),
  nickname: Text(100).nullable().optional(),
  gender: Gender.optional(),
  birthday: Day.nullable().optional(),
  phone: Phone.nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  province: Text(50).nullable().optional(),
  city: Text(50).nullable().optional(),
  district: Text(50).nullable().optional(),
  sourcePlatform: SourcePlatform.nullable().optional(),
  sourceShop: Text(100).nullable().optional(),
  tags: z.array(TagText).max(50).optional(),
  attributes: z.record(z.string().max(40), AttributeValue.nullable()).optional().describe('custom attribute values by key; null clears one'),
  accountManagerId: z.string().max(64).nullable().optional(),
});
export const CustomerPatch = CustomerBody;

export const CustomerTagsBody = z.strictObject({
  add: z.array(TagText).max(50).default([]),
  remove: z.array(TagText).max(50).default([]),
});

export const AttributeDefinition = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  type: AttributeType,
  options: z.array(z.string()),
  sort: z.number().int(),
  createdAt: IsoDate,
}).meta({ id: 'CustomerAttributeDefinition' });

export const AttributeDefinitionBody = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _').describe('skin_type, interests, size …'),
  label: Text(50),
  type: AttributeType,
  options: z.array(Text(50)).max(100).default([]),
  sort: z.number().int().min(0).max(10000).default(0),
});
export const AttributeDefinitionPatch = z.strictObject({
  label: Text(50).optional(),
  options: z.array(Text(50)).max(100).optional(),
  sort: z.number().int().min(0).max(10000).optional(),
});

export const CustomerNote = z.object({
  id: z.string(),
  body: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string(),
  createdAt: IsoDate,
}).meta({ id: 'CustomerNote' });
export const CustomerNoteBody = z.strictObject({ body: Text(2000) });

export const TimelineSource = z.enum(['event', 'order', 'conversation']);
export const TimelineItem = z.object({
  id: z.string().describe('unique within the timeline: event:…, order:…, conversation:…'),
  source: TimelineSource,
  kind: z.string().describe('order.paid, tier.changed, customer.note … for events; order.placed; conversation.started'),
  title: z.string().describe('in the reader’s language'),
  data: z.record(z.string(), z.unknown()),
  actorId: z.string().nullable(),
  occurredAt: IsoDate,
}).meta({ id: 'CustomerTimelineItem' });
export const TimelineQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const Timeline = z.object({ items: z.array(TimelineItem), nextCursor: z.string().nullable() });
