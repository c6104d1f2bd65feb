-- Every index on customers is written again whenever a paid order, a refund or a tier move
-- rewrites a customer's row (none of those updates is HOT: spend, order count, last order and tier
-- are indexed). customers_last_order_idx (account_id, last_order_at) repeats the list's keyset index
-- (account_id, coalesce(last_order_at, '-infinity'), id), which the list's last-order filters now use
-- as well: one index fewer to write on each of those updates.
drop index if exists customers_last_order_idx;
