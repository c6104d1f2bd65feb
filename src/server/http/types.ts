import type { Ctx, Actor } from '../platform/context.ts';
import type { Locale } from '../platform/locale.ts';
import type { Permission } from '../modules/accounts/index.ts';

export type Access = Permission | 'public' | 'authenticated';

export type AuthState = {
  accountId: string;
  actor: Actor;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: checked for every request before the handler runs. */
    access?: Access;
  }
  interface FastifyRequest {
    auth: AuthState | null;
    locale: Locale;
    /** The service context of an authenticated request. */
    ctx(): Ctx;
  }
}
