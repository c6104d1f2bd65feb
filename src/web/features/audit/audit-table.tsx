import { Descriptions, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { AuditEntry } from '../../app/api-types';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';

const TARGET_TYPES: Record<string, MessageKey> = {
  user: 'audit.targetType.user',
  invitation: 'audit.targetType.invitation',
  api_token: 'audit.targetType.api_token',
  account: 'audit.targetType.account',
};

type Props = {
  entries: AuditEntry[];
  loading: boolean;
  /** The label of an action in the current language, from the actions list; the entry's own label otherwise. */
  actionLabel: (entry: AuditEntry) => string;
};

function AuditDetails({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const hasData = Object.keys(entry.data ?? {}).length > 0;
  if (!hasData && !entry.userAgent) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;
  return (
    <Descriptions
      size="small"
      column={1}
      styles={{ label: { width: 120 } }}
      items={[
        ...(entry.userAgent ? [{ key: 'ua', label: t('audit.userAgent'), children: <Typography.Text type="secondary">{entry.userAgent}</Typography.Text> }] : []),
        ...(hasData ? [{ key: 'data', label: t('audit.data'), children: <pre className="sd-json">{JSON.stringify(entry.data, null, 2)}</pre> }] : []),
      ]}
    />
  );
}

export function AuditTable({ entries, loading, actionLabel }: Props) {
  const t = useT();
  const dash = <Typography.Text type="secondary">—</Typography.Text>;

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.col.time'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
    },
    {
      title: t('audit.col.actor'),
      key: 'actor',
      width: 200,
      ellipsis: true,
      render: (_, entry) => {
        const actor = entry.actor;
        if (!actor || actor.type === 'system') {
          return (
            <Space size={4}>
              <Tag>{t('audit.actor.system')}</Tag>
              {actor && actor.name !== 'system' && <Typography.Text type="secondary">{actor.name}</Typography.Text>}
            </Space>
          );
        }
        return (
          <Space size={4}>
            {actor.type === 'token' && <Tag color="purple">{t('audit.actor.token')}</Tag>}
            <span>{actor.name}</span>
          </Space>
        );
      },
    },
    {
      title: t('audit.col.action'),
      key: 'action',
      width: 180,
      render: (_, entry) => (
        <Typography.Text strong={entry.action.includes('failed') || entry.action.includes('revoked') || entry.action.includes('deactivated')}>
          {actionLabel(entry)}
        </Typography.Text>
      ),
    },
    {
      title: t('audit.col.target'),
      key: 'target',
      render: (_, entry) => {
        if (!entry.targetType && !entry.targetLabel && !entry.targetId) return dash;
        const type = entry.targetType ? (TARGET_TYPES[entry.targetType] ? t(TARGET_TYPES[entry.targetType]) : entry.targetType) : null;
        return (
          <Space size={4}>
            {type && <Typography.Text type="secondary">{type}</Typography.Text>}
            <span>{entry.targetLabel ?? entry.targetId}</span>
          </Space>
        );
      },
    },
    {
      title: t('audit.col.ip'),
      dataIndex: 'ip',
      key: 'ip',
      width: 150,
      render: (v: string | null) => (v ? <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</Typography.Text> : dash),
    },
  ];

  return (
    <Table<AuditEntry>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={entries}
      loading={loading}
      pagination={false}
      // No scroll.x here: with max-content, an expanded row's JSON would stretch the table without bound.
      tableLayout="fixed"
      expandable={{
        expandedRowRender: (entry) => <AuditDetails entry={entry} />,
        columnTitle: t('audit.details'),
        columnWidth: 64,
      }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} /> }}
      data-testid="audit-table"
    />
  );
}
