import { Tag } from 'antd';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { KNOWN_TIERS } from './customers-api';

const TIER_COLORS: Record<string, string> = { normal: 'default', advanced: 'blue', vip: 'gold', svip: 'purple' };

/** The membership tier (会员等级) as a coloured badge: 普通会员, 高级会员, VIP会员, 至尊VIP会员. */
export function TierBadge({ tier }: { tier: string }) {
  const t = useT();
  const known = (KNOWN_TIERS as readonly string[]).includes(tier);
  return (
    <Tag color={TIER_COLORS[tier] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="customer-tier-badge" data-tier={tier}>
      {known ? t(`customers.tier.${tier}` as MessageKey) : tier}
    </Tag>
  );
}
