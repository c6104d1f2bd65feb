import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import './accounts.errors.ts';
import { adminRoutes } from './admin.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { usersRoutes } from './users.routes.ts';

export { can, permissionsOf, assignableRoles, ROLES, PERMISSIONS, type Permission, type Role, type Specialisation } from './permissions.ts';
export { resolveSession, SESSION_COOKIE, login, touchSession } from './auth.service.ts';
export { resolveApiToken, createApiToken } from './tokens.service.ts';
export { createAccountWithOwner, countAccounts } from './accounts.service.ts';
export { createUser } from './users.service.ts';
export { recordAudit } from './audit.service.ts';
export { sha256 } from './password.ts';
export type { AccountsTables } from './accounts.tables.ts';
export { registerAccountsEventHandlers } from './accounts.events.ts';

export type RouteDeps = { db: Db; clock: Clock; publicUrl?: string; secureCookies: 'auto' | boolean };

export function accountsRoutes(deps: RouteDeps) {
  return async function (app: FastifyInstance) {
    await app.register(authRoutes(deps));
    await app.register(usersRoutes(deps));
    await app.register(adminRoutes());
  };
}
