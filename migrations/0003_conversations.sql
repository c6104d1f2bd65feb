-- Conversations: inboxes (one per channel entry point), widget visitors, conversations, messages.

create table inboxes (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  channel text not null check (channel in ('web', 'email', 'phone', 'api')),
  greeting text,
  color text not null default '#1677ff',
  -- Signs shop customer ids for the widget (HMAC-SHA256), so a shopper cannot claim another's identity.
  identity_secret text not null,
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  unique (account_id, id)
);
create index inboxes_account_idx on inboxes (account_id, channel, created_at);

-- A browser that opened the widget: its token (hash only) keeps one identity across visits.
create table visitors (
  id text primary key,
  account_id text not null,
  inbox_id text not null,
  customer_id text not null,
  token_hash text not null unique,
  -- Where the shopper came from on the latest visit (product, page, referrer), for routing and the agent.
  last_entry jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  unique (account_id, id),
  foreign key (account_id, inbox_id) references inboxes (account_id, id) on delete cascade,
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);

create table conversations (
  id text primary key,
  account_id text not null,
  inbox_id text not null,
  customer_id text not null,
  channel text not null check (channel in ('web', 'email', 'phone', 'api')),
  status text not null default 'open' check (status in ('open', 'pending', 'snoozed', 'resolved')),
  assignee_id text,
  entry jsonb not null default '{}'::jsonb,
  last_message_id bigint,
  last_message_at timestamptz,
  last_message_preview text,
  -- Messages from the customer the agents have not read yet; kept on insert and on read.
  unread_count integer not null default 0,
  agent_last_read_id bigint not null default 0,
  -- Since when the customer has been waiting for an answer (null: the last word was ours).
  waiting_since timestamptz,
  first_reply_at timestamptz,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id),
  foreign key (account_id, inbox_id) references inboxes (account_id, id) on delete cascade,
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);
create index conversations_list_idx on conversations (account_id, status, last_message_at desc nulls last, id desc);
create index conversations_assignee_idx on conversations (account_id, assignee_id, status);
create index conversations_customer_idx on conversations (account_id, customer_id, created_at desc);

-- Messages are ordered by id; inserts into one conversation are serialised on its row, so within a
-- conversation a later commit always has a greater id and "everything after id N" never skips one.
create table messages (
  id bigserial primary key,
  account_id text not null,
  conversation_id text not null,
  sender_type text not null check (sender_type in ('customer', 'agent', 'system', 'bot')),
  sender_id text,
  sender_name text,
  kind text not null default 'text' check (kind in ('text', 'note', 'event')),
  body text not null,
  client_id text,
  created_at timestamptz not null default now(),
  foreign key (account_id, conversation_id) references conversations (account_id, id) on delete cascade
);
create index messages_conversation_idx on messages (account_id, conversation_id, id);
-- A client's retry carries the same client id and finds the message it already stored.
create unique index messages_client_id_key on messages (conversation_id, sender_type, client_id) where client_id is not null;
