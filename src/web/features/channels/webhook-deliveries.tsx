import { App, Button, Empty, Flex, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import type { MessageKey } from '../../i18n/messages';
import { webhookDeliveriesApi, type DeliveryStatus, type WebhookDelivery } from './webhook-deliveries-api';

const STATUS: Record<DeliveryStatus, { color: string; label: MessageKey }> = {
  pending: { color: 'processing', label: 'webhook.status.pending' },
  delivered: { color: 'success', label: 'webhook.status.delivered' },
  failed: { color: 'error', label: 'webhook.status.failed' },
};

const EVENTS: Record<string, MessageKey> = {
  'message.created': 'webhook.event.message.created',
};

/**
 * The webhook delivery log of one API inbox: what was sent to the connector, how it went, and a
 * button to send a failed one again. Meant for the inbox's settings page.
 */
export function WebhookDeliveries({ inboxId }: { inboxId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const showError = useShowError();
  const [status, setStatus] = useState<DeliveryStatus | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [retrying, setRetrying] = useState<string | null>(null);

  const filterKey = `${inboxId}|${status ?? ''}`;
  // A "load more" answer is dropped if the inbox or filter changed while it was on its way.
  const filterKeyRef = useRef(filterKey);
  useEffect(() => {
    filterKeyRef.current = filterKey;
  }, [filterKey]);

  const log = useRequest((signal) => webhookDeliveriesApi.list(inboxId, status, undefined, signal), [filterKey]);
  const rows = log.data?.items ?? [];

  const loadMore = async () => {
    const cursor = log.data?.nextCursor;
    if (!cursor) return;
    const requestedFor = filterKey;
    setLoadingMore(true);
    try {
      const page = await webhookDeliveriesApi.list(inboxId, status, cursor);
      if (filterKeyRef.current !== requestedFor) return;
      log.setData((current) => (current ? { items: [...current.items, ...page.items], nextCursor: page.nextCursor } : page));
    } catch (err) {
      showError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  const retry = async (delivery: WebhookDelivery) => {
    setRetrying(delivery.id);
    try {
      const updated = await webhookDeliveriesApi.retry(delivery.id);
      log.setData((current) => current && { ...current, items: current.items.map((d) => (d.id === updated.id ? updated : d)) });
      message.success(t('webhook.retried'));
    } catch (err) {
      showError(err);
    } finally {
      setRetrying(null);
    }
  };

  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const columns: TableColumnsType<WebhookDelivery> = [
    {
      title: t('webhook.col.time'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
    },
    {
      title: t('webhook.col.event'),
      dataIndex: 'event',
      key: 'event',
      width: 130,
      render: (v: string) => (EVENTS[v] ? <Tooltip title={v}>{t(EVENTS[v])}</Tooltip> : <Typography.Text code>{v}</Typography.Text>),
    },
    {
      title: t('webhook.col.status'),
      key: 'status',
      width: 200,
      render: (_, d) => (
        <Space orientation="vertical" size={0}>
          <Tag color={STATUS[d.status].color}>{t(STATUS[d.status].label)}</Tag>
          {d.status === 'pending' && d.nextAttemptAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('webhook.nextAttempt', { time: formatDateTime(d.nextAttemptAt) })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('webhook.col.attempts'),
      dataIndex: 'attempts',
      key: 'attempts',
      width: 90,
      align: 'right',
      render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span>,
    },
    {
      title: t('webhook.col.statusCode'),
      dataIndex: 'lastStatusCode',
      key: 'lastStatusCode',
      width: 100,
      align: 'right',
      render: (v: number | null) => (v === null ? dash : <Typography.Text type={v >= 200 && v < 300 ? undefined : 'danger'} style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</Typography.Text>),
    },
    {
      title: t('webhook.col.error'),
      dataIndex: 'lastError',
      key: 'lastError',
      ellipsis: { showTitle: false },
      render: (v: string | null) => (v ? <Tooltip title={v}><Typography.Text type="danger">{v}</Typography.Text></Tooltip> : dash),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, d) =>
        d.status === 'failed' ? (
          <Button size="small" onClick={() => void retry(d)} loading={retrying === d.id} data-testid={`webhook-retry-${d.id}`}>
            {t('webhook.retry')}
          </Button>
        ) : null,
    },
  ];

  return (
    <div data-testid="webhook-deliveries">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('webhook.subtitle')}</Typography.Text>
        <Space>
          <Select<DeliveryStatus | 'all'>
            style={{ width: 140 }}
            value={status ?? 'all'}
            onChange={(v) => setStatus(v === 'all' ? undefined : v)}
            options={[
              { value: 'all', label: t('webhook.status.all') },
              ...(Object.keys(STATUS) as DeliveryStatus[]).map((s) => ({ value: s, label: t(STATUS[s].label) })),
            ]}
          />
          <Button icon={<ReloadOutlined />} onClick={log.reload} loading={log.loading && rows.length > 0}>
            {t('common.refresh')}
          </Button>
        </Space>
      </Flex>
      {log.error && !log.data ? (
        <LoadError message={errorText(log.error)} onRetry={log.reload} />
      ) : (
        <>
          <Table<WebhookDelivery>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={log.loading}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 760 }}
            expandable={{
              expandedRowRender: (d) => (
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Typography.Text type="secondary">
                    {t('webhook.deliveryId')}: <Typography.Text copyable>{d.id}</Typography.Text>
                  </Typography.Text>
                  {d.url && (
                    <Typography.Text type="secondary">
                      {t('webhook.url')}: <Typography.Text>{d.url}</Typography.Text>
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary">{t('webhook.payload')}</Typography.Text>
                  <pre className="sd-json">{JSON.stringify(d.payload, null, 2)}</pre>
                </Space>
              ),
              columnWidth: 48,
            }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('webhook.empty')} /> }}
          />
          {rows.length > 0 && (
            <Flex justify="center" style={{ marginTop: 12 }}>
              {log.data?.nextCursor ? (
                <Button onClick={() => void loadMore()} loading={loadingMore} disabled={log.loading}>
                  {t('common.loadMore')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
              )}
            </Flex>
          )}
        </>
      )}
    </div>
  );
}
