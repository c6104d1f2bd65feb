import type { Locale } from '../../platform/locale.ts';
import type { Selectable } from 'kysely';
import type { AccountsTable, ApiTokensTable, AuditLogTable, InvitationsTable, UsersTable } from './accounts.tables.ts';
import { auditActionLabel } from './audit.service.ts';
import { permissionsOf } from './permissions.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentUser(u: Selectable<UsersTable>) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    displayName: u.display_name,
    nickname: u.nickname,
    role: u.role,
    specialisation: u.specialisation,
    locale: u.locale,
    status: u.status,
    lastLoginAt: iso(u.last_login_at),
    createdAt: u.created_at.toISOString(),
  };
}

export function presentAccount(a: Selectable<AccountsTable>) {
  return { id: a.id, name: a.name, locale: a.locale, timezone: a.timezone };
}

export function presentSession(user: Selectable<UsersTable>, account: Selectable<AccountsTable>, csrfToken: string) {
  return { user: presentUser(user), account: presentAccount(account), permissions: permissionsOf(user.role), csrfToken };
}

export function presentInvitation(i: Selectable<InvitationsTable> & { inviter_name?: string | null }) {
  return {
    id: i.id,
    email: i.email,
    name: i.name,
    role: i.role,
    specialisation: i.specialisation,
    invitedBy: i.invited_by && i.inviter_name ? { id: i.invited_by, name: i.inviter_name } : null,
    expiresAt: i.expires_at.toISOString(),
    createdAt: i.created_at.toISOString(),
  };
}

export function presentToken(t: Selectable<ApiTokensTable> & { creator_name?: string | null }) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role,
    createdBy: t.created_by && t.creator_name ? { id: t.created_by, name: t.creator_name } : null,
    lastUsedAt: iso(t.last_used_at),
    expiresAt: iso(t.expires_at),
    revokedAt: iso(t.revoked_at),
    createdAt: t.created_at.toISOString(),
  };
}

const SYSTEM_ACTORS: Record<string, Record<Locale, string>> = {
  setup: { 'zh-CN': '安装初始化', en: 'Setup' },
  invitation: { 'zh-CN': '邀请链接', en: 'Invitation link' },
  system: { 'zh-CN': '系统', en: 'System' },
};

export function presentAudit(a: Selectable<AuditLogTable>, locale: Locale) {
  const actorName = a.actor_type === 'system' && a.actor_name ? SYSTEM_ACTORS[a.actor_name]?.[locale] ?? a.actor_name : a.actor_name;
  return {
    id: a.id,
    action: a.action,
    actionLabel: auditActionLabel(a.action, locale),
    actor: actorName ? { id: a.actor_id, name: actorName, type: a.actor_type } : null,
    targetType: a.target_type,
    targetId: a.target_id,
    targetLabel: a.target_label,
    data: a.data ?? {},
    ip: a.ip,
    userAgent: a.user_agent,
    createdAt: a.created_at.toISOString(),
  };
}
