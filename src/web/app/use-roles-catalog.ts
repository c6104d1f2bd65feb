import { useCallback, useEffect, useState } from 'react';
import { pickLocalized } from '../i18n/messages';
import { api } from './api-client';
import { ROLES, SPECIALISATIONS, type Role, type RolesCatalog, type Specialisation } from './api-types';
import { useAuth } from './auth-provider';
import { useI18n } from './i18n-provider';

// Roles and permissions are fixed for a server version, so one fetch serves every page of the visit.
let cached: Promise<RolesCatalog> | null = null;

export function fetchRolesCatalog(): Promise<RolesCatalog> {
  if (!cached) {
    cached = api.get<RolesCatalog>('/api/roles');
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

/** Roles a user may hand out: never more than their own, and only the owner makes owners. */
export function assignableRoles(actorRole: Role): Role[] {
  if (actorRole === 'owner') return [...ROLES];
  if (actorRole === 'admin') return ROLES.filter((r) => r !== 'owner');
  return [];
}

export function useRolesCatalog() {
  const { locale, t } = useI18n();
  // Any signed-in user may read GET /api/roles.
  const enabled = useAuth().status === 'authenticated';
  const [catalog, setCatalog] = useState<RolesCatalog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    setError(null);
    fetchRolesCatalog().then(
      (c) => alive && setCatalog(c),
      (err: unknown) => alive && setError(err),
    );
    return () => {
      alive = false;
    };
  }, [attempt, enabled]);

  // Labels fall back to the built-in dictionary so a table never shows raw keys while loading.
  const roleLabel = useCallback(
    (role: Role | string) => {
      const info = catalog?.roles.find((r) => r.key === role);
      if (info) return pickLocalized(info.label, locale, role);
      return (ROLES as readonly string[]).includes(role) ? t(`role.${role as Role}`) : role;
    },
    [catalog, locale, t],
  );

  const specialisationLabel = useCallback(
    (key: Specialisation | string | null | undefined) => {
      if (!key) return '';
      const info = catalog?.specialisations.find((s) => s.key === key);
      if (info) return pickLocalized(info.label, locale, key);
      return (SPECIALISATIONS as readonly string[]).includes(key) ? t(`specialisation.${key as Specialisation}`) : key;
    },
    [catalog, locale, t],
  );

  const roleOptions = useCallback(
    (roles: readonly Role[] = ROLES) => roles.map((role) => ({ value: role, label: roleLabel(role) })),
    [roleLabel],
  );

  const specialisationOptions = useCallback(
    () => (catalog?.specialisations.map((s) => s.key) ?? SPECIALISATIONS).map((key) => ({ value: key, label: specialisationLabel(key) })),
    [catalog, specialisationLabel],
  );

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { catalog, error, loading: enabled && !catalog && !error, retry, roleLabel, specialisationLabel, roleOptions, specialisationOptions };
}
