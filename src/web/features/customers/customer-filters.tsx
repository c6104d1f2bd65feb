import { Button, Checkbox, DatePicker, Flex, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { KNOWN_TIERS, type AttributeDefinition } from './customers-api';

export type CustomerFilterValues = {
  q: string;
  contains: boolean;
  tag: string;
  tier: string | undefined;
  spendMin: number | null;
  spendMax: number | null;
  lastOrder: [string, string] | null;
  attributeKey: string | undefined;
  attributeValue: string;
};

export const EMPTY_FILTERS: CustomerFilterValues = { q: '', contains: false, tag: '', tier: undefined, spendMin: null, spendMax: null, lastOrder: null, attributeKey: undefined, attributeValue: '' };

type Props = {
  values: CustomerFilterValues;
  attributes: AttributeDefinition[];
  onChange: (next: CustomerFilterValues) => void;
};

/** The search box (names, phones, a phone's last 4 digits, emails) and the filters of the customer list. */
export function CustomerFilters({ values, attributes, onChange }: Props) {
  const t = useT();
  const set = (patch: Partial<CustomerFilterValues>) => onChange({ ...values, ...patch });
  const attribute = attributes.find((a) => a.key === values.attributeKey);
  const range: [Dayjs, Dayjs] | null = values.lastOrder ? [dayjs(values.lastOrder[0]), dayjs(values.lastOrder[1])] : null;
  return (
    <Flex vertical gap={12} style={{ marginBottom: 16 }}>
      <Flex gap={12} wrap align="center">
        <Input.Search
          allowClear
          defaultValue={values.q}
          placeholder={t('customers.search.placeholder')}
          title={t('customers.search.hint')}
          onSearch={(q) => set({ q: q.trim() })}
          style={{ width: 340 }}
          data-testid="customer-search"
        />
        <Checkbox checked={values.contains} onChange={(e) => set({ contains: e.target.checked })} data-testid="customer-search-contains">
          {t('customers.search.contains')}
        </Checkbox>
        <Select
          allowClear
          placeholder={t('customers.filter.tier')}
          value={values.tier}
          onChange={(tier) => set({ tier })}
          options={KNOWN_TIERS.map((k) => ({ value: k, label: t(`customers.tier.${k}` as MessageKey) }))}
          style={{ width: 150 }}
          data-testid="customer-filter-tier"
        />
        <Input.Search allowClear placeholder={t('customers.filter.tag')} defaultValue={values.tag} onSearch={(tag) => set({ tag: tag.trim() })} style={{ width: 160 }} data-testid="customer-filter-tag" />
      </Flex>
      <Flex gap={12} wrap align="center">
        <Space.Compact>
          <InputNumber min={0} precision={2} placeholder={`${t('customers.filter.spend')} ${t('customers.filter.spendMin')}`} value={values.spendMin} onChange={(v) => set({ spendMin: v })} style={{ width: 170 }} />
          <InputNumber min={0} precision={2} placeholder={t('customers.filter.spendMax')} value={values.spendMax} onChange={(v) => set({ spendMax: v })} style={{ width: 110 }} />
        </Space.Compact>
        <DatePicker.RangePicker
          value={range}
          placeholder={[t('customers.filter.lastOrder'), t('customers.filter.lastOrder')]}
          onChange={(r) => set({ lastOrder: r && r[0] && r[1] ? [r[0].startOf('day').toISOString(), r[1].add(1, 'day').startOf('day').toISOString()] : null })}
        />
        {attributes.length > 0 && (
          <Space.Compact>
            <Select
              allowClear
              placeholder={t('customers.filter.attribute')}
              value={values.attributeKey}
              onChange={(attributeKey) => set({ attributeKey, attributeValue: '' })}
              options={attributes.map((a) => ({ value: a.key, label: a.label }))}
              style={{ width: 140 }}
              data-testid="customer-filter-attribute"
            />
            {attribute && (attribute.type === 'select' || attribute.type === 'multi_select') ? (
              <Select value={values.attributeValue || undefined} placeholder={t('customers.filter.attributeValue')} onChange={(attributeValue) => set({ attributeValue })} options={attribute.options.map((o) => ({ value: o, label: o }))} style={{ width: 140 }} />
            ) : (
              <Input.Search placeholder={t('customers.filter.attributeValue')} disabled={!attribute} defaultValue={values.attributeValue} onSearch={(v) => set({ attributeValue: v.trim() })} style={{ width: 160 }} />
            )}
          </Space.Compact>
        )}
        <Button onClick={() => onChange(EMPTY_FILTERS)}>{t('customers.filter.reset')}</Button>
      </Flex>
    </Flex>
  );
}
