-- Work orders (工单) with SLAs: customer service hands work to another department and the clock
-- makes sure it is answered (seed 001's visa-progress question, seed 002's "never unanswered").

-- Service calendars (服务时间): the week's working periods in a time zone, and the dates that break
-- the week (public holidays, make-up working days). Shapes as in tickets/sla/sla-calendar.ts.
create table sla_calendars (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  timezone text not null default 'Asia/Shanghai',
  -- Monday first, seven lists of { from: 'HH:MM', to: 'HH:MM' }.
  week jsonb not null,
  -- [{ date: 'YYYY-MM-DD', kind: 'holiday' | 'workday', name }]
  days jsonb not null default '[]'::jsonb,
  make_up_hours jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id)
);

-- SLA policies (SLA 策略): targets in minutes of working time by priority and customer tier, on a
-- calendar (null: round the clock), a reminder at a share of the time, and escalation levels.
create table sla_policies (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  calendar_id text,
  -- [{ priority: 'low'|'normal'|'high'|'urgent'|null, tierId: text|null,
  --    firstResponseMinutes, nextResponseMinutes, resolutionMinutes (each int or null) }]
  -- The most specific row wins: priority and tier, then priority, then tier, then neither.
  targets jsonb not null default '[]'::jsonb,
  reminder_share numeric(4, 3) not null default 0.8 check (reminder_share > 0 and reminder_share <= 1),
  -- [{ level: 1, afterMinutes: 0, notify: 'team_lead' }, { level: 2, afterMinutes: 120, notify: 'supervisor' }]
  escalation jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id),
  foreign key (account_id, calendar_id) references sla_calendars (account_id, id) on delete restrict
);

-- Work order types (工单类型), each with its own fields, default team, priority and SLA policy.
create table work_order_types (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  description text,
  -- [{ key, label, kind: 'text'|'textarea'|'number'|'date'|'select', options: [..], required }]
  fields jsonb not null default '[]'::jsonb,
  default_team_id text,
  default_priority text not null default 'normal' check (default_priority in ('low', 'normal', 'high', 'urgent')),
  sla_policy_id text,
  archived boolean not null default false,
  sort integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id),
  foreign key (account_id, sla_policy_id) references sla_policies (account_id, id) on delete restrict,
  foreign key (account_id, default_team_id) references teams (account_id, id) on delete set null (default_team_id)
);
create unique index work_order_types_name on work_order_types (account_id, lower(name)) where not archived;

-- Numbers shown to people (#1024), one sequence per account.
create table work_order_numbers (
  account_id text primary key references accounts(id) on delete cascade,
  last bigint not null
);

create table work_orders (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  number bigint not null,
  type_id text not null,
  title text not null,
  description text,
  fields jsonb not null default '{}'::jsonb,
  priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  status text not null default 'new' check (status in ('new', 'open', 'pending_customer', 'pending_team', 'resolved', 'closed')),
  -- A tracker (跟踪工单): one problem, many customers; its linked conversations are told on resolve.
  is_tracker boolean not null default false,
  team_id text,
  assignee_id text,
  customer_id text,
  conversation_id text,
  created_by text,
  -- A client's retry of the same create (clientId) finds the work order made the first time.
  client_id text,
  -- The applied SLA: targets copied at creation, so a later policy change does not move old due times.
  sla_policy_id text,
  first_response_minutes integer,
  next_response_minutes integer,
  resolution_minutes integer,
  reminder_share numeric(4, 3),
  escalation jsonb not null default '[]'::jsonb,
  -- The clock's pauses while pending on the customer: [{ from, to|null }].
  pauses jsonb not null default '[]'::jsonb,
  first_response_due_at timestamptz,
  first_responded_at timestamptz,
  -- The next-response clock runs from next_response_started_at (the customer came back) to the shop's next answer.
  next_response_started_at timestamptz,
  next_response_due_at timestamptz,
  resolution_due_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  -- What the SLA job has already done: breaches by target, reminders sent, highest escalation level.
  breached jsonb not null default '{}'::jsonb,
  reminded jsonb not null default '{}'::jsonb,
  escalation_level integer not null default 0,
  -- When the SLA job must look again (next reminder, due time or escalation); null: nothing pending.
  sla_check_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id),
  unique (account_id, number),
  foreign key (account_id, type_id) references work_order_types (account_id, id) on delete restrict,
  foreign key (account_id, team_id) references teams (account_id, id) on delete set null (team_id),
  foreign key (account_id, assignee_id) references users (account_id, id) on delete set null (assignee_id),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete set null (customer_id),
  foreign key (account_id, conversation_id) references conversations (account_id, id) on delete set null (conversation_id)
);
create unique index work_orders_client_id on work_orders (account_id, client_id) where client_id is not null;
create index work_orders_status_idx on work_orders (account_id, status, created_at desc);
create index work_orders_team_idx on work_orders (account_id, team_id, status);
create index work_orders_assignee_idx on work_orders (account_id, assignee_id, status);
create index work_orders_customer_idx on work_orders (account_id, customer_id, created_at desc);
create index work_orders_sla_check_idx on work_orders (sla_check_at) where sla_check_at is not null;

-- Conversations linked to a work order: the one it was made from, and a tracker's many. Each
-- linked customer is told when the work order is resolved (notified_at, once).
create table work_order_links (
  account_id text not null,
  work_order_id text not null,
  conversation_id text not null,
  customer_id text,
  linked_by text,
  linked_at timestamptz not null default now(),
  notified_at timestamptz,
  primary key (account_id, work_order_id, conversation_id),
  foreign key (account_id, work_order_id) references work_orders (account_id, id) on delete cascade,
  foreign key (account_id, conversation_id) references conversations (account_id, id) on delete cascade
);
create index work_order_links_conversation_idx on work_order_links (account_id, conversation_id);

-- One timeline per work order: creation, status changes, assignment, internal comments, public
-- replies, reminders, breaches, escalations, links. `public` rows are what the customer sees.
create table work_order_events (
  id bigserial primary key,
  account_id text not null,
  work_order_id text not null,
  kind text not null,
  public boolean not null default false,
  actor_id text,
  actor_name text,
  body text,
  meta jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  foreign key (account_id, work_order_id) references work_orders (account_id, id) on delete cascade
);
create index work_order_events_order_idx on work_order_events (account_id, work_order_id, id);
create index work_order_events_kind_idx on work_order_events (account_id, kind, created_at);

create table work_order_attachments (
  id text primary key,
  account_id text not null,
  work_order_id text not null,
  event_id bigint,
  uploader_id text,
  file_name text not null,
  content_type text not null,
  byte_size integer not null check (byte_size >= 0),
  sha256 text not null,
  data bytea not null,
  created_at timestamptz not null default now(),
  foreign key (account_id, work_order_id) references work_orders (account_id, id) on delete cascade
);
create index work_order_attachments_order_idx on work_order_attachments (account_id, work_order_id);

create table work_order_watchers (
  account_id text not null,
  work_order_id text not null,
  user_id text not null,
  created_at timestamptz not null default now(),
  primary key (account_id, work_order_id, user_id),
  foreign key (account_id, work_order_id) references work_orders (account_id, id) on delete cascade,
  foreign key (account_id, user_id) references users (account_id, id) on delete cascade
);

-- Notifications (通知) to members: shown live in the app, and by email.
create table notifications (
  id bigserial primary key,
  account_id text not null references accounts(id) on delete cascade,
  user_id text not null,
  kind text not null check (kind in ('assigned', 'mention', 'reply', 'reminder', 'breach', 'escalation', 'resolved')),
  work_order_id text,
  title text not null,
  body text,
  read_at timestamptz,
  email_state text not null default 'none' check (email_state in ('none', 'queued', 'sent', 'failed', 'skipped')),
  created_at timestamptz not null default now(),
  foreign key (account_id, user_id) references users (account_id, id) on delete cascade
);
create index notifications_user_idx on notifications (account_id, user_id, id desc);
create index notifications_unread_idx on notifications (account_id, user_id) where read_at is null;
