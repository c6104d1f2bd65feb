-- A customer's order aggregates and tier move to a narrow table of their own.
--
-- Every paid order, refund, merge and tier move rewrote the customer's row: a wide row (names,
-- contacts, address, tags, attributes) with twelve indexes, none of whose updates could be HOT,
-- since spend, last order and tier were indexed for the list's sort orders. Measured on a million
-- customers (bench/RESULTS.md, "Second round"): that rewrite was half the cost of a paid order and
-- 95 % of a tier re-evaluation, most of it reading cold index pages.
--
-- customer_stats holds the four figures, one row per customer, with only the two sort orders'
-- indexes. The tier is not indexed: a tier move touches no index at all when its page has room
-- (fillfactor), and a narrow row makes reading all of them cheap where the tier is filtered on.
-- Every customer has its row from the moment it is made (trigger below); the orders flow keeps the
-- figures, as it kept the columns.
create table customer_stats (
  account_id text not null,
  customer_id text not null,
  -- Over the customer's paid orders (paid, shipped, completed); see 0002_commerce.sql.
  lifetime_spend numeric(14, 2) not null default 0,
  order_count integer not null default 0,
  last_order_at timestamptz,
  tier text not null default 'normal',
  primary key (account_id, customer_id)
) with (fillfactor = 80);

insert into customer_stats (account_id, customer_id, lifetime_spend, order_count, last_order_at, tier)
select account_id, id, lifetime_spend, order_count, last_order_at, tier from customers;

-- The list's sort orders (and its spend and last-order filters), keyed as the list compares them.
create index customer_stats_last_order_idx on customer_stats (account_id, coalesce(last_order_at, '-infinity'::timestamptz), customer_id);
create index customer_stats_spend_idx on customer_stats (account_id, lifetime_spend, customer_id);

-- Added once the rows are in (checked in one pass). Deferred: an import writes a new buyer's
-- figures and the buyer in the same transaction, the figures first, so neither row is written twice.
alter table customer_stats add constraint customer_stats_customer_fkey
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade deferrable initially deferred;

drop index if exists customers_last_order_keyset_idx;
drop index if exists customers_spend_keyset_idx;
drop index if exists customers_tier_idx;
alter table customers drop column lifetime_spend, drop column order_count, drop column last_order_at, drop column tier;

-- New customers, a statement at a time: their figures start at nothing, in the lowest tier
-- ('normal' until the shop's tiers say otherwise, as the column's default did). A row written
-- beforehand by the same transaction (an import's new buyer) is kept.
create function customer_stats_inserted() returns trigger language plpgsql as $$
begin
  insert into customer_stats (account_id, customer_id)
  select account_id, id from inserted
  on conflict (account_id, customer_id) do nothing;
  return null;
end $$;
create trigger customers_stats_inserted after insert on customers
  referencing new table as inserted for each statement execute function customer_stats_inserted();

-- What reads a whole customer (the record, presenters, merges, routing) reads this: the customer
-- with its figures. The list joins the two tables itself, to page by the figures' own indexes.
-- A later migration that adds or drops a column of customers recreates the view (c.* is expanded
-- when the view is made).
create view customer_records as
select c.*, s.lifetime_spend, s.order_count, s.last_order_at, s.tier
  from customers c join customer_stats s on s.account_id = c.account_id and s.customer_id = c.id;

-- Fresh statistics for the new table, so the list's joins are planned on what is there.
analyze customer_stats;
