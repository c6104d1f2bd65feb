import type { Locale, Localized } from '../i18n/messages';

export type Role = 'owner' | 'admin' | 'supervisor' | 'team_lead' | 'dispatcher' | 'qa_inspector' | 'agent' | 'operations';
export const ROLES: readonly Role[] = ['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher', 'qa_inspector', 'agent', 'operations'];

export type Specialisation = 'pre_sale' | 'in_sale' | 'after_sale';
export const SPECIALISATIONS: readonly Specialisation[] = ['pre_sale', 'in_sale', 'after_sale'];

export type Permission =
  | 'users.read'
  | 'users.manage'
  | 'audit.read'
  | 'tokens.manage'
  | 'account.manage'
  | 'conversations.read'
  | 'conversations.reply'
  | 'conversations.assign'
  | 'inboxes.manage'
  | 'quick_replies.manage'
  | 'labels.manage'
  | 'customers.contact.read'
  | 'key_accounts.manage'
  | 'customers.privacy'
  | 'customers.read'
  | 'customers.manage'
  | 'loyalty.manage'
  | 'orders.import'
  | 'teams.manage'
  | 'routing.manage'
  | 'routing.monitor'
  | 'work_orders.read'
  | 'work_orders.read_all'
  | 'work_orders.work'
  | 'work_orders.settings'
  | 'work_orders.reports';

export type User = {
  id: string;
  email: string;
  name: string;
  displayName: string | null;
  nickname: string | null;
  role: Role;
  specialisation: Specialisation | null;
  locale: Locale;
  status: 'active' | 'deactivated';
  lastLoginAt: string | null;
  createdAt: string;
};

export type Account = { id: string; name: string; locale: Locale; timezone: string };

export type Session = { user: User; account: Account; permissions: string[]; csrfToken: string };

export type PersonRef = { id: string; name: string };

export type Invitation = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  specialisation: Specialisation | null;
  invitedBy: PersonRef | null;
  expiresAt: string;
  createdAt: string;
};

export type InvitationPreview = { email: string; name: string | null; accountName: string; role: Role; expiresAt: string };

export type RoleInfo = { key: Role; label: Localized; description: Localized; permissions: string[] };
export type PermissionInfo = { key: string; group: string; groupLabel: Localized; label: Localized };
export type SpecialisationInfo = { key: Specialisation; label: Localized };
export type RolesCatalog = { roles: RoleInfo[]; permissions: PermissionInfo[]; specialisations: SpecialisationInfo[] };

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdBy: PersonRef | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};

export type AuditEntry = {
  id: string;
  action: string;
  actionLabel: string;
  actor: { id: string | null; name: string; type: 'user' | 'token' | 'system' } | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
};

export type AuditAction = { key: string; label: string };

/** Conversations, as in src/contracts/conversations.ts. */
export type Channel = 'web' | 'email' | 'phone' | 'api';
export const CHANNELS: readonly Channel[] = ['web', 'email', 'phone', 'api'];
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved';
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];
/** team (我的团队): the conversations of my teams and their subteams. */
export type ConversationView = 'mine' | 'unassigned' | 'team' | 'all';

export type ConversationEntry = { productId?: string; productName?: string; pageUrl?: string; pageTitle?: string; referrer?: string };

export type ConversationSummary = {
  id: string;
  status: ConversationStatus;
  channel: Channel;
  inbox: PersonRef;
  /** tier: the membership tier (会员等级): normal, advanced, vip, svip … */
  customer: PersonRef & { tier: string };
  assignee: PersonRef | null;
  entry: ConversationEntry;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  unreadCount: number;
  /** The agents have read the customer's messages up to this id. */
  agentLastReadId: string;
  /** The customer has read the agents' messages up to this id (已读). */
  customerLastReadId: string;
  /** 标签, by name. */
  labels: LabelRef[];
  /** While snoozed (稍后处理): when it comes back as open. */
  snoozedUntil: string | null;
  /** Routing: the team (skill group) it belongs to. */
  teamId: string | null;
  teamName: string | null;
  /** queued: waiting in its team's queue (排队中). */
  routingState: 'queued' | 'assigned' | null;
  /** 0 low, 1 normal, 2 high (高), 3 urgent (紧急). */
  priority: number;
  createdAt: string;
};

export type ConversationCounts = Record<ConversationView, number>;
/** Conversations per status in the current view, with the channel, label and tier filters. */
export type StatusCounts = Record<'open' | 'pending' | 'snoozed', number>;
/** teamIds: the teams the team view covers (mine and their subteams). */
export type ConversationList = { items: ConversationSummary[]; nextCursor: string | null; counts: ConversationCounts; statusCounts: StatusCounts; teamIds: string[] };

/** Labels (标签), as in src/contracts/labels.ts. */
export type LabelRef = { id: string; name: string; color: string };
export type Label = LabelRef & { conversations: number; createdAt: string };

/** Search, as in src/contracts/search.ts. */
export type SearchConversation = Pick<ConversationSummary, 'id' | 'status' | 'channel' | 'assignee' | 'inbox' | 'lastMessageAt'> & { customer: PersonRef };
export type MessageHit = {
  message: { id: string; kind: Message['kind']; senderType: Message['senderType']; senderName: string | null; createdAt: string };
  /** Plain text around the first hit: render it as text. */
  snippet: string;
  /** UTF-16 offsets into the snippet. */
  highlights: { start: number; end: number }[];
  conversation: SearchConversation;
};
export type SearchResult = { terms: string[]; messages: MessageHit[]; nextCursor: string | null; conversations: SearchConversation[] };

export type Message = {
  /** Ordered: a later message has a greater id (compare as numbers). */
  id: string;
  conversationId: string;
  clientId: string | null;
  senderType: 'customer' | 'agent' | 'system' | 'bot';
  sender: { id: string | null; name: string } | null;
  kind: 'text' | 'note' | 'event' | 'call';
  body: string;
  attachments: AttachmentRef[];
  /** Channel details: an email's subject and addresses, a call's direction, number and duration. */
  meta: Record<string, unknown>;
  createdAt: string;
};

export type AttachmentRef = { id: string; name: string; contentType: string; size: number };

/** Quick replies (快捷回复), as in src/contracts/conversations.ts. */
export type ReceptionStep = 'greet' | 'ask' | 'analyse' | 'recommend' | 'negotiate' | 'help' | 'verify' | 'farewell';
/** The eight-step reception (接待八步), in order. */
export const RECEPTION_STEPS: readonly ReceptionStep[] = ['greet', 'ask', 'analyse', 'recommend', 'negotiate', 'help', 'verify', 'farewell'];

export type QuickReply = {
  id: string;
  /** shared: the team library; personal: only mine. */
  scope: 'shared' | 'personal';
  shortcut: string;
  title: string;
  /** May hold variables: {{customer.name}} {{order.number}} {{order.status}} {{agent.nickname}} {{shop.name}}. */
  body: string;
  step: ReceptionStep | null;
  updatedAt: string;
};
export type QuickReplyList = { items: QuickReply[]; variables: string[] };
export type QuickReplyInput = { shortcut: string; title: string; body: string; step?: ReceptionStep | null };
export type RenderResult = { text: string; missing: string[] };
