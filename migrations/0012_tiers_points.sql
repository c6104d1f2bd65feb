-- Membership tiers (会员等级) and points (积分).
--
-- customers.tier holds the key of one of the account's tiers. A tier is reached by spend and/or
-- order count (lifetime, or the last 12 months); a customer moves up the moment a qualifying order
-- is paid, and down only by the yearly review of tiers whose policy says so. Every move is kept in
-- customer_tier_changes (and on the customer's timeline).
--
-- Points are a ledger: points_entries is the source of truth; points_balances is the running sum
-- kept in the same transaction as each entry, where a check constraint makes a negative balance
-- impossible even for two redemptions at once (the second waits on the row lock and then fails).

-- The account's loyalty settings; its row also marks that the default tiers were seeded.
create table loyalty_settings (
  account_id text primary key references accounts(id) on delete cascade,
  -- Points earned per yuan paid, before the tier's multiplier.
  points_per_yuan numeric(8, 2) not null default 1 check (points_per_yuan >= 0 and points_per_yuan <= 1000),
  -- Earned points expire this many months after they were earned (oldest spent first).
  points_validity_months integer not null default 12 check (points_validity_months between 1 and 120),
  -- Raised by every change of the tiers: a running re-evaluation starts over when it sees a newer one.
  tiers_version integer not null default 1,
  updated_at timestamptz not null default now()
);

create table loyalty_tiers (
  account_id text not null references accounts(id) on delete cascade,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,31}$'),
  name_zh text not null,
  name_en text not null,
  color text not null default 'default',
  -- 0 is the base tier every customer starts in; higher is better.
  rank integer not null check (rank >= 0 and rank <= 100),
  spend_basis text not null default 'lifetime' check (spend_basis in ('lifetime', 'last_12_months')),
  -- A null threshold is no condition; 'any' needs one of the set thresholds, 'all' needs every one.
  min_spend numeric(14, 2) check (min_spend >= 0),
  min_orders integer check (min_orders >= 0),
  match text not null default 'any' check (match in ('any', 'all')),
  -- The share of the price the member pays: 0.95 is 95折 (5% off); 1 is no discount.
  discount_rate numeric(4, 3) not null default 1 check (discount_rate > 0 and discount_rate <= 1),
  points_multiplier numeric(5, 2) not null default 1 check (points_multiplier >= 0 and points_multiplier <= 100),
  privileges text not null default '',
  downgrade_policy text not null default 'never' check (downgrade_policy in ('never', 'yearly')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (account_id, key)
);

create table customer_tier_changes (
  id bigserial primary key,
  account_id text not null,
  customer_id text not null,
  from_tier text,
  to_tier text not null,
  reason text not null check (reason in ('order_paid', 'reevaluation', 'yearly_review')),
  order_id text,
  changed_at timestamptz not null default now(),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);
create index customer_tier_changes_customer_idx on customer_tier_changes (account_id, customer_id, id desc);

create table points_balances (
  account_id text not null,
  customer_id text not null,
  balance bigint not null default 0 check (balance >= 0),
  updated_at timestamptz not null default now(),
  primary key (account_id, customer_id),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);

-- The gifts and coupons points can be redeemed for.
create table loyalty_gifts (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  kind text not null check (kind in ('gift', 'coupon')),
  name text not null,
  description text not null default '',
  points_cost integer not null check (points_cost > 0),
  -- null: unlimited.
  stock integer check (stock >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id)
);
create index loyalty_gifts_account_idx on loyalty_gifts (account_id, points_cost, id);

create table points_entries (
  id bigserial primary key,
  account_id text not null,
  customer_id text not null,
  kind text not null check (kind in ('earn', 'reverse', 'redeem', 'adjust', 'expire')),
  -- Positive credits (earn, adjust up), negative debits (reverse, redeem, adjust down, expire).
  -- A reverse may be 0: the refund was applied when nothing of the order's points was left.
  amount bigint not null check (amount <> 0 or kind = 'reverse'),
  -- Of a credit: what is not yet spent, reversed or expired (debits take the oldest first).
  remaining bigint check (remaining >= 0),
  expires_at timestamptz,
  order_id text,
  gift_id text,
  reason text,
  actor_id text,
  created_at timestamptz not null default now(),
  -- Applying the same order event twice changes nothing: one earn and one reverse per order.
  unique (account_id, order_id, kind),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);
create index points_entries_customer_idx on points_entries (account_id, customer_id, id desc);
create index points_entries_open_lots_idx on points_entries (account_id, customer_id, expires_at, id) where remaining > 0;
create index points_entries_expiry_idx on points_entries (expires_at) where remaining > 0;
