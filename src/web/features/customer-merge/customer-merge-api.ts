import { api } from '../../app/api-client';
import type { CustomerListItem } from '../customers/customers-api';

/** Duplicates and merge (重复客户与合并), as in src/contracts/customer-merge.ts. */
export type MatchReason = 'phone' | 'email' | 'platform';

/** A side of a pair: the customer list's item without tags and region, with when they were last seen. */
export type DuplicateCustomer = Omit<CustomerListItem, 'tags' | 'province' | 'city'> & { lastSeenAt: string };

export type DuplicatePair = {
  customers: [DuplicateCustomer, DuplicateCustomer];
  reasons: MatchReason[];
  matches: { reason: MatchReason; value: string }[];
  sameName: boolean;
};

export type MergeCounts = {
  identities: number;
  conversations: number;
  orders: number;
  points: number;
  pointsEntries: number;
  notes: number;
  events: number;
  consents: number;
  keyAccount: boolean;
};

export type MergePreview = { survivor: DuplicateCustomer; merged: DuplicateCustomer; reasons: MatchReason[]; moves: MergeCounts };

type Person = { id: string | null; name: string | null };

export type CustomerMerge = {
  id: string;
  survivor: { id: string; name: string | null };
  merged: { id: string; name: string | null };
  reasons: MatchReason[];
  moved: MergeCounts;
  tierBefore: string;
  tierAfter: string;
  by: Person;
  createdAt: string;
  undoneAt: string | null;
  undoneBy: Person | null;
};

export type MergeStatus = {
  mergedInto: { id: string; name: string | null; mergeId: string; mergedAt: string } | null;
  items: CustomerMerge[];
};

const customerPath = (id: string) => `/api/customers/${encodeURIComponent(id)}`;

export const customerMergeApi = {
  duplicates: (query: { cursor?: string; limit?: number }, signal?: AbortSignal) =>
    api.get<{ items: DuplicatePair[]; nextCursor: string | null; scannedAt: string | null }>('/api/customer-duplicates', query, signal),
  scan: () => api.post<{ pairs: number; scannedAt: string; durationMs: number }>('/api/customer-duplicates/scan'),
  dismiss: (customerIds: [string, string]) => api.post<{ customerIds: [string, string]; dismissed: true }>('/api/customer-duplicates/dismiss', { customerId: customerIds[0], otherCustomerId: customerIds[1] }),
  preview: (survivorId: string, from: string, signal?: AbortSignal) => api.get<MergePreview>(`${customerPath(survivorId)}/merge-preview`, { from }, signal),
  merge: (survivorId: string, from: string) => api.post<{ merge: CustomerMerge }>(`${customerPath(survivorId)}/merge`, { from }).then((r) => r.merge),
  status: (customerId: string, signal?: AbortSignal) => api.get<MergeStatus>(`${customerPath(customerId)}/merges`, undefined, signal),
  undo: (mergeId: string) => api.post<{ merge: CustomerMerge }>(`/api/customer-merges/${encodeURIComponent(mergeId)}/undo`).then((r) => r.merge),
};

export const displayName = (c: { id: string; name: string | null; nickname?: string | null }) => c.name || c.nickname || c.id;
