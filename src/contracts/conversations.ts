import { z } from 'zod';
import { IsoDate } from './common.ts';

/** Conversations and messages: shared by the server, the agent workspace and the widget. */
export const Channel = z.enum(['web', 'email', 'phone', 'api']);
export const ConversationStatus = z.enum(['open', 'pending', 'snoozed', 'resolved']);
export const SenderType = z.enum(['customer', 'agent', 'system', 'bot']);
export const MessageKind = z.enum(['text', 'note', 'event', 'call']).describe('call: a logged phone call (meta: direction, number, durationSec; the recording is an attachment)');

export const AttachmentRef = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().describe('bytes'),
}).meta({ id: 'AttachmentRef' });

/** A client-made id (uuid or similar): a retry with the same id never stores a second copy. */
export const ClientId = z.string().min(8).max(64).regex(/^[\w-]+$/);
export const MessageBody = z.string().trim().min(1).max(5000);

export const Entry = z.strictObject({
  productId: z.string().max(64).optional(),
  productName: z.string().max(200).optional(),
  pageUrl: z.string().max(2000).optional(),
  pageTitle: z.string().max(300).optional(),
  referrer: z.string().max(2000).optional(),
});

export const Message = z.object({
  id: z.string().describe('ordered: a later message has a greater id (compare as numbers)'),
  conversationId: z.string(),
  clientId: z.string().nullable(),
  senderType: SenderType,
  sender: z.object({ id: z.string().nullable(), name: z.string() }).nullable().describe('for customers: their display name; for agents: the public nickname to shoppers, the internal name to colleagues'),
  kind: MessageKind,
  body: z.string(),
  attachments: z.array(AttachmentRef),
  meta: z.record(z.string(), z.unknown()).describe('channel details: an email’s subject and addresses, a call’s direction, number and duration'),
  createdAt: IsoDate,
}).meta({ id: 'Message' });

export const ConversationSummary = z.object({
  id: z.string(),
  status: ConversationStatus,
  channel: Channel,
  inbox: z.object({ id: z.string(), name: z.string() }),
  customer: z.object({ id: z.string(), name: z.string() }),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  entry: Entry.partial(),
  lastMessageAt: IsoDate.nullable(),
  lastMessagePreview: z.string().nullable(),
  unreadCount: z.number().int(),
  createdAt: IsoDate,
}).meta({ id: 'ConversationSummary' });

export const ConversationView = z.enum(['mine', 'unassigned', 'all']);
export const ConversationQuery = z.strictObject({
  view: ConversationView.default('all'),
  status: ConversationStatus.optional(),
  channel: Channel.optional(),
  cursor: z.string().regex(/^\d{1,15}\|[\w]{1,64}$/).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const ConversationList = z.object({
  items: z.array(ConversationSummary),
  nextCursor: z.string().nullable(),
  counts: z.object({ mine: z.number().int(), unassigned: z.number().int(), all: z.number().int() }).describe('open conversations per view'),
});

export const MessagesQuery = z.strictObject({
  after: z.string().regex(/^\d+$/).optional().describe('only messages newer than this id (resume)'),
  before: z.string().regex(/^\d+$/).optional().describe('older history, newest first page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const MessageList = z.object({ items: z.array(Message) });

export const AgentReply = z.strictObject({ clientId: ClientId, body: MessageBody, private: z.boolean().default(false).describe('an internal note, never shown to the customer') });
export const AssignBody = z.strictObject({ assigneeId: z.string().max(64).nullable() });
export const ReadBody = z.strictObject({ upTo: z.string().regex(/^\d+$/) });

export const ReceptionStep = z.enum(['greet', 'ask', 'analyse', 'recommend', 'negotiate', 'help', 'verify', 'farewell']).describe('the eight-step reception: 问候 询问 分析 推荐 议价 协助 核实 道别');
export const QuickReply = z.object({
  id: z.string(),
  scope: z.enum(['shared', 'personal']).describe('shared: the team library; personal: only mine'),
  shortcut: z.string(),
  title: z.string(),
  body: z.string().describe('may hold variables: {{customer.name}} {{order.number}} {{order.status}} {{agent.nickname}} {{shop.name}}'),
  step: ReceptionStep.nullable(),
  updatedAt: IsoDate,
}).meta({ id: 'QuickReply' });
export const QuickReplyBody = z.strictObject({
  shortcut: z.string().trim().min(1).max(32).regex(/^[^\s/]+$/, 'no spaces or slashes'),
  title: z.string().trim().min(1).max(80),
  body: z.string().trim().min(1).max(2000),
  step: ReceptionStep.nullable().optional(),
});
export const QuickReplyPatch = QuickReplyBody.partial();
export const QuickReplyQuery = z.strictObject({ q: z.string().trim().max(50).optional(), step: ReceptionStep.optional() });
export const QuickReplyList = z.object({ items: z.array(QuickReply), variables: z.array(z.string()) });
export const RenderBody = z.strictObject({ body: z.string().min(1).max(5000) });
export const RenderResult = z.object({ text: z.string(), missing: z.array(z.string()).describe('variables with no value for this conversation') });

export const Inbox = z.object({
  id: z.string(),
  name: z.string(),
  channel: Channel,
  greeting: z.string(),
  color: z.string(),
  offline: z.boolean().describe('when true the widget always shows the leave-a-message form'),
  createdAt: IsoDate,
}).meta({ id: 'Inbox' });
export const InboxPatch = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  greeting: z.string().trim().max(500).optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  offline: z.boolean().optional(),
});
export const InboxEmbed = z.object({
  snippet: z.string().describe('the one script tag to put on every page of the shop'),
  identitySecret: z.string().describe('signs shop customer ids: hex HMAC-SHA256(secret, customerId); keep it on the shop server'),
});
