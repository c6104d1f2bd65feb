-- "Name contains" search (姓名/昵称包含) without taxing every customer update.
--
-- 0019 put trigram GIN indexes on customers. But a customer's row is rewritten by every paid order,
-- refund and tier move (spend, order count, last order and tier are indexed for sorting, so no such
-- update is HOT), and each rewrite then also wrote two GIN entries: measured on a million customers,
-- 50,000 such updates took 13.7 s with them and 7.4 s without. And trigrams do nothing for the
-- patterns agents type most, a Chinese given name of two characters.
--
-- So the names live again in a narrow side table, written only when a customer is made or a name or
-- nickname changes (triggers below), with one GIN index over the record's grams: every single
-- character and every pair of adjacent characters of the lower-cased name and nickname. A pattern
-- of one character is looked up as itself; a longer one by all its pairs, then checked with LIKE.
drop index if exists customers_name_trgm_idx;
drop index if exists customers_nickname_trgm_idx;

create function customer_name_grams(name text, nickname text) returns text[]
language sql immutable parallel safe as $$
  select coalesce(array_agg(distinct g), '{}')
    from (select lower(t) as t from unnest(array[name, nickname]) as t where t is not null) s,
         lateral (select substr(s.t, i, 1) as g from generate_series(1, char_length(s.t)) as i
                  union all
                  select substr(s.t, i, 2) from generate_series(1, char_length(s.t) - 1) as i) x
$$;

create table customer_names (
  account_id text not null,
  customer_id text not null,
  name text,
  nickname text,
  grams text[] not null,
  primary key (account_id, customer_id),
  foreign key (account_id, customer_id) references customers (account_id, id) on delete cascade
);

insert into customer_names (account_id, customer_id, name, nickname, grams)
select account_id, id, lower(name), lower(nickname), customer_name_grams(name, nickname)
  from customers where name is not null or nickname is not null;

create index customer_names_grams_idx on customer_names using gin (grams);

-- New customers, a statement at a time (imports and the demo seeder make thousands in one INSERT).
create function customer_names_inserted() returns trigger language plpgsql as $$
begin
  insert into customer_names (account_id, customer_id, name, nickname, grams)
  select account_id, id, lower(name), lower(nickname), customer_name_grams(name, nickname)
    from inserted where name is not null or nickname is not null;
  return null;
end $$;
create trigger customers_names_inserted after insert on customers
  referencing new table as inserted for each statement execute function customer_names_inserted();

-- A changed name or nickname (an edit, a merge filling it in, an erasure clearing it). Updates that
-- do not name these columns (spend, tier …) do not fire it at all.
create function customer_names_changed() returns trigger language plpgsql as $$
begin
  insert into customer_names (account_id, customer_id, name, nickname, grams)
  values (new.account_id, new.id, lower(new.name), lower(new.nickname), customer_name_grams(new.name, new.nickname))
  on conflict (account_id, customer_id) do update set name = excluded.name, nickname = excluded.nickname, grams = excluded.grams;
  return null;
end $$;
create trigger customers_names_changed after update of name, nickname on customers
  for each row when (old.name is distinct from new.name or old.nickname is distinct from new.nickname)
  execute function customer_names_changed();
