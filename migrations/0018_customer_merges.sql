-- Duplicates and merge (重复客户与合并). Two records of one buyer (a Taobao order and a web chat, a
-- phone typed two ways) are suggested as duplicates when they share a phone, an email or a buyer id;
-- a member merges them, and can undo it. Nothing is ever merged automatically.
--
-- The merged customer's row stays (merged_into names the survivor) so that old links can say where
-- it went and an undo has something to give back to; lists, search and suggestions leave it out.
alter table customers add column merged_into text;
alter table customers add column merged_at timestamptz;

-- One merge: who survived, who was merged, by whom, and exactly what moved (the ids of every
-- identity, conversation, order, points entry, timeline event … and the survivor's fields the merge
-- filled), so an undo moves back that and nothing created since.
create table customer_merges (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  survivor_id text not null,
  merged_id text not null,
  -- What the two records shared when they were merged: phone, email, platform (none: a member's call).
  reasons text[] not null default '{}',
  actor_id text,
  actor_name text,
  moved jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  undone_at timestamptz,
  undone_by text,
  undone_by_name text,
  unique (account_id, id),
  check (survivor_id <> merged_id),
  foreign key (account_id, survivor_id) references customers (account_id, id) on delete cascade,
  foreign key (account_id, merged_id) references customers (account_id, id) on delete cascade
);
create index customer_merges_list_idx on customer_merges (account_id, created_at desc, id desc);
create index customer_merges_survivor_idx on customer_merges (account_id, survivor_id, created_at desc);
create index customer_merges_merged_idx on customer_merges (account_id, merged_id, created_at desc);
-- A customer is merged into at most one other at a time: a retried merge finds this row.
create unique index customer_merges_live_key on customer_merges (account_id, merged_id) where undone_at is null;

-- "Not a duplicate" (不是同一人): the pair is not suggested again. customer_a < customer_b.
create table customer_duplicate_dismissals (
  account_id text not null references accounts(id) on delete cascade,
  customer_a text not null,
  customer_b text not null,
  dismissed_by text,
  created_at timestamptz not null default now(),
  primary key (account_id, customer_a, customer_b),
  check (customer_a < customer_b),
  foreign key (account_id, customer_a) references customers (account_id, id) on delete cascade,
  foreign key (account_id, customer_b) references customers (account_id, id) on delete cascade
);

-- The suggestions, as the last scan found them (one read of the customers with index probes:
-- seconds at a million customers, so it is not made per page); a page is an index range of the ranking.
-- Merged and erased customers and dismissed pairs are left out when read.
create table customer_duplicate_candidates (
  account_id text not null references accounts(id) on delete cascade,
  customer_a text not null,
  customer_b text not null,
  -- Parallel arrays: each shared key (phone, email, platform) and its matched value.
  reasons text[] not null,
  keys text[] not null,
  -- How many kinds of key the pair shares: more rank first.
  score integer not null,
  primary key (account_id, customer_a, customer_b),
  check (customer_a < customer_b),
  foreign key (account_id, customer_a) references customers (account_id, id) on delete cascade,
  foreign key (account_id, customer_b) references customers (account_id, id) on delete cascade
);
create index customer_duplicate_candidates_rank_idx on customer_duplicate_candidates (account_id, score desc, customer_a, customer_b);

create table customer_duplicate_scans (
  account_id text primary key references accounts(id) on delete cascade,
  scanned_at timestamptz,
  pairs integer not null default 0,
  duration_ms integer not null default 0
);

-- A phone as matched (see src/server/modules/customers/phone.ts): spaces, dashes, brackets and dots
-- dropped, and +86 / 0086 before a mainland mobile number too.
create function customer_phone_key(phone text) returns text
  language sql immutable parallel safe
  as $$ select regexp_replace(regexp_replace(phone, '[[:space:]().-]', '', 'g'), '^(\+86|0086)(1[0-9]{10})$', '\2') $$;
