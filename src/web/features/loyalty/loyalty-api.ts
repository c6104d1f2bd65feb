import { api, apiRequest } from '../../app/api-client';

/** Loyalty (会员等级与积分), as in src/contracts/loyalty.ts. */
export type SpendBasis = 'lifetime' | 'last_12_months';
export type TierMatch = 'any' | 'all';
export type DowngradePolicy = 'never' | 'yearly';
export const TIER_COLORS = ['default', 'blue', 'cyan', 'green', 'gold', 'orange', 'red', 'magenta', 'purple'] as const;
export type TierColor = (typeof TIER_COLORS)[number];

export type Tier = {
  key: string;
  nameZh: string;
  nameEn: string;
  color: string;
  rank: number;
  spendBasis: SpendBasis;
  /** Yuan, e.g. "1000.00"; null: spend is no condition. */
  minSpend: string | null;
  minOrders: number | null;
  match: TierMatch;
  /** The share of the price a member pays: 0.95 is 95折. */
  discountRate: number;
  pointsMultiplier: number;
  privileges: string;
  downgradePolicy: DowngradePolicy;
};
export type TierInput = Omit<Tier, 'rank'>;

export type Reevaluation = {
  jobId: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number;
  moved: number | null;
  startedAt: string | null;
  finishedAt: string | null;
};
export type TierList = { items: Tier[]; reevaluation: Reevaluation | null };

export type PointsSettings = { pointsPerYuan: number; pointsValidityMonths: number };

export type GiftKind = 'gift' | 'coupon';
export type Gift = { id: string; kind: GiftKind; name: string; description: string; pointsCost: number; stock: number | null; active: boolean; createdAt: string };
export type GiftInput = Omit<Gift, 'id' | 'createdAt'>;

export type PointsEntryKind = 'earn' | 'reverse' | 'redeem' | 'adjust' | 'expire';
export type PointsEntry = {
  id: string;
  kind: PointsEntryKind;
  amount: number;
  remaining: number | null;
  expiresAt: string | null;
  orderId: string | null;
  giftId: string | null;
  reason: string | null;
  actorId: string | null;
  createdAt: string;
};
export type CustomerPoints = { customerId: string; tier: string; balance: number; items: PointsEntry[]; nextCursor: string | null };

export const isRunning = (r: Reevaluation | null | undefined) => r?.state === 'queued' || r?.state === 'running';

export const loyaltyApi = {
  tiers: (signal?: AbortSignal) => api.get<TierList>('/api/loyalty/tiers', undefined, signal),
  saveTiers: (tiers: TierInput[]) => apiRequest<TierList>('/api/loyalty/tiers', { method: 'PUT', body: { tiers } }),
  reevaluation: (signal?: AbortSignal) => api.get<{ reevaluation: Reevaluation | null }>('/api/loyalty/tiers/reevaluation', undefined, signal),
  pointsSettings: (signal?: AbortSignal) => api.get<{ settings: PointsSettings }>('/api/loyalty/points-settings', undefined, signal),
  savePointsSettings: (body: Partial<PointsSettings>) => api.patch<{ settings: PointsSettings }>('/api/loyalty/points-settings', body),
  gifts: (signal?: AbortSignal) => api.get<{ items: Gift[] }>('/api/loyalty/gifts', undefined, signal),
  createGift: (body: GiftInput) => api.post<{ gift: Gift }>('/api/loyalty/gifts', body),
  updateGift: (id: string, body: Partial<GiftInput>) => api.patch<{ gift: Gift }>(`/api/loyalty/gifts/${encodeURIComponent(id)}`, body),
  deleteGift: (id: string) => api.delete(`/api/loyalty/gifts/${encodeURIComponent(id)}`),
  customerPoints: (customerId: string, before?: string, signal?: AbortSignal) =>
    api.get<CustomerPoints>(`/api/customers/${encodeURIComponent(customerId)}/points`, { limit: 10, ...(before ? { before } : {}) }, signal),
  adjust: (customerId: string, delta: number, reason: string) => api.post<{ balance: number; entry: PointsEntry }>(`/api/customers/${encodeURIComponent(customerId)}/points/adjust`, { delta, reason }),
  redeem: (customerId: string, giftId: string) => api.post<{ balance: number; entry: PointsEntry }>(`/api/customers/${encodeURIComponent(customerId)}/points/redeem`, { giftId }),
};
