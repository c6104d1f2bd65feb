import { api } from '../../app/api-client';
import type { ApiToken, Role } from '../../app/api-types';
import { isPast } from '../../app/format';

export type CreateTokenInput = { name: string; role: Role; expiresInDays?: number };
export type TokenStatus = 'active' | 'expired' | 'revoked';

export const tokensApi = {
  list: (signal?: AbortSignal) => api.get<{ items: ApiToken[] }>('/api/api-tokens', undefined, signal).then((r) => r.items),
  create: (input: CreateTokenInput) => api.post<{ token: ApiToken; secret: string }>('/api/api-tokens', input),
  revoke: (id: string) => api.post<void>(`/api/api-tokens/${encodeURIComponent(id)}/revoke`),
};

export function tokenStatus(token: ApiToken): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (isPast(token.expiresAt)) return 'expired';
  return 'active';
}
