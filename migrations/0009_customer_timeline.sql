-- One timeline per customer: every module that does something with a customer records it here, in
-- the same transaction as the change (an order paid, a tier reached, points earned, a return visit
-- made, a merge), and the customer page reads it newest first. Conversations and orders are also
-- read from their own tables; this table holds what has no table of its own to be read from.
create table customer_events (
  id bigserial primary key,
  account_id text not null,
  customer_id text not null,
  -- e.g. order.paid, order.refunded, tier.changed, points.earned, points.redeemed, points.adjusted,
  -- key_account.visit, consent.changed, customer.merged, customer.note
  kind text not null check (kind ~ '^[a-z_]+\.[a-z_]+$'),
  -- What happened, in the data of the kind (ids, amounts, from/to): presented in the reader's language.
  data jsonb not null default '{}'::jsonb,
  -- The member or system that did it (usr_…, tok_…, or null for the system).
  actor_id text,
  occurred_at timestamptz not null default now(),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);
create index customer_events_timeline_idx on customer_events (account_id, customer_id, occurred_at desc, id desc);
