import { z } from 'zod';
import { AttachmentIds, ClientId, Entry, Message, MessageBody, OptionalMessageBody } from './conversations.ts';

/**
 * The shopper's widget API, under /api/widget/v1. A visitor is known by the token the session
 * call returns, kept in the browser and sent as `x-visitor-token` (or `?token=` on the socket).
 */
export const WidgetIdentity = z.strictObject({
  customerId: z.string().min(1).max(128).describe("the shop's own customer id"),
  name: z.string().max(80).optional(),
  email: z.string().max(254).optional(),
  phone: z.string().max(32).optional(),
  // Required; optional in the schema only so that an identity signed the old way (without it) is told how to sign now.
  expiresAt: z.number().int().positive().optional().describe('when the signature stops working, in Unix seconds; at most 7 days ahead. Required: an identity without it is refused (400 identity_expiry_missing)'),
  signature: z.string().regex(/^[0-9a-f]{64}$/).describe('hex HMAC-SHA256 of `${customerId}.${expiresAt}` with the inbox identity secret'),
});

export const WidgetSessionBody = z.strictObject({
  inboxId: z.string().min(1).max(64),
  visitorToken: z.string().max(200).optional().describe('the token from an earlier visit, to keep one identity'),
  identity: WidgetIdentity.optional(),
  entry: Entry.optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
});

export const WidgetInbox = z.object({
  id: z.string(),
  name: z.string(),
  greeting: z.string(),
  color: z.string(),
  online: z.boolean().describe('an agent is online and within business hours; otherwise show the leave-a-message form'),
});

export const WidgetSession = z.object({
  visitorToken: z.string(),
  visitor: z.object({ id: z.string(), name: z.string() }),
  inbox: WidgetInbox,
  conversationId: z.string().nullable(),
});

export const WidgetSend = z.strictObject({ clientId: ClientId, body: OptionalMessageBody.describe('may be empty when attachmentIds are given'), attachmentIds: AttachmentIds.optional(), entry: Entry.optional() });
export const WidgetSendResult = z.object({ message: Message, duplicate: z.boolean() });
export const WidgetReadBody = z.strictObject({ upTo: z.string().regex(/^\d{1,18}$/).describe('the newest message the shopper has seen') });

export const WidgetMessagesQuery = z.strictObject({ after: z.string().regex(/^\d+$/).optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });

export const LeaveMessageBody = z.strictObject({
  clientId: ClientId,
  name: z.string().trim().min(1).max(80),
  contact: z.string().trim().min(3).max(254).describe('a phone number or an email address'),
  body: MessageBody,
});

/** Socket frames, client → server. */
export const WidgetClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.send'), clientId: ClientId, body: OptionalMessageBody, attachmentIds: AttachmentIds.optional() }),
  z.object({ type: z.literal('typing'), on: z.boolean() }),
  z.object({ type: z.literal('resume'), after: z.string().regex(/^\d+$/) }),
  z.object({ type: z.literal('ping'), id: z.string().max(64).optional() }),
  z.object({ type: z.literal('read'), upTo: z.string().regex(/^\d{1,18}$/).describe('the newest message the shopper has seen') }),
]);
