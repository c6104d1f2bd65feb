import type { Selectable } from 'kysely';
import { maskEmail, maskEmailsIn, maskPhone } from '../../platform/mask.ts';
import type { RealtimeMessage } from '../../realtime/realtime.ts';
import type { ConversationsTable, MessagesTable } from './conversations.tables.ts';

export function presentMessage(m: Selectable<MessagesTable>) {
  return {
    id: String(m.id),
    conversationId: m.conversation_id,
    clientId: m.client_id,
    senderType: m.sender_type,
    sender: m.sender_name ? { id: m.sender_id, name: m.sender_name } : null,
    kind: m.kind,
    body: m.body,
    attachments: m.attachments ?? [],
    meta: m.meta ?? {},
    createdAt: m.created_at.toISOString(),
  };
}

export type Message = ReturnType<typeof presentMessage>;

/** What a shopper typed into the widget's leave-a-message form (留言) besides the text: `meta.leaveMessage`. */
export type LeftContact = { name: string; phone?: string; email?: string };

export function leftContactOf(meta: Record<string, unknown>): LeftContact | null {
  const left = meta.leaveMessage as LeftContact | undefined;
  return left && typeof left === 'object' && typeof left.name === 'string' ? left : null;
}

/** A left message as the form used to write it into the text, and as the shopper still sees it. */
export function leftMessageText(body: string, left: LeftContact): string {
  return `【留言】${body}\n——${left.name}（${left.phone ?? left.email ?? ''}）`;
}

/** A message as the shopper sees it in the widget: their left message with the name and contact they gave. */
export function asShopperSees(m: Message): Message {
  const left = leftContactOf(m.meta);
  return left ? { ...m, body: leftMessageText(m.body, left) } : m;
}

// The email channel's address headers (from, reply-to: one address; to, cc: a list; a failure event's to: one).
const ADDRESS_FIELDS = ['from', 'replyTo', 'to', 'cc'] as const;
// Texts a system wrote around an address: a mail server's refusal, a display name that is an address.
const TEXT_FIELDS = ['fromName', 'error', 'deliveryError'] as const;

/**
 * A message as members without customers.contact.read see it: a logged call's number, an email's
 * addresses and a left message's phone and email masked (138****5678, z***@example.com). The
 * customer's own words are not touched; an agent's reply keeps the shop's own address. The same
 * object comes back when there is nothing to mask.
 */
export function withMaskedContacts(m: Message): Message {
  const meta = maskedMeta(m);
  const sender = maskedSender(m.sender);
  // A system event's text is written by ShopDesk (邮件未能发送给 …), never by the customer.
  const body = m.kind === 'event' ? maskEmailsIn(m.body) : m.body;
  return meta === m.meta && sender === m.sender && body === m.body ? m : { ...m, sender, body, meta };
}

// A mail without a display name is from its address, and that is the sender's name.
function maskedSender(sender: Message['sender']): Message['sender'] {
  if (!sender) return sender;
  const name = maskEmailsIn(sender.name);
  return name === sender.name ? sender : { ...sender, name };
}

function maskedMeta(m: Message): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (m.kind === 'call' && typeof m.meta.number === 'string') changes.number = maskPhone(m.meta.number);
  for (const field of ADDRESS_FIELDS) {
    if (field === 'from' && m.senderType === 'agent') continue;
    const value = m.meta[field];
    if (typeof value === 'string') changes[field] = maskEmail(value);
    else if (Array.isArray(value)) changes[field] = value.map((v) => (typeof v === 'string' ? maskEmail(v) : v));
  }
  for (const field of TEXT_FIELDS) {
    const value = m.meta[field];
    if (typeof value === 'string' && maskEmailsIn(value) !== value) changes[field] = maskEmailsIn(value);
  }
  const left = leftContactOf(m.meta);
  if (left) changes.leaveMessage = { ...left, ...(left.phone ? { phone: maskPhone(left.phone) } : {}), ...(left.email ? { email: maskEmail(left.email) } : {}) };
  return Object.keys(changes).length ? { ...m.meta, ...changes } : m.meta;
}

/**
 * A workspace frame about a message, to everyone signed in to the account: in full, and masked
 * for the members without customers.contact.read (the gateway hands each socket its own).
 */
export function messageFrame(accountId: string, event: string, data: { conversationId: string; message: Message; preview?: unknown }): RealtimeMessage {
  const masked = withMaskedContacts(data.message);
  return { accountId, channel: 'account', event, data, ...(masked !== data.message ? { maskedData: { ...data, message: masked } } : {}) };
}

export type ConversationRow = Selectable<ConversationsTable> & {
  inbox_name: string;
  customer_name: string | null;
  customer_tier: string;
  assignee_name: string | null;
  team_name: string | null;
  labels: { id: string; name: string; color: string }[] | null;
};

export function presentConversation(c: ConversationRow) {
  return {
    id: c.id,
    status: c.status,
    channel: c.channel,
    inbox: { id: c.inbox_id, name: c.inbox_name },
    customer: { id: c.customer_id, name: c.customer_name ?? '访客', tier: c.customer_tier },
    assignee: c.assignee_id && c.assignee_name ? { id: c.assignee_id, name: c.assignee_name } : null,
    entry: c.entry ?? {},
    lastMessageAt: c.last_message_at ? c.last_message_at.toISOString() : null,
    lastMessagePreview: c.last_message_preview,
    unreadCount: c.unread_count,
    agentLastReadId: String(c.agent_last_read_id),
    customerLastReadId: String(c.customer_last_read_id),
    labels: c.labels ?? [],
    snoozedUntil: c.status === 'snoozed' && c.snoozed_until ? c.snoozed_until.toISOString() : null,
    teamId: c.team_id,
    teamName: c.team_id ? c.team_name : null,
    routingState: c.routing_state,
    priority: c.priority,
    createdAt: c.created_at.toISOString(),
  };
}

export type ConversationSummary = ReturnType<typeof presentConversation>;
