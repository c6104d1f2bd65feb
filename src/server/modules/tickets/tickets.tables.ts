import type { ColumnType, Generated } from 'kysely';
import type { WorkOrderStatus } from './tickets.status.ts';

type Json<T> = ColumnType<T, string | undefined, string>;
type CreatedAt = Generated<Date>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** numeric comes back from the drivers as a string. */
type Numeric = ColumnType<string, number | string | undefined, number | string>;

export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type SlaTargetKey = 'first_response' | 'next_response' | 'resolution';

export type StoredWorkPeriod = { from: string; to: string };
export type StoredCalendarDay = { date: string; kind: 'holiday' | 'workday'; name?: string };
export type StoredSlaTarget = {
  priority: Priority | null;
  tierId: string | null;
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
};
export type StoredEscalation = { level: number; afterMinutes: number; notify: 'team_lead' | 'supervisor' };
export type StoredField = { key: string; label: string; kind: 'text' | 'textarea' | 'number' | 'date' | 'select'; options?: string[]; required?: boolean };
export type StoredPause = { from: string; to: string | null };

export type SlaCalendarsTable = {
  id: string;
  account_id: string;
  name: string;
  timezone: Generated<string>;
  week: Json<StoredWorkPeriod[][]>;
  days: Json<StoredCalendarDay[]>;
  make_up_hours: ColumnType<StoredWorkPeriod[] | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type SlaPoliciesTable = {
  id: string;
  account_id: string;
  name: string;
  calendar_id: Nullable<string>;
  targets: Json<StoredSlaTarget[]>;
  reminder_share: Numeric;
  escalation: Json<StoredEscalation[]>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type WorkOrderTypesTable = {
  id: string;
  account_id: string;
  name: string;
  description: Nullable<string>;
  fields: Json<StoredField[]>;
  default_team_id: Nullable<string>;
  default_priority: ColumnType<Priority, Priority | undefined, Priority>;
  sla_policy_id: Nullable<string>;
  archived: Generated<boolean>;
  sort: Generated<number>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type WorkOrderNumbersTable = { account_id: string; last: ColumnType<string, number | string, number | string> };

export type WorkOrdersTable = {
  id: string;
  account_id: string;
  number: ColumnType<string, number | string, number | string>;
  type_id: string;
  title: string;
  description: Nullable<string>;
  fields: Json<Record<string, unknown>>;
  priority: Priority;
  status: ColumnType<WorkOrderStatus, WorkOrderStatus | undefined, WorkOrderStatus>;
  is_tracker: Generated<boolean>;
  team_id: Nullable<string>;
  assignee_id: Nullable<string>;
  customer_id: Nullable<string>;
  conversation_id: Nullable<string>;
  created_by: Nullable<string>;
  client_id: Nullable<string>;
  sla_policy_id: Nullable<string>;
  first_response_minutes: Nullable<number>;
  next_response_minutes: Nullable<number>;
  resolution_minutes: Nullable<number>;
  reminder_share: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  escalation: Json<StoredEscalation[]>;
  pauses: Json<StoredPause[]>;
  first_response_due_at: Nullable<Date>;
  first_responded_at: Nullable<Date>;
  next_response_started_at: Nullable<Date>;
  next_response_due_at: Nullable<Date>;
  resolution_due_at: Nullable<Date>;
  resolved_at: Nullable<Date>;
  closed_at: Nullable<Date>;
  breached: Json<Partial<Record<SlaTargetKey, string>>>;
  reminded: Json<Partial<Record<SlaTargetKey, string>>>;
  escalation_level: Generated<number>;
  sla_check_at: Nullable<Date>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type WorkOrderLinksTable = {
  account_id: string;
  work_order_id: string;
  conversation_id: string;
  customer_id: Nullable<string>;
  linked_by: Nullable<string>;
  linked_at: CreatedAt;
  notified_at: Nullable<Date>;
};

export type WorkOrderEventKind =
  | 'created'
  | 'status'
  | 'assigned'
  | 'comment'
  | 'reply'
  | 'attachment'
  | 'watcher'
  | 'linked'
  | 'reminder'
  | 'breach'
  | 'escalation'
  | 'customer_notified'
  | 'updated';

export type WorkOrderEventsTable = {
  id: Generated<string>;
  account_id: string;
  work_order_id: string;
  kind: WorkOrderEventKind;
  public: Generated<boolean>;
  actor_id: Nullable<string>;
  actor_name: Nullable<string>;
  body: Nullable<string>;
  meta: Json<Record<string, unknown>>;
  created_at: CreatedAt;
};

export type WorkOrderAttachmentsTable = {
  id: string;
  account_id: string;
  work_order_id: string;
  event_id: Nullable<string>;
  uploader_id: Nullable<string>;
  file_name: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  data: Uint8Array;
  created_at: CreatedAt;
};

export type WorkOrderWatchersTable = { account_id: string; work_order_id: string; user_id: string; created_at: CreatedAt };

export type NotificationKind = 'assigned' | 'mention' | 'reply' | 'reminder' | 'breach' | 'escalation' | 'resolved';

export type NotificationsTable = {
  id: Generated<string>;
  account_id: string;
  user_id: string;
  kind: NotificationKind;
  work_order_id: Nullable<string>;
  title: string;
  body: Nullable<string>;
  read_at: Nullable<Date>;
  email_state: Generated<'none' | 'queued' | 'sent' | 'failed' | 'skipped'>;
  created_at: CreatedAt;
};

export type TicketsTables = {
  sla_calendars: SlaCalendarsTable;
  sla_policies: SlaPoliciesTable;
  work_order_types: WorkOrderTypesTable;
  work_order_numbers: WorkOrderNumbersTable;
  work_orders: WorkOrdersTable;
  work_order_links: WorkOrderLinksTable;
  work_order_events: WorkOrderEventsTable;
  work_order_attachments: WorkOrderAttachmentsTable;
  work_order_watchers: WorkOrderWatchersTable;
  notifications: NotificationsTable;
};
