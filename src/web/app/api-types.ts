import type { Locale, Localized } from '../i18n/messages';

export type Role = 'owner' | 'admin' | 'supervisor' | 'team_lead' | 'dispatcher' | 'qa_inspector' | 'agent' | 'operations';
export const ROLES: readonly Role[] = ['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher', 'qa_inspector', 'agent', 'operations'];

export type Specialisation = 'pre_sale' | 'in_sale' | 'after_sale';
export const SPECIALISATIONS: readonly Specialisation[] = ['pre_sale', 'in_sale', 'after_sale'];

export type Permission = 'users.read' | 'users.manage' | 'audit.read' | 'tokens.manage' | 'account.manage';

export type User = {
  id: string;
  email: string;
  name: string;
  displayName: string | null;
  nickname: string | null;
  role: Role;
  specialisation: Specialisation | null;
  locale: Locale;
  status: 'active' | 'deactivated';
  lastLoginAt: string | null;
  createdAt: string;
};

export type Account = { id: string; name: string; locale: Locale; timezone: string };

export type Session = { user: User; account: Account; permissions: string[]; csrfToken: string };

export type PersonRef = { id: string; name: string };

export type Invitation = {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  specialisation: Specialisation | null;
  invitedBy: PersonRef | null;
  expiresAt: string;
  createdAt: string;
};

export type InvitationPreview = { email: string; name: string | null; accountName: string; role: Role; expiresAt: string };

export type RoleInfo = { key: Role; label: Localized; description: Localized; permissions: string[] };
export type PermissionInfo = { key: string; group: string; groupLabel: Localized; label: Localized };
export type SpecialisationInfo = { key: Specialisation; label: Localized };
export type RolesCatalog = { roles: RoleInfo[]; permissions: PermissionInfo[]; specialisations: SpecialisationInfo[] };

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdBy: PersonRef | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};

export type AuditEntry = {
  id: string;
  action: string;
  actionLabel: string;
  actor: { id: string | null; name: string; type: 'user' | 'token' | 'system' } | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
};

export type AuditAction = { key: string; label: string };
