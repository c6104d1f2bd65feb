import { EyeInvisibleOutlined, LeftOutlined, PlusOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useShowError } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { formatYuan } from '../conversations/customer-panel-api';
import { CustomerFilters, EMPTY_FILTERS, type CustomerFilterValues } from './customer-filters';
import { CustomerFormModal } from './customer-form-modal';
import { customersApi, type CustomerListItem, type CustomerListQuery, type CustomerSort, type SortDirection } from './customers-api';
import { TierBadge } from '../loyalty/tier-badge';

const PAGE_SIZE = 20;
const SORT_OF_COLUMN: Record<string, CustomerSort> = { lastOrderAt: 'last_order', lifetimeSpend: 'lifetime_spend', createdAt: 'created' };

function queryOf(f: CustomerFilterValues, sort: CustomerSort, direction: SortDirection, cursor: string | undefined): CustomerListQuery {
  return {
    q: f.q || undefined,
    nameMatch: f.contains ? 'contains' : 'prefix',
    tag: f.tag || undefined,
    tier: f.tier,
    spendMin: f.spendMin != null ? f.spendMin.toFixed(2) : undefined,
    spendMax: f.spendMax != null ? f.spendMax.toFixed(2) : undefined,
    lastOrderFrom: f.lastOrder?.[0],
    lastOrderTo: f.lastOrder?.[1],
    attribute: f.attributeKey && f.attributeValue ? `${f.attributeKey}:${f.attributeValue}` : undefined,
    sort,
    direction,
    cursor,
    limit: PAGE_SIZE,
  };
}

/** 客户: the shop's customers, searched and filtered, in keyset pages (first / previous / next). */
export function CustomersPage() {
  const t = useT();
  useDocumentTitle(t('nav.customers'));
  const { can } = useAuth();
  const navigate = useNavigate();
  const showError = useShowError();
  const [filters, setFiltersState] = useState<CustomerFilterValues>(EMPTY_FILTERS);
  const [sort, setSort] = useState<CustomerSort>('last_order');
  const [direction, setDirection] = useState<SortDirection>('desc');
  // The cursors of the pages before the current one: keyset pages go back by remembering them.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [creating, setCreating] = useState(false);
  const cursor = cursors[cursors.length - 1];
  const attributes = useRequest((signal) => customersApi.attributes(signal).then((r) => r.items), []);
  const page = useRequest((signal) => customersApi.list(queryOf(filters, sort, direction, cursor), signal), [filters, sort, direction, cursor]);
  useEffect(() => {
    if (page.error) showError(page.error);
  }, [page.error, showError]);

  const setFilters = (next: CustomerFilterValues) => {
    setFiltersState(next);
    setCursors([undefined]);
  };

  const onTableChange = (sorter: SorterResult<CustomerListItem> | SorterResult<CustomerListItem>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const next = SORT_OF_COLUMN[String(s?.columnKey ?? '')];
    if (!next || !s.order) {
      setSort('last_order');
      setDirection('desc');
    } else {
      setSort(next);
      setDirection(s.order === 'ascend' ? 'asc' : 'desc');
    }
    setCursors([undefined]);
  };

  const sortOrder = (key: string) => (SORT_OF_COLUMN[key] === sort ? (direction === 'asc' ? 'ascend' : 'descend') : null);

  const columns = useMemo<ColumnsType<CustomerListItem>>(
    () => [
      {
        key: 'customer',
        title: t('customers.col.customer'),
        render: (_, c) => (
          <Flex vertical>
            <Link to={`/customers/${encodeURIComponent(c.id)}`} data-testid={`customer-link-${c.id}`}>
              {c.name || c.nickname || c.id}
            </Link>
            {c.name && c.nickname && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.nickname}</Typography.Text>}
          </Flex>
        ),
      },
      {
        key: 'phone',
        title: t('customers.col.phone'),
        render: (_, c) => (
          <span data-testid="customer-phone">
            {c.phone ?? '—'}
            {c.contactMasked && c.phone && (
              <Tooltip title={t('customers.masked')}>
                <EyeInvisibleOutlined style={{ marginInlineStart: 4, opacity: 0.45 }} />
              </Tooltip>
            )}
          </span>
        ),
      },
      { key: 'tier', title: t('customers.col.tier'), render: (_, c) => <TierBadge tier={c.tier} testId="customer-tier-badge" /> },
      { key: 'tags', title: t('customers.col.tags'), render: (_, c) => c.tags.slice(0, 3).map((tag) => <Tag key={tag}>{tag}</Tag>) },
      { key: 'lifetimeSpend', title: t('customers.col.spend'), align: 'right', sorter: true, sortOrder: sortOrder('lifetimeSpend'), sortDirections: ['descend', 'ascend'], render: (_, c) => formatYuan(c.lifetimeSpend) },
      { key: 'orders', title: t('customers.col.orders'), align: 'right', render: (_, c) => c.orderCount },
      { key: 'lastOrderAt', title: t('customers.col.lastOrder'), sorter: true, sortOrder: sortOrder('lastOrderAt'), sortDirections: ['descend', 'ascend'], render: (_, c) => formatDateTimeShort(c.lastOrderAt) || '—' },
      { key: 'region', title: t('customers.col.region'), responsive: ['xl'], render: (_, c) => [c.province, c.city].filter(Boolean).join(' ') || '—' },
      { key: 'createdAt', title: t('customers.col.created'), responsive: ['lg'], sorter: true, sortOrder: sortOrder('createdAt'), sortDirections: ['descend', 'ascend'], render: (_, c) => formatDateTimeShort(c.createdAt) },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, sort, direction],
  );

  const next = page.data?.nextCursor ?? null;
  return (
    <>
      <PageHeader
        title={t('nav.customers')}
        subtitle={t('customers.subtitle')}
        extra={can('customers.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-create">
            {t('customers.create')}
          </Button>
        )}
      />
      <Card>
        <CustomerFilters values={filters} attributes={attributes.data ?? []} onChange={setFilters} />
        <Table<CustomerListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={page.data?.items ?? []}
          loading={page.loading}
          pagination={false}
          onChange={(_p, _f, sorter) => onTableChange(sorter)}
          locale={{ emptyText: t('customers.empty') }}
          scroll={{ x: 900 }}
          data-testid="customer-table"
        />
        <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
          <Button icon={<VerticalRightOutlined />} disabled={cursors.length === 1} onClick={() => setCursors([undefined])}>
            {t('customers.firstPage')}
          </Button>
          <Button icon={<LeftOutlined />} disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))} aria-label={t('customers.prevPage')} title={t('customers.prevPage')} />
          <Button disabled={!next} onClick={() => next && setCursors((c) => [...c, next])} data-testid="customer-next-page">
            {t('customers.nextPage')} <RightOutlined />
          </Button>
        </Flex>
      </Card>
      {creating && (
        <CustomerFormModal
          attributes={attributes.data ?? []}
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            navigate(`/customers/${encodeURIComponent(c.id)}`);
          }}
        />
      )}
    </>
  );
}
