import { api } from '../../app/api-client';
import type { Invitation, Role, Specialisation, User } from '../../app/api-types';

export type UserFilters = { q?: string; role?: Role; status?: User['status'] };
export type UserPatch = { name?: string; displayName?: string | null; nickname?: string | null; role?: Role; specialisation?: Specialisation | null };
export type InviteInput = { email: string; role: Role; specialisation?: Specialisation | null; name?: string | null };

export const usersApi = {
  list: (filters: UserFilters, signal?: AbortSignal) => api.get<{ items: User[] }>('/api/users', filters, signal).then((r) => r.items),
  update: (id: string, patch: UserPatch) => api.patch<{ user: User }>(`/api/users/${encodeURIComponent(id)}`, patch).then((r) => r.user),
  deactivate: (id: string) => api.post<{ user: User }>(`/api/users/${encodeURIComponent(id)}/deactivate`).then((r) => r.user),
  reactivate: (id: string) => api.post<{ user: User }>(`/api/users/${encodeURIComponent(id)}/reactivate`).then((r) => r.user),
  invitations: (signal?: AbortSignal) => api.get<{ items: Invitation[] }>('/api/invitations', undefined, signal).then((r) => r.items),
  invite: (input: InviteInput) => api.post<{ invitation: Invitation; inviteUrl: string }>('/api/invitations', input),
  revokeInvitation: (id: string) => api.post<void>(`/api/invitations/${encodeURIComponent(id)}/revoke`),
};

/** The server may answer a path; the person receiving the link needs a full address. */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}
