import { EditOutlined, EyeInvisibleOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { formatYuan } from '../conversations/customer-panel-api';
import type { CustomerRecord } from './customers-api';
import { TierBadge } from '../loyalty/tier-badge';

function Contacts({ values, masked }: { values: string[]; masked: boolean }) {
  const t = useT();
  if (values.length === 0) return <>—</>;
  return (
    <Space size={4} wrap>
      {values.map((v) => (
        <Typography.Text key={v} copyable={masked ? false : { text: v }} data-masked={masked ? 'yes' : undefined}>
          {v}
        </Typography.Text>
      ))}
      {masked && (
        <Tooltip title={t('customers.masked')}>
          <EyeInvisibleOutlined style={{ opacity: 0.45 }} aria-label={t('customers.masked')} />
        </Tooltip>
      )}
    </Space>
  );
}

/** 客户档案: who the customer is, how to reach them, what they have spent, and who looks after them. */
export function CustomerProfileCard({ customer: c, onEdit }: { customer: CustomerRecord; onEdit?: () => void }) {
  const t = useT();
  const dash = (v: string | null | undefined) => v || '—';
  return (
    <Card
      title={
        <Flex align="center" gap={8} wrap>
          <span data-testid="customer-record-name">{c.name || c.nickname || c.id}</span>
          {c.name && c.nickname && <Typography.Text type="secondary">({c.nickname})</Typography.Text>}
          <TierBadge tier={c.tier} testId="customer-tier-badge" />
        </Flex>
      }
      extra={onEdit && <Button icon={<EditOutlined />} onClick={onEdit} data-testid="customer-edit">{t('customers.edit')}</Button>}
    >
      <Flex gap={32} wrap style={{ marginBottom: 16 }}>
        <Statistic title={t('customers.field.spend')} value={formatYuan(c.lifetimeSpend)} />
        <Statistic title={t('customers.field.orders')} value={c.orderCount} />
        <Statistic title={t('customers.field.aov')} value={formatYuan(c.averageOrderValue)} />
        <Statistic title={t('customers.field.lastOrder')} value={formatDateTimeShort(c.lastOrderAt) || '—'} />
      </Flex>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 2 }} bordered>
        <Descriptions.Item label={t('customers.field.phones')}><Contacts values={c.phones} masked={c.contactMasked} /></Descriptions.Item>
        <Descriptions.Item label={t('customers.field.emails')}><Contacts values={c.emails} masked={c.contactMasked} /></Descriptions.Item>
        <Descriptions.Item label={t('customers.field.gender')}>{t(`customers.gender.${c.gender}` as MessageKey)}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.birthday')}>{dash(c.birthday)}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.region')}>{dash([c.province, c.city, c.district].filter(Boolean).join(' '))}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.source')}>
          {dash([c.sourcePlatform ? t(`customers.platform.${c.sourcePlatform}` as MessageKey) : null, c.sourceShop].filter(Boolean).join(' · '))}
        </Descriptions.Item>
        <Descriptions.Item label={t('customers.field.firstSeen')}>{formatDateTimeShort(c.firstSeenAt)}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.lastSeen')}>{formatDateTimeShort(c.lastSeenAt)}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.manager')}>{dash(c.accountManager?.name)}</Descriptions.Item>
        <Descriptions.Item label={t('customers.field.identities')}>
          {c.identities.length === 0 ? '—' : c.identities.map((i) => (
            <Tag key={`${i.kind}:${i.platform}:${i.value}`} style={{ marginBottom: 4 }}>
              {i.platform ? t(`customers.platform.${i.platform}` as MessageKey) : t(`customers.identity.${i.kind}` as MessageKey)}: {i.value}
            </Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
