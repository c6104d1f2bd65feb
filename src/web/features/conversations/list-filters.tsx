import { CrownOutlined, TagsOutlined } from '@ant-design/icons';
import { Flex, Select, theme } from 'antd';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { LabelTag } from '../labels/label-tags';
import { useLabels } from '../labels/use-labels';

const ANY = '__any';
/** The membership tiers (会员等级) of the customer record, lowest first. */
export const TIERS = ['normal', 'advanced', 'vip', 'svip'] as const;

export type ExtraFilters = { label?: string; tier?: string };

/** The second row of list filters: a label and the customer's membership tier. */
export function ListFilters({ value, onChange }: { value: ExtraFilters; onChange: (next: ExtraFilters) => void }) {
  const t = useT();
  const { token } = theme.useToken();
  const { labels } = useLabels();
  const known = labels.some((l) => l.id === value.label);
  return (
    <Flex gap={8} className="sd-conv-filters" style={{ padding: '0 12px 8px' }}>
      <Select
        size="small"
        value={value.label && (known || labels.length === 0) ? value.label : ANY}
        onChange={(v: string) => onChange({ ...value, label: v === ANY ? undefined : v })}
        options={[{ value: ANY, label: t('conv.filter.anyLabel') }, ...labels.map((l) => ({ value: l.id, label: l.name }))]}
        optionRender={(o) => {
          const l = labels.find((x) => x.id === o.value);
          return l ? <LabelTag label={l} /> : o.label;
        }}
        showSearch={{ optionFilterProp: 'label' }}
        suffixIcon={<TagsOutlined style={value.label ? { color: token.colorPrimary } : undefined} />}
        style={{ flex: 1, minWidth: 0 }}
        aria-label={t('conv.filter.label')}
        data-testid="label-filter"
      />
      <Select
        size="small"
        value={value.tier ?? ANY}
        onChange={(v: string) => onChange({ ...value, tier: v === ANY ? undefined : v })}
        options={[{ value: ANY, label: t('conv.filter.anyTier') }, ...TIERS.map((tier) => ({ value: tier, label: t(`conv.tier.${tier}` as MessageKey) }))]}
        suffixIcon={<CrownOutlined style={value.tier ? { color: token.colorPrimary } : undefined} />}
        style={{ flex: 1, minWidth: 0 }}
        aria-label={t('conv.filter.tier')}
        data-testid="tier-filter"
      />
    </Flex>
  );
}
