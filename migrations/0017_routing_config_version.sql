-- Routing keeps each account's rules and team tree in memory and reads only this number per
-- arrival: every change to teams, their members or the rules moves it on, so every node sees a
-- change at its next arrival (no message between nodes to lose). No foreign key: a deleted account
-- leaves a number nobody reads, and the triggers below may run while its rows are cascading away.
-- The numbers come from a sequence, never reused: a node that read a change which was then rolled
-- back holds a number no committed state will carry.
create sequence routing_config_seq;
create table routing_config_versions (
  account_id text primary key,
  version bigint not null
);

create function routing_config_bump() returns trigger language plpgsql as $$
begin
  insert into routing_config_versions (account_id, version)
    values (coalesce(new.account_id, old.account_id), nextval('routing_config_seq'))
    on conflict (account_id) do update set version = excluded.version;
  return null;
end $$;

create trigger teams_routing_config after insert or update of parent_id or delete on teams
  for each row execute function routing_config_bump();
create trigger team_members_routing_config after insert or update or delete on team_members
  for each row execute function routing_config_bump();
create trigger routing_rules_routing_config after insert or update or delete on routing_rules
  for each row execute function routing_config_bump();
