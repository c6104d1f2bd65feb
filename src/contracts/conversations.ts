import { z } from 'zod';
import { IsoDate } from './common.ts';
import { LabelRef } from './labels.ts';

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
/** The text of a message that may carry files instead: empty is fine when attachmentIds are given. */
export const OptionalMessageBody = z.string().trim().max(5000).default('');
// Items are checked as a whole, so a bad list is reported at the field itself (a form knows where to show it).
export const AttachmentIds = z
  .array(z.unknown())
  .min(1)
  .max(10)
  .refine((ids) => ids.every((id) => typeof id === 'string' && id.length >= 1 && id.length <= 64), 'each id is a string of 1–64 characters')
  .transform((ids) => ids as string[])
  .meta({ items: { type: 'string', minLength: 1, maxLength: 64 }, description: 'files uploaded to this conversation beforehand (POST …/attachments) and not sent yet' });

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
  meta: z.record(z.string(), z.unknown()).describe('channel details: an email’s subject and addresses, a call’s direction, number and duration, a left message’s name and phone or email (leaveMessage); the customer’s addresses, number and contact masked (z***@example.com, 138****5678) unless the caller holds customers.contact.read'),
  createdAt: IsoDate,
}).meta({ id: 'Message' });

export const ConversationSummary = z.object({
  id: z.string(),
  status: ConversationStatus,
  channel: Channel,
  inbox: z.object({ id: z.string(), name: z.string() }),
  customer: z.object({ id: z.string(), name: z.string(), tier: z.string().describe('membership tier (会员等级): normal, advanced, vip, svip …') }),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  entry: Entry.partial().extend({ externalConversationId: z.string().optional().describe('API channel: the connector’s own thread id') }),
  lastMessageAt: IsoDate.nullable(),
  lastMessagePreview: z.string().nullable(),
  unreadCount: z.number().int(),
  agentLastReadId: z.string().describe('the agents have read the customer’s messages up to this id'),
  customerLastReadId: z.string().describe('the customer has read the agents’ messages up to this id (widget): 已读'),
  labels: z.array(LabelRef).describe('标签, by name'),
  snoozedUntil: IsoDate.nullable().describe('while snoozed (稍后处理): when it comes back as open'),
  teamId: z.string().nullable().describe('the team (skill group) it belongs to'),
  teamName: z.string().nullable(),
  routingState: z.enum(['queued', 'assigned']).nullable().describe('queued: waiting in its team’s queue (排队中); assigned: routing or a person gave it to its assignee'),
  priority: z.number().int().min(0).max(3).describe('0 low, 1 normal, 2 high (高), 3 urgent (紧急)'),
  createdAt: IsoDate,
}).meta({ id: 'ConversationSummary' });

export const ConversationView = z.enum(['mine', 'unassigned', 'team', 'all']).describe('team (我的团队): of the teams I belong to and their subteams');
export const ConversationQuery = z.strictObject({
  view: ConversationView.default('all'),
  status: ConversationStatus.optional(),
  channel: Channel.optional(),
  label: z.string().min(1).max(64).optional().describe('only conversations with this label id'),
  tier: z.string().regex(/^[a-z_]{1,32}$/).optional().describe('only customers of this membership tier'),
  cursor: z.string().regex(/^\d{1,15}\|[\w]{1,64}$/).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const ConversationList = z.object({
  items: z.array(ConversationSummary),
  nextCursor: z.string().nullable(),
  counts: z.object({ mine: z.number().int(), unassigned: z.number().int(), team: z.number().int(), all: z.number().int() }).describe('open conversations per view'),
  teamIds: z.array(z.string()).describe('the teams the team view covers: mine and all their subteams'),
  statusCounts: z.object({ open: z.number().int(), pending: z.number().int(), snoozed: z.number().int() }).describe('conversations per status in this view, with the channel, label and tier filters'),
});

export const SnoozeBody = z.strictObject({ until: IsoDate.describe('when it comes back as open (稍后提醒); in the future, within 90 days') });

export const MessagesQuery = z.strictObject({
  after: z.string().regex(/^\d+$/).optional().describe('only messages newer than this id (resume)'),
  before: z.string().regex(/^\d+$/).optional().describe('older history, newest first page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const MessageList = z.object({ items: z.array(Message) });

export const AgentReply = z.strictObject({
  clientId: ClientId,
  body: OptionalMessageBody.describe('may be empty when attachmentIds are given'),
  attachmentIds: AttachmentIds.optional(),
  private: z.boolean().default(false).describe('an internal note, never shown to the customer'),
  mentions: z.array(z.string().min(1).max(64)).max(20).optional().describe('colleagues @mentioned in an internal note: each is told'),
});
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

export const InboxLimits = z.object({
  messagesPerMinute: z.number().int().min(10).max(1_000_000).describe('shopper messages the inbox takes per minute (per server node), from all visitors together'),
  newVisitorsPerMinute: z.number().int().min(10).max(1_000_000).describe('new widget visitors per minute (per server node)'),
}).describe('abuse guards: a shopper beyond them gets 429 with a retry time');

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 00:00–23:59');
export const BusinessHours = z.object({
  enabled: z.boolean().describe('off: always open (only agent presence and the offline switch count)'),
  timezone: z.string().min(1).max(64).refine((tz) => { try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; } }, 'an IANA time zone such as Asia/Shanghai'),
  week: z.array(z.array(z.object({ from: HourMinute, to: HourMinute }).refine((p) => p.from !== p.to, 'a period needs a length')).max(3)).length(7).describe('Monday first; each day up to three periods; to before from runs past midnight'),
}).describe('营业时间: outside them the widget offers the leave-a-message form');

export const Inbox = z.object({
  id: z.string(),
  name: z.string(),
  channel: Channel,
  greeting: z.string(),
  color: z.string(),
  offline: z.boolean().describe('when true the widget always shows the leave-a-message form'),
  limits: InboxLimits,
  businessHours: BusinessHours,
  createdAt: IsoDate,
}).meta({ id: 'Inbox' });
export const InboxPatch = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  greeting: z.string().trim().max(500).optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  offline: z.boolean().optional(),
  limits: InboxLimits.partial().optional(),
  businessHours: BusinessHours.optional(),
});
export const InboxEmbed = z.object({
  snippet: z.string().describe('the one script tag to put on every page of the shop'),
  identitySecret: z.string().describe('signs shop customer ids: hex HMAC-SHA256(secret, `${customerId}.${expiresAt}`), expiresAt in Unix seconds at most 7 days ahead; keep it on the shop server'),
});

export const Colleague = z.object({
  id: z.string(),
  name: z.string(),
  nickname: z.string().nullable().describe('the public nickname shoppers see'),
  role: z.string(),
  specialisation: z.string().nullable(),
  online: z.boolean().describe('has the workspace open'),
  canReply: z.boolean().describe('may take and answer conversations'),
}).meta({ id: 'Colleague' });
export const ColleagueList = z.object({ items: z.array(Colleague) });

export const TransferBody = z.strictObject({
  clientId: ClientId.describe('makes a retried transfer add its note once'),
  assigneeId: z.string().min(1).max(64).optional().describe('a colleague; give this or teamId, not both'),
  teamId: z.string().min(1).max(64).optional().describe('a team: routing assigns within it or queues it (转给团队); give this or assigneeId'),
  note: z.string().trim().max(500).optional().describe('what the colleague should know: shown first in the timeline'),
});
export const TransferResult = z.object({ conversation: ConversationSummary, message: Message });

export const Mention = z.object({
  id: z.string(),
  conversationId: z.string(),
  messageId: z.string(),
  by: z.string(),
  customerName: z.string(),
  excerpt: z.string(),
  createdAt: IsoDate,
  read: z.boolean(),
}).meta({ id: 'Mention' });
export const MentionsQuery = z.strictObject({ unread: z.enum(['true', 'false']).default('true'), limit: z.coerce.number().int().min(1).max(100).default(30) });
export const MentionList = z.object({ items: z.array(Mention), unread: z.number().int() });
export const MentionsRead = z.strictObject({
  ids: z.array(z.string().regex(/^\d{1,18}$/)).max(100).optional(),
  conversationId: z.string().max(64).optional(),
});
