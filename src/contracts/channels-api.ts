import { z } from 'zod';
import { IsoDate } from './common.ts';
import { Inbox, Message, MessageBody } from './conversations.ts';

/**
 * The API channel: a connector (a marketplace bridge for Taobao, JD …, or any system) posts its
 * customers' messages into an API inbox and receives the agents' replies on a signed webhook.
 */
export const SourcePlatform = z.enum(['taobao', 'tmall', 'jd', 'shopify', 'web']).describe('the marketplace the connector speaks for: its customer ids are ids on that platform');

const WebhookUrl = z.url({ protocol: /^https?$/ }).max(2000).describe('where agent replies are POSTed (http or https)');

export const ApiInboxSettings = z.object({
  platform: SourcePlatform,
  enabled: z.boolean().describe('when false the connector’s posts are refused and no replies are sent'),
  webhookUrl: z.string().nullable(),
  webhookSecretHint: z.string().describe('the last characters of the signing secret, to tell which one is in use'),
  messagesUrl: z.string().describe('the address the connector posts customer messages to (Bearer API token)'),
}).meta({ id: 'ApiInboxSettings' });

export const ApiInbox = z.object({ inbox: Inbox, settings: ApiInboxSettings });
/** Answers that make or replace the signing secret carry it this one time. */
export const ApiInboxWithSecret = ApiInbox.extend({ webhookSecret: z.string().describe('signs each webhook: hex HMAC-SHA256(secret, timestamp + "." + body); shown only now') });

export const ApiInboxCreate = z.strictObject({
  name: z.string().trim().min(1).max(40),
  platform: SourcePlatform.default('web'),
  webhookUrl: WebhookUrl.nullable().optional(),
  enabled: z.boolean().default(true),
});
export const ApiInboxPatch = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  platform: SourcePlatform.optional(),
  webhookUrl: WebhookUrl.nullable().optional(),
  enabled: z.boolean().optional(),
});

const ExternalId = z.string().trim().min(1).max(200);

export const InboundMessage = z.strictObject({
  externalMessageId: ExternalId.describe('the connector’s own message id: a retry with the same id stores nothing new'),
  externalConversationId: ExternalId.optional().describe('the connector’s thread id; replies carry the latest one'),
  customer: z.strictObject({
    externalId: ExternalId.describe('the customer’s id on the platform (buyer id / nick)'),
    name: z.string().trim().min(1).max(100).optional(),
    phone: z.string().trim().min(3).max(40).regex(/^[+\d][\d\s()-]*$/, 'digits, spaces, + ( ) -').optional(),
    email: z.email().max(200).optional(),
  }),
  body: MessageBody,
  sentAt: IsoDate.optional().describe('when the customer sent it on the platform; kept in the message meta'),
});
export const InboundResult = z.object({
  duplicate: z.boolean().describe('true when this externalMessageId was stored before: the same message is returned'),
  conversationId: z.string(),
  message: Message,
});

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export const WebhookDelivery = z.object({
  id: z.string().describe('sent as X-ShopDesk-Delivery: the receiver dedupes on it'),
  inboxId: z.string(),
  messageId: z.string().nullable(),
  event: z.string(),
  url: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: IsoDate.nullable(),
  deliveredAt: IsoDate.nullable(),
  createdAt: IsoDate,
  payload: z.record(z.string(), z.unknown()),
}).meta({ id: 'WebhookDelivery' });

export const DeliveriesQuery = z.strictObject({
  status: DeliveryStatus.optional(),
  cursor: z.string().regex(/^\d{1,15}\|[\w]{1,64}$/).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const DeliveryList = z.object({ items: z.array(WebhookDelivery), nextCursor: z.string().nullable() });
