import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { OrderWebhookCard } from './order-webhook-card';
import { MARKETPLACES, ORDER_STATUSES, ordersApi, type OrderDetail, type OrdersFilter, type OrderStatus, type OrderSummary } from './orders-api';

export const STATUS_COLORS: Record<OrderStatus, string> = { unpaid: 'default', paid: 'blue', shipped: 'cyan', completed: 'green', refunded: 'orange', closed: 'default' };

/** 订单: every order of the shop, newest placed first, with filters and the lines of an expanded order. */
export function OrdersPage() {
  const t = useT();
  const navigate = useNavigate();
  const { can } = useAuth();
  const showError = useShowError();
  const errorText = useErrorText();
  const [filter, setFilter] = useState<OrdersFilter>({});
  const [rows, setRows] = useState<OrderSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [details, setDetails] = useState<Record<string, OrderDetail>>({});
  const first = useRequest((signal) => ordersApi.list(filter, null, signal), [filter]);

  useEffect(() => {
    setRows(first.data?.items ?? []);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  const loadMore = async () => {
    try {
      const page = await ordersApi.list(filter, cursor);
      setRows((r) => [...r, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      showError(err);
    }
  };
  const expand = async (expanded: boolean, row: OrderSummary) => {
    if (!expanded || details[row.id]) return;
    try {
      const order = await ordersApi.get(row.id);
      setDetails((d) => ({ ...d, [row.id]: order }));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<OrderSummary> = [
    { title: t('orders.col.platformOrderId'), dataIndex: 'platformOrderId', key: 'pid', render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
    { title: t('orders.col.platform'), dataIndex: 'platform', key: 'platform', render: (v: OrderSummary['platform']) => t(`orders.platform.${v}`) },
    { title: t('orders.col.customer'), dataIndex: 'customerName', key: 'customer', render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> },
    { title: t('orders.col.status'), dataIndex: 'status', key: 'status', render: (v: OrderStatus) => <Tag color={STATUS_COLORS[v]}>{t(`orders.status.${v}`)}</Tag> },
    { title: t('orders.col.paidTotal'), dataIndex: 'paidTotal', key: 'paid', align: 'right', render: (v: string) => `¥${v}` },
    { title: t('orders.col.placedAt'), dataIndex: 'placedAt', key: 'placedAt', render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.orders')}
        subtitle={t('orders.subtitle')}
        extra={can('orders.import') && <Button type="primary" icon={<UploadOutlined />} onClick={() => navigate('/orders/import')}>{t('orders.import')}</Button>}
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('orders.search')} style={{ width: 240 }} onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim() || undefined }))} />
          <Select allowClear placeholder={t('orders.filter.status')} style={{ width: 140 }} value={filter.status} onChange={(status) => setFilter((f) => ({ ...f, status }))}
            options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))} />
          <Select allowClear placeholder={t('orders.filter.platform')} style={{ width: 140 }} value={filter.platform} onChange={(platform) => setFilter((f) => ({ ...f, platform }))}
            options={MARKETPLACES.map((p) => ({ value: p, label: t(`orders.platform.${p}`) }))} />
        </Flex>
        {first.error ? (
          <LoadError message={errorText(first.error)} onRetry={first.reload} />
        ) : (
          <Table
            rowKey="id"
            size="middle"
            loading={first.loading}
            columns={columns}
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: <Empty description={t('orders.empty')} /> }}
            expandable={{ onExpand: expand, expandedRowRender: (row) => <OrderLines order={details[row.id]} /> }}
          />
        )}
        {cursor && (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Button onClick={loadMore}>{t('orders.loadMore')}</Button>
          </Flex>
        )}
      </Card>
      {can('tokens.manage') && <OrderWebhookCard />}
    </>
  );
}

function OrderLines({ order }: { order: OrderDetail | undefined }) {
  const t = useT();
  if (!order) return null;
  return (
    <Descriptions size="small" column={1} title={t('orders.items')}>
      {order.items.map((i) => (
        <Descriptions.Item key={i.id} label={i.sku ?? '—'}>
          {i.name} × {i.quantity} · ¥{i.unitPrice} → ¥{i.lineTotal}
        </Descriptions.Item>
      ))}
      <Descriptions.Item label={t('orders.col.paidTotal')}>
        {t('orders.amounts', { items: order.itemTotal, discount: order.discountTotal, shipping: order.shippingFee, paid: order.paidTotal })}
      </Descriptions.Item>
    </Descriptions>
  );
}
