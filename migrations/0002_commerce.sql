-- Commerce and CRM core: product groups, products, customers and their identities, orders and items.
-- Every table carries account_id; references between them are composite (account_id, x_id) so a row
-- can never point into another account, and a distributed Postgres can shard all of them by account_id.
-- Money is numeric (yuan with two decimals), never float.
--
-- Row-by-row foreign-key checks are most of the cost of a bulk import (ten million orders, twenty
-- million lines), so the two biggest tables check only what the composite keys need:
-- customer_identities and order_items get their account from their parent (and go with it when an
-- account is deleted) instead of referencing accounts again, and order_items.product_id is a soft
-- reference: checking it would lock one of a few hundred product rows for every order line of every
-- concurrent import (measured: 7 µs a line, more than the insert itself), and the line keeps its own
-- sku and name in any case.

create table product_groups (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  parent_id text,
  sort integer not null default 0,
  created_at timestamptz not null default now(),
  unique (account_id, id),
  foreign key (account_id, parent_id) references product_groups (account_id, id) on delete set null (parent_id)
);
create index product_groups_parent_idx on product_groups (account_id, parent_id, sort);

create table products (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  group_id text,
  sku text not null,
  name text not null,
  price numeric(12, 2) not null check (price >= 0),
  status text not null default 'active' check (status in ('active', 'inactive')),
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  unique (account_id, id),
  unique (account_id, sku),
  foreign key (account_id, group_id) references product_groups (account_id, id) on delete set null (group_id)
);
create index products_group_idx on products (account_id, group_id);

create table customers (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text,
  nickname text,
  gender text not null default 'unknown' check (gender in ('male', 'female', 'unknown')),
  birthday date,
  phone text,
  email text,
  province text,
  city text,
  district text,
  source_platform text check (source_platform in ('taobao', 'tmall', 'jd', 'shopify', 'web')),
  source_shop text,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  -- Aggregates over the customer's paid orders (paid, shipped, completed): refunded, closed and
  -- unpaid orders count for nothing. Kept by the orders flow, read by lists, tiers and segments.
  lifetime_spend numeric(14, 2) not null default 0,
  order_count integer not null default 0,
  last_order_at timestamptz,
  tier text not null default 'normal',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id)
);
create index customers_phone_idx on customers (account_id, phone);
create index customers_email_idx on customers (account_id, lower(email));
create index customers_last_order_idx on customers (account_id, last_order_at);

-- How a customer is recognised on each channel: the key that imports and merges match on.
create table customer_identities (
  id text primary key,
  account_id text not null,
  customer_id text not null,
  kind text not null check (kind in ('phone', 'email', 'platform', 'widget')),
  -- The marketplace or site for kind 'platform' (taobao, tmall, jd, shopify, web); null for the others.
  platform text,
  value text not null,
  created_at timestamptz not null default now(),
  -- nulls not distinct: one phone or email identifies at most one customer even though platform is null.
  unique nulls not distinct (account_id, kind, platform, value),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);
create index customer_identities_customer_idx on customer_identities (account_id, customer_id);

create table orders (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  customer_id text not null,
  platform text not null check (platform in ('taobao', 'tmall', 'jd', 'shopify', 'web')),
  platform_order_id text not null,
  status text not null check (status in ('unpaid', 'paid', 'shipped', 'completed', 'refunded', 'closed')),
  currency text not null default 'CNY',
  -- goods at list price; discount_total = line discounts + order-level discounts (coupons, 满减);
  -- paid_total = item_total - discount_total + shipping_fee.
  item_total numeric(12, 2) not null default 0,
  discount_total numeric(12, 2) not null default 0,
  shipping_fee numeric(12, 2) not null default 0,
  paid_total numeric(12, 2) not null default 0,
  placed_at timestamptz not null,
  paid_at timestamptz,
  shipped_at timestamptz,
  completed_at timestamptz,
  refunded_at timestamptz,
  closed_at timestamptz,
  province text,
  city text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id),
  -- Imports (CSV, API, webhook) are idempotent on the marketplace's own order number.
  unique (account_id, platform, platform_order_id),
  foreign key (account_id, customer_id) references customers (account_id, id)
);
create index orders_customer_idx on orders (account_id, customer_id, placed_at desc);
create index orders_placed_idx on orders (account_id, placed_at);

create table order_items (
  id text primary key,
  account_id text not null,
  order_id text not null,
  -- The catalogue's product when the line matched one (not a foreign key: see the top of this file).
  product_id text,
  sku text,
  name text not null,
  quantity integer not null check (quantity > 0),
  unit_price numeric(12, 2) not null,
  -- line_total = unit_price * quantity - discount
  discount numeric(12, 2) not null default 0,
  line_total numeric(12, 2) not null,
  foreign key (account_id, order_id) references orders (account_id, id) on delete cascade
);
create index order_items_order_idx on order_items (account_id, order_id);
create index order_items_product_idx on order_items (account_id, product_id);
