import { z } from 'zod';
import { IsoDate, Locale, Text } from './common.ts';

export const Role = z.enum(['owner', 'admin', 'supervisor', 'team_lead', 'dispatcher', 'qa_inspector', 'agent', 'operations']);
export const Specialisation = z.enum(['pre_sale', 'in_sale', 'after_sale']);
const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));
const Password = z.string().min(1).max(200);
const Localized = z.object({ 'zh-CN': z.string(), en: z.string() });

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  displayName: z.string().nullable().describe('internal name by function, shown to colleagues, e.g. 日本客服A'),
  nickname: z.string().nullable().describe('public nickname shown to shoppers'),
  role: Role,
  specialisation: Specialisation.nullable(),
  locale: Locale,
  status: z.enum(['active', 'deactivated']),
  lastLoginAt: IsoDate.nullable(),
  createdAt: IsoDate,
}).meta({ id: 'User' });

export const Account = z.object({ id: z.string(), name: z.string(), locale: Locale, timezone: z.string() }).meta({ id: 'Account' });

export const SessionBody = z.object({
  user: User,
  account: Account,
  permissions: z.array(z.string()),
  csrfToken: z.string().describe('send back as the x-csrf-token header on every state-changing request'),
}).meta({ id: 'Session' });

export const LoginBody = z.strictObject({ email: Email, password: Password });
export const ProfileBody = z.strictObject({ name: Text(80).optional(), nickname: Text(40).nullable().optional(), locale: Locale.optional() });
export const PasswordBody = z.strictObject({ currentPassword: Password, newPassword: Password });

export const UserQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: Role.optional(),
  status: z.enum(['active', 'deactivated']).optional(),
});
export const UpdateUserBody = z.strictObject({
  name: Text(80).optional(),
  displayName: Text(40).nullable().optional(),
  nickname: Text(40).nullable().optional(),
  role: Role.optional(),
  specialisation: Specialisation.nullable().optional(),
});

export const Invitation = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: Role,
  specialisation: Specialisation.nullable(),
  invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  expiresAt: IsoDate,
  createdAt: IsoDate,
}).meta({ id: 'Invitation' });
export const InviteBody = z.strictObject({ email: Email, role: Role, specialisation: Specialisation.nullable().optional(), name: Text(80).nullable().optional() });
export const InviteCreated = z.object({ invitation: Invitation, inviteUrl: z.string() });
export const InvitationPreview = z.object({ email: z.string(), name: z.string().nullable(), accountName: z.string(), role: Role, expiresAt: IsoDate });
export const TokenParams = z.strictObject({ token: z.string().min(10).max(200) });
export const AcceptBody = z.strictObject({ token: z.string().min(10).max(200), name: Text(80), password: Password });

export const RolesBody = z.object({
  roles: z.array(z.object({ key: Role, label: Localized, description: Localized, permissions: z.array(z.string()) })),
  permissions: z.array(z.object({ key: z.string(), group: z.string(), groupLabel: Localized, label: Localized })),
  specialisations: z.array(z.object({ key: Specialisation, label: Localized })),
});

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: Role,
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  lastUsedAt: IsoDate.nullable(),
  expiresAt: IsoDate.nullable(),
  revokedAt: IsoDate.nullable(),
  createdAt: IsoDate,
}).meta({ id: 'ApiToken' });
export const CreateTokenBody = z.strictObject({ name: Text(80), role: Role, expiresInDays: z.number().int().min(1).max(3650).optional() });

export const AuditEntry = z.object({
  id: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  actor: z.object({ id: z.string().nullable(), name: z.string(), type: z.enum(['user', 'token', 'system']) }).nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: IsoDate,
}).meta({ id: 'AuditEntry' });
export const AuditQuery = z.strictObject({
  action: z.string().max(64).optional(),
  actorId: z.string().max(64).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AccountPatch = z.strictObject({
  name: Text(80).optional(),
  locale: Locale.optional(),
  timezone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone').optional(),
});
