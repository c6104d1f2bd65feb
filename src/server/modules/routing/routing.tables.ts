import type { ColumnType, Generated } from 'kysely';

type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type CreatedAt = Generated<Date>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type AgentStatus = 'online' | 'busy' | 'away' | 'offline';
export type RoutingDecisionKind = 'assigned' | 'queued' | 'overflowed' | 'reoffered' | 'transferred' | 'reassigned' | 'unrouted';

export type TeamsTable = {
  id: string;
  account_id: string;
  parent_id: Nullable<string>;
  name: string;
  description: Nullable<string>;
  sort: Generated<number>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type TeamMembersTable = {
  account_id: string;
  team_id: string;
  user_id: string;
  is_lead: Generated<boolean>;
  created_at: CreatedAt;
};

export type AgentStatesTable = {
  account_id: string;
  user_id: string;
  status: Generated<AgentStatus>;
  status_source: Generated<'manual' | 'auto'>;
  status_changed_at: CreatedAt;
  capacity: Generated<number>;
  channel_capacity: ColumnType<Record<string, number>, string | undefined, string>;
  load: Generated<number>;
  channel_load: ColumnType<Record<string, number>, string | undefined, string>;
  last_assigned_at: Nullable<Date>;
  last_activity_at: Nullable<Date>;
  updated_at: CreatedAt;
};

export type AgentSocketsTable = {
  account_id: string;
  user_id: string;
  node_id: string;
  sockets: number;
  seen_at: CreatedAt;
};

export type ProductAgentsTable = {
  account_id: string;
  product_id: string;
  user_id: string;
  created_at: CreatedAt;
};

export type RoutingRulesTable = {
  id: string;
  account_id: string;
  name: string;
  position: number;
  enabled: Generated<boolean>;
  conditions: Json<Record<string, unknown>>;
  actions: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type RoutingSettingsTable = {
  account_id: string;
  enabled: Generated<boolean>;
  fallback_team_id: Nullable<string>;
  overflow_after_seconds: Generated<number>;
  answer_timeout_seconds: Generated<number>;
  auto_away_minutes: Generated<number>;
  first_response_target_seconds: Generated<number>;
  updated_at: CreatedAt;
};

export type RoutingDecisionsTable = {
  id: Generated<number>;
  account_id: string;
  conversation_id: string;
  kind: RoutingDecisionKind;
  rule_id: Nullable<string>;
  rule_name: Nullable<string>;
  team_id: Nullable<string>;
  agent_id: Nullable<string>;
  reason: Json<Record<string, unknown>>;
  created_at: CreatedAt;
};

export type RoutingTables = {
  teams: TeamsTable;
  team_members: TeamMembersTable;
  agent_states: AgentStatesTable;
  agent_sockets: AgentSocketsTable;
  product_agents: ProductAgentsTable;
  routing_rules: RoutingRulesTable;
  routing_settings: RoutingSettingsTable;
  routing_decisions: RoutingDecisionsTable;
};
