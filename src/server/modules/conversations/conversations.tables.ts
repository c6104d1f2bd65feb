import type { ColumnType, Generated } from 'kysely';

type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type CreatedAt = Generated<Date>;

export type Channel = 'web' | 'email' | 'phone' | 'api';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export type SenderType = 'customer' | 'agent' | 'system' | 'bot';
export type MessageKind = 'text' | 'note' | 'event' | 'call';

/** A file on a message, as the message carries it (the bytes are in the attachments table). */
export type AttachmentRef = { id: string; name: string; contentType: string; size: number };

export type EntryContext = {
  productId?: string;
  productName?: string;
  pageUrl?: string;
  pageTitle?: string;
  referrer?: string;
  /** API channel: the connector's own thread id, carried on the replies. */
  externalConversationId?: string;
};

export type InboxesTable = {
  id: string;
  account_id: string;
  name: string;
  channel: Channel;
  greeting: string | null;
  color: Generated<string>;
  identity_secret: string;
  settings: Json<Record<string, unknown>>;
  created_at: CreatedAt;
};

export type VisitorsTable = {
  id: string;
  account_id: string;
  inbox_id: string;
  customer_id: string;
  token_hash: string;
  last_entry: Json<EntryContext>;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
};

export type ConversationsTable = {
  id: string;
  account_id: string;
  inbox_id: string;
  customer_id: string;
  channel: Channel;
  status: Generated<ConversationStatus>;
  assignee_id: string | null;
  entry: Json<EntryContext>;
  last_message_id: ColumnType<number | null, number | null | undefined, number | null>;
  last_message_at: Date | null;
  last_message_preview: string | null;
  unread_count: Generated<number>;
  agent_last_read_id: Generated<number>;
  waiting_since: Date | null;
  first_reply_at: Date | null;
  resolved_at: Date | null;
  subject: ColumnType<string | null, string | null | undefined, string | null>;
  snoozed_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  customer_last_read_id: Generated<number>;
  /** Routing (0006): the team it belongs to, its priority, its place in the queue or with an agent. */
  team_id: ColumnType<string | null, string | null | undefined, string | null>;
  priority: Generated<number>;
  routing_state: ColumnType<'queued' | 'assigned' | null, 'queued' | 'assigned' | null | undefined, 'queued' | 'assigned' | null>;
  preferred_agents: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  queued_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  assigned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  auto_assigned: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type MessagesTable = {
  id: Generated<number>;
  account_id: string;
  conversation_id: string;
  sender_type: SenderType;
  sender_id: string | null;
  sender_name: string | null;
  kind: Generated<MessageKind>;
  body: string;
  client_id: string | null;
  attachments: ColumnType<AttachmentRef[], string | undefined, string>;
  meta: ColumnType<Record<string, unknown>, string | undefined, string>;
  source_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Written with the row (to_tsvector of messageDocument), never updated by hand. */
  search: ColumnType<string | null, string | null | undefined, never>;
  created_at: CreatedAt;
};

export type AttachmentsTable = {
  id: string;
  account_id: string;
  conversation_id: string;
  message_id: number | null;
  uploader_type: 'customer' | 'agent' | 'system';
  uploader_id: string | null;
  file_name: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  data: Buffer;
  created_at: CreatedAt;
};

/** An image's small copy (WebP, longest side at most 320 px), made after its upload. */
export type AttachmentThumbnailsTable = {
  account_id: string;
  attachment_id: string;
  content_type: string;
  width: number;
  height: number;
  byte_size: number;
  data: Buffer;
  created_at: CreatedAt;
};

export type LabelsTable = { id: string; account_id: string; name: string; color: Generated<string>; created_at: CreatedAt };
export type ConversationLabelsTable = { account_id: string; conversation_id: string; label_id: string; created_at: CreatedAt };

export type MentionsTable = {
  id: Generated<number>;
  account_id: string;
  conversation_id: string;
  message_id: number;
  user_id: string;
  mentioned_by: string | null;
  created_at: CreatedAt;
  read_at: Date | null;
};

export type WebhookDeliveriesTable = {
  id: string;
  account_id: string;
  inbox_id: string;
  message_id: number | null;
  event: string;
  url: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: CreatedAt;
};

export type ConversationsTables = {
  inboxes: InboxesTable;
  visitors: VisitorsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  quick_replies: QuickRepliesTable;
  attachments: AttachmentsTable;
  attachment_thumbnails: AttachmentThumbnailsTable;
  labels: LabelsTable;
  conversation_labels: ConversationLabelsTable;
  mentions: MentionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
};

export type ReceptionStep = 'greet' | 'ask' | 'analyse' | 'recommend' | 'negotiate' | 'help' | 'verify' | 'farewell';

export type QuickRepliesTable = {
  id: string;
  account_id: string;
  scope: 'shared' | 'personal';
  owner_id: string | null;
  shortcut: string;
  title: string;
  body: string;
  step: ReceptionStep | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};
