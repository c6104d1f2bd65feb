-- Orders in: one ingest for CSV imports, the REST API and shop-system webhooks, idempotent on
-- (account_id, platform, platform_order_id).

-- A digest of what the source last said about the order (status, amounts, times, lines): the same
-- order sent again compares equal and changes nothing, without reading its lines back.
alter table orders add column ingest_hash text;

-- Keyset pages of the order list: newest placed first, id as the tie-breaker, optionally by status.
create index orders_status_placed_idx on orders (account_id, status, placed_at desc, id desc);

-- The secret a shop system signs its order webhooks with (HMAC-SHA256 of the raw body), sealed at
-- rest with the server's key; an admin replaces it, and the old one stops working at once.
create table order_webhook_settings (
  account_id text primary key references accounts(id) on delete cascade,
  secret text not null,
  rotated_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);

-- A CSV file of orders on its way in: uploaded, mapped, validated, imported. The file is kept in the
-- database so that any worker node can read it; the report keeps the first bad rows (line, reason).
create table order_imports (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  file_name text not null,
  encoding text not null check (encoding in ('utf-8', 'gb18030')),
  size_bytes integer not null,
  file bytea not null,
  headers jsonb not null default '[]'::jsonb,
  mapping jsonb,
  -- The platform of rows whose file has no platform column.
  default_platform text check (default_platform in ('taobao', 'tmall', 'jd', 'shopify', 'web')),
  status text not null check (status in ('uploaded', 'validating', 'validated', 'importing', 'done', 'failed')),
  job_id text,
  total_rows integer,
  valid_rows integer,
  error_rows integer,
  errors jsonb not null default '[]'::jsonb,
  result jsonb,
  failure text,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id)
);
create index order_imports_recent_idx on order_imports (account_id, created_at desc, id desc);
