-- "Name contains" search of the customer list (姓名/昵称包含): a LIKE '%…%' cannot use the prefix
-- indexes of 0010, and read every customer of the account (about 1.2 s at a million). Trigram GIN
-- indexes (pg_trgm, a trusted extension on PostgreSQL 13+, loaded by the embedded store) answer
-- patterns of three characters or more from the index; shorter ones still scan. The indexes do not
-- start with account_id (a GIN trigram index cannot without btree_gin): the account is checked on
-- the rows they find.
--
-- Building them reads every customer: about a minute at a million customers on a 2-core machine.
create extension if not exists pg_trgm;
create index customers_name_trgm_idx on customers using gin (lower(name) gin_trgm_ops);
create index customers_nickname_trgm_idx on customers using gin (lower(nickname) gin_trgm_ops);
