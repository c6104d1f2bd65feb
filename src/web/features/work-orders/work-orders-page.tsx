import { LeftOutlined, PlusOutlined, RightOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Segmented, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { useDebounced } from './use-debounced';
import { WorkOrderCreateModal } from './work-order-create-modal';
import { EscalationBadge, SlaCountdown, WorkOrderPriorityTag, WorkOrderStatusTag } from './work-order-tags';
import { WORK_ORDER_STATUSES, workOrdersApi, type WorkOrderListItem, type WorkOrderStatus, type WorkOrderView } from './work-orders-api';
import './work-orders.css';

const PAGE_SIZE = 30;
const VIEW_KEY = 'shopdesk.workOrders.view';
type StatusFilter = WorkOrderStatus | 'active' | 'any';

function storedView(canAll: boolean): WorkOrderView {
  try {
    const v = window.localStorage.getItem(VIEW_KEY);
    if (v === 'mine' || v === 'team' || v === 'watching' || (v === 'all' && canAll)) return v;
  } catch {
    // No storage: the default view.
  }
  // Operations staff start on their teams' queue; everyone else on every work order.
  return canAll ? 'all' : 'team';
}

/** 工单: mine, my teams', every one, or the ones I watch; filtered by status, type and a search. */
export function WorkOrdersPage() {
  const t = useT();
  useDocumentTitle(t('nav.workOrders'));
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const canAll = can('work_orders.read_all');
  const [view, setViewState] = useState<WorkOrderView>(() => storedView(canAll));
  const [status, setStatus] = useState<StatusFilter>('active');
  const [typeId, setTypeId] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [creating, setCreating] = useState(false);
  const cursor = cursors[cursors.length - 1];

  const types = useRequest((signal) => workOrdersApi.types(signal), []);
  const page = useRequest(
    (signal) => workOrdersApi.list({ view, status: status === 'any' ? undefined : status, typeId, q: q || undefined, cursor, limit: PAGE_SIZE }, signal),
    [view, status, typeId, q, cursor],
  );
  const refresh = useDebounced(page.reload, 500);
  useRealtime('work_order.changed', refresh);
  // Countdowns follow working hours: a fresh reading every minute starts or stops them on time.
  useEffect(() => {
    const timer = setInterval(() => page.reload(), 60_000);
    return () => clearInterval(timer);
  }, [page.reload]);
  useRealtimeResync(page.reload);

  const reset = () => setCursors([undefined]);
  const setView = (v: WorkOrderView) => {
    setViewState(v);
    reset();
    try {
      window.localStorage.setItem(VIEW_KEY, v);
    } catch {
      // The default view next time: harmless.
    }
  };

  const views: { value: WorkOrderView; label: string }[] = [
    { value: 'mine', label: t('wo.view.mine') },
    { value: 'team', label: t('wo.view.team') },
    ...(canAll ? [{ value: 'all' as const, label: t('wo.view.all') }] : []),
    { value: 'watching', label: t('wo.view.watching') },
  ];

  const columns = useMemo<TableColumnsType<WorkOrderListItem>>(
    () => [
      {
        key: 'number',
        title: t('wo.col.number'),
        width: 76,
        render: (_, w) => (
          <Link to={`/work-orders/${encodeURIComponent(w.id)}`} data-testid="work-order-number">
            #{w.number}
          </Link>
        ),
      },
      {
        key: 'title',
        title: t('wo.col.title'),
        render: (_, w) => (
          <Flex vertical style={{ minWidth: 0 }}>
            <Link to={`/work-orders/${encodeURIComponent(w.id)}`} className="sd-wo-title-link" title={w.title}>
              {w.title}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {w.isTracker && (
                <Tag color="geekblue" bordered={false} style={{ fontSize: 11, lineHeight: '16px', paddingInline: 4, marginInlineEnd: 4 }}>
                  {t('wo.tracker')}
                </Tag>
              )}
              {t('wo.col.updated', { time: formatDateTimeShort(w.updatedAt) })}
            </Typography.Text>
          </Flex>
        ),
      },
      { key: 'type', title: t('wo.col.type'), width: 110, ellipsis: true, render: (_, w) => w.typeName },
      { key: 'priority', title: t('wo.col.priority'), width: 76, render: (_, w) => <WorkOrderPriorityTag priority={w.priority} /> },
      { key: 'status', title: t('wo.col.status'), width: 118, render: (_, w) => <WorkOrderStatusTag status={w.status} /> },
      {
        key: 'owner',
        title: t('wo.col.owner'),
        width: 130,
        render: (_, w) => (
          <Flex vertical style={{ minWidth: 0 }}>
            <Typography.Text ellipsis style={{ fontSize: 13 }}>
              {w.team?.name ?? <Typography.Text type="secondary">{t('wo.noTeam')}</Typography.Text>}
            </Typography.Text>
            <Typography.Text ellipsis type={w.assignee ? 'secondary' : 'warning'} style={{ fontSize: 12 }}>
              {w.assignee?.name ?? t('wo.unassigned')}
            </Typography.Text>
          </Flex>
        ),
      },
      {
        key: 'customer',
        title: t('wo.col.customer'),
        width: 110,
        ellipsis: true,
        render: (_, w) =>
          w.customer ? (
            can('customers.read') ? (
              <Link to={`/customers/${encodeURIComponent(w.customer.id)}`}>{w.customer.name ?? t('wo.customer.unnamed')}</Link>
            ) : (
              w.customer.name ?? t('wo.customer.unnamed')
            )
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          ),
      },
      {
        key: 'sla',
        title: t('wo.col.sla'),
        width: 160,
        render: (_, w) => (
          <Flex vertical gap={2} align="flex-start">
            {w.sla ? <SlaCountdown clock={w.sla} targetMinutes={w.sla.targetMinutes} /> : <Typography.Text type="secondary">—</Typography.Text>}
            <EscalationBadge level={w.escalationLevel} />
          </Flex>
        ),
      },
    ],
    [t, can],
  );

  const next = page.data?.nextCursor ?? null;
  return (
    <>
      <PageHeader
        title={t('nav.workOrders')}
        subtitle={t('wo.subtitle')}
        extra={
          can('work_orders.work') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="work-orders-new">
              {t('wo.new')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented<WorkOrderView> value={view} onChange={setView} options={views} data-testid="work-orders-view" />
          <Select<StatusFilter>
            style={{ width: 150 }}
            value={status}
            onChange={(s) => {
              setStatus(s);
              reset();
            }}
            options={[
              { value: 'active', label: t('wo.filter.active') },
              { value: 'any', label: t('wo.filter.anyStatus') },
              ...WORK_ORDER_STATUSES.map((s) => ({ value: s, label: t(`wo.status.${s}`) })),
            ]}
            data-testid="work-orders-status"
          />
          <Select
            style={{ width: 160 }}
            allowClear
            placeholder={t('wo.filter.anyType')}
            value={typeId}
            onChange={(v) => {
              setTypeId(v);
              reset();
            }}
            loading={types.loading}
            options={(types.data ?? []).map((ty) => ({ value: ty.id, label: ty.archived ? `${ty.name}（${t('wo.type.archived')}）` : ty.name }))}
            data-testid="work-orders-type"
          />
          <Input.Search
            style={{ width: 240 }}
            allowClear
            placeholder={t('wo.filter.search')}
            onSearch={(v) => {
              setQ(v.trim());
              reset();
            }}
            data-testid="work-orders-search"
          />
        </Flex>
        {page.error && !page.data ? (
          <LoadError message={errorText(page.error)} onRetry={page.reload} />
        ) : (
          <Table<WorkOrderListItem>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={page.data?.items ?? []}
            loading={page.loading && !page.data}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 1000 }}
            onRow={(w) => ({ 'data-testid': 'work-order-row', 'data-number': w.number }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: t(q || typeId || status !== 'active' ? 'wo.empty.filtered' : `wo.empty.${view}`) }}
            data-testid="work-orders-table"
          />
        )}
        {(cursors.length > 1 || next) && (
          <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
            <Button icon={<VerticalRightOutlined />} disabled={cursors.length === 1} onClick={reset}>
              {t('customers.firstPage')}
            </Button>
            <Button icon={<LeftOutlined />} disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))} aria-label={t('customers.prevPage')} title={t('customers.prevPage')} />
            <Button disabled={!next} onClick={() => next && setCursors((c) => [...c, next])} data-testid="work-orders-next-page">
              {t('customers.nextPage')} <RightOutlined />
            </Button>
          </Flex>
        )}
      </Card>
      {creating && (
        <WorkOrderCreateModal
          onClose={() => setCreating(false)}
          onCreated={(wo) => {
            setCreating(false);
            message.success(t('wo.create.done', { number: wo.number }));
            navigate(`/work-orders/${encodeURIComponent(wo.id)}`);
          }}
        />
      )}
    </>
  );
}
