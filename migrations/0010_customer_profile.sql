-- The customer record (客户档案): custom attributes, notes, and the indexes the customer list needs
-- to stay fast at a million customers per account (every filter and every sort order has an index
-- that starts with account_id; pages are keyset, never OFFSET).

-- Custom attributes (自定义属性: 肤质, 兴趣, 尺码 …) defined by the shop; the values live on the customer
-- as one jsonb object keyed by the definition's key, so a filter is a containment test on one index.
create table customer_attribute_definitions (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  -- Stable, machine-readable (skin_type): the key of the value in customers.attributes.
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label text not null,
  type text not null check (type in ('text', 'number', 'date', 'select', 'multi_select')),
  -- The allowed values of select and multi_select, in display order; empty for the other types.
  options jsonb not null default '[]'::jsonb,
  sort integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id),
  unique (account_id, key)
);

alter table customers add column attributes jsonb not null default '{}'::jsonb;
create index customers_attributes_idx on customers using gin (attributes jsonb_path_ops);
create index customers_tags_idx on customers using gin (tags);

-- Search: the last four digits of the phone (a buyer reads them out: "尾号 5678"), a name or nickname
-- prefix, and the three sort orders of the list, each with id as the tie-breaker of the keyset.
create index customers_phone_suffix_idx on customers (account_id, right(phone, 4));
create index customers_name_prefix_idx on customers (account_id, lower(name) text_pattern_ops);
create index customers_nickname_prefix_idx on customers (account_id, lower(nickname) text_pattern_ops);
-- Ascending (account, key, id) indexes serve both directions, and a page is one row comparison on
-- them ((key, id) < (cursor)); a customer who never ordered sorts as -infinity, so that key is never null.
create index customers_last_order_keyset_idx on customers (account_id, coalesce(last_order_at, '-infinity'::timestamptz), id);
create index customers_spend_keyset_idx on customers (account_id, lifetime_spend, id);
create index customers_created_keyset_idx on customers (account_id, created_at, id);
create index customers_tier_idx on customers (account_id, tier);

-- Notes on a customer (客户备注) are customer_events of kind customer.note (data: body, author's name):
-- one row serves the notes list and the timeline alike.
create index customer_events_kind_idx on customer_events (account_id, customer_id, kind, occurred_at desc, id desc);
