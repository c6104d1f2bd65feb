-- Platform: accounts (tenants), users, sessions, invitations, API tokens, audit log, outbox, jobs.
-- Every table but the pre-authentication throttle carries account_id; queries always filter by it.

create table accounts (
  id text primary key,
  name text not null,
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
  timezone text not null default 'Asia/Shanghai',
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table users (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  email text not null,
  name text not null,
  display_name text,
  nickname text,
  role text not null check (role in ('owner', 'admin', 'supervisor', 'team_lead', 'dispatcher', 'qa_inspector', 'agent', 'operations')),
  specialisation text check (specialisation in ('pre_sale', 'in_sale', 'after_sale')),
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
  status text not null default 'active' check (status in ('active', 'deactivated')),
  password_hash text,
  password_changed_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id)
);
-- One login per email across the installation: the email alone tells which account a user signs in to.
create unique index users_email_key on users (lower(email));
create index users_account_idx on users (account_id, status);

create table invitations (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  email text not null,
  name text,
  role text not null,
  specialisation text,
  token_hash text not null unique,
  invited_by text,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_user_id text,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index invitations_account_idx on invitations (account_id, created_at desc);

create table sessions (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  user_id text not null,
  token_hash text not null unique,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  foreign key (account_id, user_id) references users (account_id, id) on delete cascade
);
create index sessions_user_idx on sessions (account_id, user_id);

create table api_tokens (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  role text not null,
  prefix text not null,
  token_hash text not null unique,
  created_by text,
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_tokens_account_idx on api_tokens (account_id, created_at desc);

create table audit_log (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  actor_type text not null check (actor_type in ('user', 'token', 'system')),
  actor_id text,
  actor_name text,
  action text not null,
  target_type text,
  target_id text,
  target_label text,
  data jsonb not null default '{}'::jsonb,
  ip text,
  user_agent text,
  created_at timestamptz not null default now()
);
create index audit_log_account_idx on audit_log (account_id, id desc);
create index audit_log_action_idx on audit_log (account_id, action, id desc);

-- Failed sign-ins by email and by address; read before an account is known, so not account-scoped.
create table login_throttle (
  key text primary key,
  failures integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null default now()
);

-- Events written in the same transaction as the change they describe; handlers run after commit.
create table outbox (
  id bigserial primary key,
  account_id text not null,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  processed_at timestamptz,
  attempts integer not null default 0,
  locked_until timestamptz,
  last_error text
);
create index outbox_pending_idx on outbox (id) where processed_at is null;

create table jobs (
  id text primary key,
  account_id text,
  name text not null,
  payload jsonb not null default '{}'::jsonb,
  state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed', 'cancelled')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  singleton_key text,
  locked_by text,
  locked_until timestamptz,
  progress jsonb,
  last_error text,
  result jsonb,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index jobs_ready_idx on jobs (run_at) where state = 'queued';
create index jobs_running_idx on jobs (locked_until) where state = 'running';
create index jobs_account_idx on jobs (account_id, created_at desc);
-- A singleton key is held while its job is waiting or running, so a schedule fires once across nodes.
create unique index jobs_singleton_key on jobs (singleton_key) where singleton_key is not null and state in ('queued', 'running');

-- Each scheduled slot is claimed once, by whichever scheduler gets there first.
create table schedule_runs (
  schedule text not null,
  slot timestamptz not null,
  claimed_by text not null,
  claimed_at timestamptz not null default now(),
  primary key (schedule, slot)
);
