-- Quick replies (快捷回复): a shared library for the team and a personal one per agent.
create table quick_replies (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  scope text not null check (scope in ('shared', 'personal')),
  owner_id text,
  shortcut text not null,
  title text not null,
  body text not null,
  -- The step of the eight-step reception it serves (greet … farewell), if any.
  step text check (step in ('greet', 'ask', 'analyse', 'recommend', 'negotiate', 'help', 'verify', 'farewell')),
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((scope = 'personal') = (owner_id is not null))
);
create unique index quick_replies_shortcut_key on quick_replies (account_id, scope, coalesce(owner_id, ''), lower(shortcut));
create index quick_replies_account_idx on quick_replies (account_id, scope, owner_id);
