import { api } from '../../app/api-client';
import type { RecentOrder, SourcePlatform } from '../conversations/customer-panel-api';

/** The customer record, list, attributes, notes and timeline, as in src/contracts/customers.ts. */
export type CustomerSort = 'last_order' | 'lifetime_spend' | 'created';
export type SortDirection = 'desc' | 'asc';
export type AttributeType = 'text' | 'number' | 'date' | 'select' | 'multi_select';
export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['text', 'number', 'date', 'select', 'multi_select'];
export type AttributeValue = string | number | string[];
export type Gender = 'male' | 'female' | 'unknown';
export const GENDERS: readonly Gender[] = ['male', 'female', 'unknown'];
export const KNOWN_TIERS = ['normal', 'advanced', 'vip', 'svip'] as const;

export type CustomerListItem = {
  id: string;
  name: string | null;
  nickname: string | null;
  phone: string | null;
  email: string | null;
  contactMasked: boolean;
  tier: string;
  tags: string[];
  province: string | null;
  city: string | null;
  sourcePlatform: SourcePlatform | null;
  lifetimeSpend: string;
  orderCount: number;
  lastOrderAt: string | null;
  createdAt: string;
};

export type CustomerListQuery = {
  q?: string;
  nameMatch?: 'prefix' | 'contains';
  tag?: string;
  tier?: string;
  spendMin?: string;
  spendMax?: string;
  lastOrderFrom?: string;
  lastOrderTo?: string;
  attribute?: string;
  sort: CustomerSort;
  direction: SortDirection;
  cursor?: string;
  limit: number;
};

export type CustomerIdentity = { kind: 'phone' | 'email' | 'platform' | 'widget'; platform: SourcePlatform | null; value: string };

export type CustomerRecord = {
  id: string;
  name: string | null;
  nickname: string | null;
  gender: Gender;
  birthday: string | null;
  phone: string | null;
  email: string | null;
  phones: string[];
  emails: string[];
  contactMasked: boolean;
  province: string | null;
  city: string | null;
  district: string | null;
  sourcePlatform: SourcePlatform | null;
  sourceShop: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  lifetimeSpend: string;
  orderCount: number;
  averageOrderValue: string;
  lastOrderAt: string | null;
  tier: string;
  tags: string[];
  accountManager: { id: string; name: string } | null;
  identities: CustomerIdentity[];
  attributes: { key: string; label: string; type: AttributeType; value: AttributeValue }[];
  createdAt: string;
  updatedAt: string;
};

export type CustomerInput = Partial<{
  name: string | null;
  nickname: string | null;
  gender: Gender;
  birthday: string | null;
  phone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  sourcePlatform: SourcePlatform | null;
  sourceShop: string | null;
  tags: string[];
  attributes: Record<string, AttributeValue | null>;
}>;

export type AttributeDefinition = { id: string; key: string; label: string; type: AttributeType; options: string[]; sort: number; createdAt: string };
export type AttributeDefinitionInput = { key: string; label: string; type: AttributeType; options: string[]; sort: number };

export type CustomerNote = { id: string; body: string; authorId: string | null; authorName: string; createdAt: string };

export type TimelineItem = {
  id: string;
  source: 'event' | 'order' | 'conversation';
  kind: string;
  title: string;
  data: Record<string, unknown>;
  actorId: string | null;
  occurredAt: string;
};

const path = (id: string) => `/api/customers/${encodeURIComponent(id)}`;

export const customersApi = {
  list: (q: CustomerListQuery, signal?: AbortSignal) => api.get<{ items: CustomerListItem[]; nextCursor: string | null }>('/api/customers', q, signal),
  get: (id: string, signal?: AbortSignal) => api.get<{ customer: CustomerRecord; recentOrders: RecentOrder[] }>(path(id), undefined, signal),
  create: (body: CustomerInput) => api.post<{ customer: CustomerRecord }>('/api/customers', body),
  update: (id: string, body: CustomerInput) => api.patch<{ customer: CustomerRecord }>(path(id), body),
  changeTags: (id: string, change: { add?: string[]; remove?: string[] }) => api.post<{ customer: CustomerRecord }>(`${path(id)}/tags`, change),
  notes: (id: string, signal?: AbortSignal) => api.get<{ items: CustomerNote[] }>(`${path(id)}/notes`, undefined, signal),
  addNote: (id: string, body: string) => api.post<{ note: CustomerNote }>(`${path(id)}/notes`, { body }),
  timeline: (id: string, cursor?: string, signal?: AbortSignal) => api.get<{ items: TimelineItem[]; nextCursor: string | null }>(`${path(id)}/timeline`, { limit: 20, cursor }, signal),
  attributes: (signal?: AbortSignal) => api.get<{ items: AttributeDefinition[] }>('/api/customer-attributes', undefined, signal),
  createAttribute: (body: AttributeDefinitionInput) => api.post<{ attribute: AttributeDefinition }>('/api/customer-attributes', body),
  updateAttribute: (id: string, body: Partial<Omit<AttributeDefinitionInput, 'key' | 'type'>>) => api.patch<{ attribute: AttributeDefinition }>(`/api/customer-attributes/${encodeURIComponent(id)}`, body),
  deleteAttribute: (id: string) => api.delete(`/api/customer-attributes/${encodeURIComponent(id)}`),
};

/** How an attribute value reads: options joined, numbers and dates as they are. */
export function attributeText(value: AttributeValue): string {
  return Array.isArray(value) ? value.join('、') : String(value);
}
