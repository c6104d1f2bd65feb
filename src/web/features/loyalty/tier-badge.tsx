import { Tag } from 'antd';
import { useI18n } from '../../app/i18n-provider';
import type { Tier } from './loyalty-api';

/** A customer's membership tier as the coloured badge agents see, named in the reader's language. */
export function TierBadge({ tierKey, tiers }: { tierKey: string; tiers: Tier[] | undefined }) {
  const { locale } = useI18n();
  const tier = tiers?.find((t) => t.key === tierKey);
  const name = tier ? (locale === 'en' ? tier.nameEn : tier.nameZh) : tierKey;
  return (
    <Tag color={tier?.color ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="loyalty-tier-badge" data-tier={tierKey}>
      {name}
    </Tag>
  );
}
