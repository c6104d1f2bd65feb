import type { Selectable } from 'kysely';
import { maskPhone } from '../../platform/mask.ts';
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

/** A logged call's number masked (138****5678), for whoever may not see customers' contacts in full. */
export function withMaskedContacts(m: Message): Message {
  if (m.kind !== 'call' || typeof m.meta.number !== 'string') return m;
  return { ...m, meta: { ...m.meta, number: maskPhone(m.meta.number) } };
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
