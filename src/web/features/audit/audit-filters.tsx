import { ReloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Select, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { AuditAction, User } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import type { AuditFilters } from './audit-api';

export type DateRange = [Dayjs, Dayjs] | null;

type Props = {
  action?: string;
  actorId?: string;
  range: DateRange;
  actions: AuditAction[];
  actors: User[] | null;
  loadingOptions: boolean;
  onAction: (action?: string) => void;
  onActor: (actorId?: string) => void;
  onRange: (range: DateRange) => void;
  onRefresh: () => void;
};

/** Whole local days: from the start of the first to the start of the day after the last (the API's `to` is exclusive). */
export function rangeToFilters(range: DateRange): Pick<AuditFilters, 'from' | 'to'> {
  if (!range) return {};
  return { from: range[0].startOf('day').toISOString(), to: range[1].add(1, 'day').startOf('day').toISOString() };
}

export function AuditFiltersBar({ action, actorId, range, actions, actors, loadingOptions, onAction, onActor, onRange, onRefresh }: Props) {
  const t = useT();
  const today = dayjs();
  return (
    <Flex gap={12} wrap style={{ marginBottom: 16 }}>
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('audit.allActions')}
        value={action}
        onChange={onAction}
        loading={loadingOptions}
        options={actions.map((a) => ({ value: a.key, label: a.label }))}
        style={{ width: 200 }}
        data-testid="audit-action-filter"
      />
      {actors && (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.allActors')}
          value={actorId}
          onChange={onActor}
          options={actors.map((u) => ({ value: u.id, label: u.displayName ? `${u.name}（${u.displayName}）` : u.name }))}
          style={{ width: 200 }}
          data-testid="audit-actor-filter"
        />
      )}
      <DatePicker.RangePicker
        value={range}
        onChange={(value) => onRange(value && value[0] && value[1] ? [value[0], value[1]] : null)}
        disabledDate={(d) => d.isAfter(today, 'day')}
        presets={[
          { label: t('audit.preset.today'), value: [today.startOf('day'), today.endOf('day')] },
          { label: t('audit.preset.7d'), value: [today.subtract(6, 'day').startOf('day'), today.endOf('day')] },
          { label: t('audit.preset.30d'), value: [today.subtract(29, 'day').startOf('day'), today.endOf('day')] },
        ]}
        allowClear
        data-testid="audit-range-filter"
      />
      <Tooltip title={t('common.refresh')}>
        <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label={t('common.refresh')} />
      </Tooltip>
    </Flex>
  );
}
