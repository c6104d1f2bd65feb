import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { loyaltyApi, type Tier } from './loyalty-api';

// The account's membership tiers (会员等级), read once per page load and shared by every badge on
// the page; saving the tiers drops them, so the badges follow a rename at once.
let catalog: Promise<Tier[]> | null = null;
let loaded: Tier[] | undefined;
const listeners = new Set<(tiers: Tier[] | undefined) => void>();

function load(): Promise<Tier[]> {
  catalog ??= loyaltyApi.tiers().then(
    (r) => {
      loaded = r.items;
      for (const l of listeners) l(loaded);
      return r.items;
    },
    (err: unknown) => {
      catalog = null; // the next badge asks again
      throw err;
    },
  );
  return catalog;
}

/** After the tiers were saved: every badge reads them again. */
export function forgetTierCatalog(saved?: Tier[]): void {
  catalog = saved ? Promise.resolve(saved) : null;
  loaded = saved;
  for (const l of listeners) l(loaded);
  if (!saved) void load().catch(() => {});
}

export function useTierCatalog(): Tier[] | undefined {
  const [tiers, setTiers] = useState(loaded);
  useEffect(() => {
    listeners.add(setTiers);
    void load().catch(() => {});
    return () => void listeners.delete(setTiers);
  }, []);
  return tiers;
}

const BUILT_IN_COLORS: Record<string, string> = { normal: 'default', advanced: 'blue', vip: 'gold', svip: 'purple' };

/**
 * A customer's membership tier as the coloured badge agents see, named and coloured as the shop set
 * its tiers up (a custom tier by its own name), in the reader's language. Until the tiers are read,
 * the four built-in ones of seed 003 are named from the dictionary.
 */
export function TierBadge({ tier, testId = 'tier-badge' }: { tier: string; testId?: string }) {
  const { locale, t } = useI18n();
  const tiers = useTierCatalog();
  const found = tiers?.find((x) => x.key === tier);
  const name = found ? (locale === 'en' ? found.nameEn : found.nameZh) : tier in BUILT_IN_COLORS ? t(`customers.tier.${tier}` as MessageKey) : tier;
  return (
    <Tag color={found?.color ?? BUILT_IN_COLORS[tier] ?? 'default'} style={{ marginInlineEnd: 0, flex: 'none' }} data-testid={testId} data-tier={tier}>
      {name}
    </Tag>
  );
}
