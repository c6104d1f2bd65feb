-- Channels beyond the widget (email, phone, API), attachments, labels, @mentions, read state and search.

-- Messages carry their files (metadata here, bytes in attachments), channel details (email headers,
-- a call's direction and duration) and the id their source gave them (an email's Message-ID, an API
-- connector's own message id), so a source delivering the same message twice stores it once.
alter table messages drop constraint messages_kind_check;
alter table messages add constraint messages_kind_check check (kind in ('text', 'note', 'event', 'call'));
alter table messages add column attachments jsonb not null default '[]'::jsonb;
alter table messages add column meta jsonb not null default '{}'::jsonb;
alter table messages add column source_id text;
create unique index messages_source_id_key on messages (account_id, source_id) where source_id is not null;
-- Words of the body, Chinese segmented (jieba) before it reaches to_tsvector('simple', …).
alter table messages add column search tsvector;
create index messages_search_idx on messages using gin (search);

-- Files sent in a conversation: images, documents, call recordings. The bytes live in the database so
-- every node serves them and a backup holds them; TOAST keeps them out of the row.
create table attachments (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  conversation_id text not null,
  message_id bigint,
  uploader_type text not null check (uploader_type in ('customer', 'agent', 'system')),
  uploader_id text,
  file_name text not null,
  content_type text not null,
  byte_size integer not null check (byte_size >= 0),
  sha256 text not null,
  data bytea not null,
  created_at timestamptz not null default now(),
  unique (account_id, id),
  foreign key (account_id, conversation_id) references conversations (account_id, id) on delete cascade
);
create index attachments_conversation_idx on attachments (account_id, conversation_id, created_at);

alter table conversations add column subject text;
alter table conversations add column snoozed_until timestamptz;
-- How far the customer has read the agents' messages (the widget reports it): the workspace shows 已读.
alter table conversations add column customer_last_read_id bigint not null default 0;
create index conversations_snoozed_idx on conversations (snoozed_until) where status = 'snoozed';

-- Labels (标签) the team puts on conversations, and which conversation carries which.
create table labels (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  color text not null default '#1677ff',
  created_at timestamptz not null default now(),
  unique (account_id, id)
);
create unique index labels_name_key on labels (account_id, lower(name));

create table conversation_labels (
  account_id text not null,
  conversation_id text not null,
  label_id text not null,
  created_at timestamptz not null default now(),
  primary key (conversation_id, label_id),
  foreign key (account_id, conversation_id) references conversations (account_id, id) on delete cascade,
  foreign key (account_id, label_id) references labels (account_id, id) on delete cascade
);
create index conversation_labels_label_idx on conversation_labels (account_id, label_id);

-- @mentions in internal notes: the colleague is told, and sees them until read.
create table mentions (
  id bigserial primary key,
  account_id text not null,
  conversation_id text not null,
  message_id bigint not null,
  user_id text not null,
  mentioned_by text,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  foreign key (account_id, conversation_id) references conversations (account_id, id) on delete cascade
);
create index mentions_user_idx on mentions (account_id, user_id, read_at, id desc);

-- Agent replies on an API inbox go to the connector's webhook, signed, retried, and logged here.
create table webhook_deliveries (
  id text primary key,
  account_id text not null,
  inbox_id text not null,
  message_id bigint,
  event text not null,
  url text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  last_status_code integer,
  last_error text,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (account_id, id),
  foreign key (account_id, inbox_id) references inboxes (account_id, id) on delete cascade
);
create index webhook_deliveries_inbox_idx on webhook_deliveries (account_id, inbox_id, created_at desc);
