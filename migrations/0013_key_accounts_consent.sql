-- Key accounts (大客户, seed 003), consent to be contacted (订阅, seed 001) and erasure of a customer.

-- A key account: its business file (业务档案), sales policy (销售政策) and return-visit rhythm (回访).
-- The account manager is customers.account_manager_id (routing sends their chats to them).
create table key_accounts (
  account_id text not null,
  customer_id text not null,
  company text,
  -- [{ name, title, phone, email }]: the people to talk to at the customer.
  contacts jsonb not null default '[]'::jsonb,
  contract_terms text,
  notes text,
  -- Percent off the list price (10 = 九折); null: no special discount.
  discount_percent numeric(5, 2) check (discount_percent > 0 and discount_percent < 100),
  payment_terms text,
  -- Return visits every N days, weeks or months; null: no schedule.
  visit_every integer check (visit_every between 1 and 365),
  visit_unit text check (visit_unit in ('day', 'week', 'month')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (account_id, customer_id),
  check ((visit_every is null) = (visit_unit is null)),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);

-- Return visits: one scheduled at a time per key account; a done visit keeps its outcome and
-- schedules the next. Whose visit it is comes from customers.account_manager_id when read.
create table key_account_visits (
  id bigserial primary key,
  account_id text not null,
  customer_id text not null,
  due_at timestamptz not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'done', 'cancelled')),
  outcome text,
  done_at timestamptz,
  done_by text,
  created_at timestamptz not null default now(),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);
create index key_account_visits_customer_idx on key_account_visits (account_id, customer_id, due_at desc);
create index key_account_visits_due_idx on key_account_visits (account_id, due_at) where status = 'scheduled';
create unique index key_account_visits_one_scheduled on key_account_visits (account_id, customer_id) where status = 'scheduled';

-- Consent per channel, as a history: the latest row of a channel is the customer's current choice.
create table customer_consents (
  id bigserial primary key,
  account_id text not null,
  customer_id text not null,
  channel text not null check (channel in ('web', 'email', 'phone', 'sms', 'api')),
  status text not null check (status in ('opted_in', 'opted_out')),
  source text not null check (source in ('widget', 'import', 'agent', 'customer_request')),
  note text,
  actor_id text,
  occurred_at timestamptz not null default now(),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);
create index customer_consents_customer_idx on customer_consents (account_id, customer_id, channel, id desc);

-- An erased customer keeps the row (orders and their aggregates point at it); personal fields are gone.
alter table customers add column erased_at timestamptz;
