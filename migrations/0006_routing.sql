-- Routing: teams (skill groups, nested), agents' status and capacity, products' dedicated agents,
-- ordered routing rules, the queue on the conversation, and every routing decision.

-- A team is a business line or a group inside one (签证 → 日韩签证); leads see their team's chats.
create table teams (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  parent_id text,
  name text not null,
  description text,
  sort integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id),
  foreign key (account_id, parent_id) references teams (account_id, id) on delete cascade
);
create unique index teams_name_key on teams (account_id, coalesce(parent_id, ''), lower(name));
create index teams_parent_idx on teams (account_id, parent_id, sort);

create table team_members (
  account_id text not null,
  team_id text not null,
  user_id text not null,
  is_lead boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (account_id, team_id, user_id),
  foreign key (account_id, team_id) references teams (account_id, id) on delete cascade,
  foreign key (account_id, user_id) references users (account_id, id) on delete cascade
);
create index team_members_user_idx on team_members (account_id, user_id);

-- One row per member who answers: status (set by the agent, auto-away, offline when the last socket
-- closes), capacity (at most this many open conversations; per channel where set) and the load,
-- which a trigger on conversations keeps, so every path that assigns, resolves or moves a chat counts.
create table agent_states (
  account_id text not null,
  user_id text not null,
  status text not null default 'offline' check (status in ('online', 'busy', 'away', 'offline')),
  -- 'manual': the agent chose it; 'auto': set by inactivity or by the last socket closing.
  status_source text not null default 'auto' check (status_source in ('manual', 'auto')),
  status_changed_at timestamptz not null default now(),
  capacity integer not null default 8 check (capacity >= 0 and capacity <= 1000),
  channel_capacity jsonb not null default '{}'::jsonb,
  load integer not null default 0,
  channel_load jsonb not null default '{}'::jsonb,
  last_assigned_at timestamptz,
  last_activity_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (account_id, user_id),
  foreign key (account_id, user_id) references users (account_id, id) on delete cascade
);
create index agent_states_status_idx on agent_states (account_id, status);

-- The workspace sockets each node holds for an agent: the agent goes offline when the last closes.
create table agent_sockets (
  account_id text not null,
  user_id text not null,
  node_id text not null,
  sockets integer not null,
  seen_at timestamptz not null default now(),
  primary key (account_id, user_id, node_id)
);

-- Products whose traffic goes to their own agents (seed 001: each visa product has its specialists).
create table product_agents (
  account_id text not null,
  product_id text not null,
  user_id text not null,
  created_at timestamptz not null default now(),
  primary key (account_id, product_id, user_id),
  foreign key (account_id, product_id) references products (account_id, id) on delete cascade,
  foreign key (account_id, user_id) references users (account_id, id) on delete cascade
);
create index product_agents_user_idx on product_agents (account_id, user_id);

-- Evaluated in position order; the first whose conditions hold and whose target is reachable decides.
create table routing_rules (
  id text primary key,
  account_id text not null references accounts(id) on delete cascade,
  name text not null,
  position integer not null,
  enabled boolean not null default true,
  conditions jsonb not null default '{}'::jsonb,
  actions jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (account_id, id)
);
create index routing_rules_position_idx on routing_rules (account_id, position);

create table routing_settings (
  account_id text primary key references accounts(id) on delete cascade,
  enabled boolean not null default false,
  fallback_team_id text,
  -- A queued conversation moves to the fallback team after this long.
  overflow_after_seconds integer not null default 180 check (overflow_after_seconds between 10 and 86400),
  -- An assigned conversation its agent has not answered in this long is offered to another.
  answer_timeout_seconds integer not null default 90 check (answer_timeout_seconds between 10 and 86400),
  -- An agent with no activity for this long goes away (0: never).
  auto_away_minutes integer not null default 15 check (auto_away_minutes between 0 and 1440),
  first_response_target_seconds integer not null default 60 check (first_response_target_seconds between 5 and 86400),
  updated_at timestamptz not null default now(),
  foreign key (account_id, fallback_team_id) references teams (account_id, id) on delete set null (fallback_team_id)
);

-- The customer's own account manager (key accounts) and tags, for rules and the panel.
alter table customers add column account_manager_id text;
alter table customers add column tags text[] not null default '{}';

-- The conversation's place in routing: its team, the agents it waits for (dedicated, account manager,
-- last agent), priority, and since when it has been queued or assigned.
alter table conversations add column team_id text;
alter table conversations add column priority smallint not null default 1 check (priority between 0 and 3);
alter table conversations add column routing_state text check (routing_state in ('queued', 'assigned'));
alter table conversations add column preferred_agents text[];
alter table conversations add column queued_at timestamptz;
alter table conversations add column assigned_at timestamptz;
alter table conversations add column auto_assigned boolean not null default false;
alter table conversations add constraint conversations_team_fk foreign key (account_id, team_id) references teams (account_id, id) on delete set null (team_id);
create index conversations_queue_idx on conversations (account_id, team_id, priority desc, queued_at) where routing_state = 'queued';
create index conversations_team_idx on conversations (account_id, team_id, status);
create index conversations_unanswered_idx on conversations (account_id, assigned_at) where routing_state = 'assigned' and auto_assigned;

-- Every routing decision: which rule, which team and agent, and why, shown on the conversation.
create table routing_decisions (
  id bigserial primary key,
  account_id text not null,
  conversation_id text not null,
  kind text not null check (kind in ('assigned', 'queued', 'overflowed', 'reoffered', 'transferred', 'reassigned', 'unrouted')),
  rule_id text,
  rule_name text,
  team_id text,
  agent_id text,
  reason jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  foreign key (account_id, conversation_id) references conversations (account_id, id) on delete cascade
);
create index routing_decisions_conversation_idx on routing_decisions (account_id, conversation_id, id);

-- The load: open conversations assigned to the agent, in all and per channel.
create function agent_load_add(p_account text, p_user text, p_channel text, p_delta integer) returns void language sql as $$
  update agent_states
     set load = greatest(load + p_delta, 0),
         channel_load = jsonb_set(channel_load, array[p_channel], to_jsonb(greatest(coalesce((channel_load ->> p_channel)::integer, 0) + p_delta, 0)))
   where account_id = p_account and user_id = p_user;
$$;

create function conversations_agent_load() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.assignee_id is not null and old.status = 'open' then
    perform agent_load_add(old.account_id, old.assignee_id, old.channel, -1);
  end if;
  if tg_op in ('UPDATE', 'INSERT') and new.assignee_id is not null and new.status = 'open' then
    perform agent_load_add(new.account_id, new.assignee_id, new.channel, 1);
  end if;
  return null;
end;
$$;

create trigger conversations_agent_load_ins after insert on conversations
  for each row when (new.assignee_id is not null and new.status = 'open') execute function conversations_agent_load();
create trigger conversations_agent_load_upd after update of assignee_id, status on conversations
  for each row when (old.assignee_id is distinct from new.assignee_id or old.status is distinct from new.status) execute function conversations_agent_load();
create trigger conversations_agent_load_del after delete on conversations
  for each row when (old.assignee_id is not null and old.status = 'open') execute function conversations_agent_load();

-- A person who assigns, takes or transfers a conversation takes it out of routing's hands: routing
-- sets assigned_at itself, so an assignee change that leaves assigned_at alone came from a person.
-- A conversation that is no longer open leaves the queue.
create function conversations_routing_state() returns trigger language plpgsql as $$
begin
  if new.assignee_id is distinct from old.assignee_id and new.assigned_at is not distinct from old.assigned_at then
    new.auto_assigned := false;
    new.assigned_at := case when new.assignee_id is null then null else new.updated_at end;
    new.routing_state := case when new.assignee_id is null then null else 'assigned' end;
    if new.assignee_id is not null then
      new.queued_at := null;
      new.preferred_agents := null;
    end if;
  end if;
  if new.status <> 'open' and new.routing_state = 'queued' then
    new.routing_state := null;
    new.queued_at := null;
  end if;
  return new;
end;
$$;

create trigger conversations_routing_state before update of assignee_id, status on conversations
  for each row execute function conversations_routing_state();
