import type { DowngradePolicy, SpendBasis, TierMatch } from './tiers.tables.ts';

export type TierDefinition = {
  key: string;
  nameZh: string;
  nameEn: string;
  color: string;
  spendBasis: SpendBasis;
  minSpend: string | null;
  minOrders: number | null;
  match: TierMatch;
  discountRate: number;
  pointsMultiplier: number;
  privileges: string;
  downgradePolicy: DowngradePolicy;
};

/**
 * The four tiers of the Taobao member tool that seed 003 describes (普通会员、高级会员、VIP会员、至尊VIP会员,
 * "by spend and order count"), lowest first, with thresholds a small shop can start from.
 */
export const DEFAULT_TIERS: TierDefinition[] = [
  { key: 'normal', nameZh: '普通会员', nameEn: 'Member', color: 'default', spendBasis: 'lifetime', minSpend: null, minOrders: null, match: 'any', discountRate: 1, pointsMultiplier: 1, privileges: '', downgradePolicy: 'never' },
  { key: 'advanced', nameZh: '高级会员', nameEn: 'Advanced', color: 'blue', spendBasis: 'lifetime', minSpend: '1000.00', minOrders: 3, match: 'any', discountRate: 0.98, pointsMultiplier: 1.2, privileges: '会员价 98 折', downgradePolicy: 'never' },
  { key: 'vip', nameZh: 'VIP会员', nameEn: 'VIP', color: 'gold', spendBasis: 'lifetime', minSpend: '5000.00', minOrders: 10, match: 'any', discountRate: 0.95, pointsMultiplier: 1.5, privileges: '95 折；优先发货', downgradePolicy: 'never' },
  { key: 'svip', nameZh: '至尊VIP会员', nameEn: 'Supreme VIP', color: 'purple', spendBasis: 'lifetime', minSpend: '20000.00', minOrders: 30, match: 'any', discountRate: 0.9, pointsMultiplier: 2, privileges: '9 折；专属客服；生日礼', downgradePolicy: 'never' },
];
