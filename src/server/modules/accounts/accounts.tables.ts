import type { ColumnType, Generated } from 'kysely';
import type { Role, Specialisation } from './permissions.ts';
import type { Locale } from '../../platform/locale.ts';

type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type CreatedAt = Generated<Date>;

export type AccountsTable = {
  id: string;
  name: string;
  locale: Generated<Locale>;
  timezone: Generated<string>;
  settings: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type UserStatus = 'active' | 'deactivated';

export type UsersTable = {
  id: string;
  account_id: string;
  email: string;
  name: string;
  display_name: string | null;
  nickname: string | null;
  role: Role;
  specialisation: Specialisation | null;
  locale: Generated<Locale>;
  status: Generated<UserStatus>;
  password_hash: string | null;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
};

export type InvitationsTable = {
  id: string;
  account_id: string;
  email: string;
  name: string | null;
  role: Role;
  specialisation: Specialisation | null;
  token_hash: string;
  invited_by: string | null;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
};

export type SessionsTable = {
  id: string;
  account_id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
};

export type ApiTokensTable = {
  id: string;
  account_id: string;
  name: string;
  role: Role;
  prefix: string;
  token_hash: string;
  created_by: string | null;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  created_at: CreatedAt;
};

export type AuditLogTable = {
  id: string;
  account_id: string;
  actor_type: 'user' | 'token' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  data: Json<Record<string, unknown>>;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
};

export type LoginThrottleTable = {
  key: string;
  failures: Generated<number>;
  locked_until: Date | null;
  updated_at: Generated<Date>;
};

export type AccountsTables = {
  accounts: AccountsTable;
  users: UsersTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  login_throttle: LoginThrottleTable;
};
