import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Input, Popover, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../app/api-client';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { WorkOrderComposer } from './work-order-composer';
import { WorkOrderSlaPanel } from './work-order-sla-panel';
import { LinksCard } from './work-order-links';
import { DetailsCard, HandlingCard, WatchersCard } from './work-order-side';
import { EscalationBadge, SlaCountdown, WorkOrderPriorityTag, WorkOrderStatusTag } from './work-order-tags';
import { WorkOrderTimeline } from './work-order-timeline';
import { useWorkOrderPeople } from './use-work-order-people';
import { announceWorkOrderChange, workOrdersApi, type WorkOrder, type WorkOrderAction } from './work-orders-api';
import './work-orders.css';

/** The action a work order's page suggests first, in this order of preference. */
const PRIMARY_ORDER: readonly WorkOrderAction[] = ['start', 'resume', 'resolve', 'close', 'reopen'];

/** 工单详情: the header with its status changes, the timeline with the composer, and the SLA and handling on the side. */
export function WorkOrderPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { can } = useAuth();
  const errorText = useErrorText();
  const record = useRequest((signal) => workOrdersApi.get(id, signal), [id]);
  const { setData, reload } = record;
  const w = record.data;
  const people = useWorkOrderPeople();
  // Names for the ids the timeline keeps (who it was assigned to, which team).
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of people.members) m.set(p.id, p.name);
    for (const tm of people.teams) m.set(tm.id, tm.name);
    for (const p of [w?.assignee, w?.team, w?.createdBy, ...(w?.watchers ?? [])]) if (p) m.set(p.id, p.name);
    return m;
  }, [people.members, people.teams, w]);
  useDocumentTitle(w ? `#${w.number} ${w.title}` : t('nav.workOrders'));
  useRealtime<{ id?: string }>('work_order.changed', (data) => {
    if (data?.id === id) reload();
  });
  useRealtimeResync(reload);
  const apply = useCallback(
    (wo: WorkOrder) => {
      setData(() => wo);
      announceWorkOrderChange(wo.id);
    },
    [setData],
  );

  const back = (
    <Link to="/work-orders">
      <Button type="text" icon={<ArrowLeftOutlined />} style={{ marginBottom: 8 }}>
        {t('wo.back')}
      </Button>
    </Link>
  );

  if (record.error && !w) {
    const missing = record.error instanceof ApiError && (record.error.status === 404 || record.error.status === 403);
    return (
      <>
        {back}
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? t('wo.notFound') : errorText(record.error)}
          subTitle={missing ? errorText(record.error) : undefined}
          extra={!missing && <Button onClick={reload}>{t('common.retry')}</Button>}
          data-testid="work-order-not-found"
        />
      </>
    );
  }
  if (!w) {
    return (
      <>
        {back}
        <Skeleton active />
      </>
    );
  }

  const canWork = can('work_orders.work');
  const headline = w.sla && w.status !== 'resolved' && w.status !== 'closed' ? w.sla : null;
  const headTarget = headline ? w.slaTargets.find((s) => s.target === headline.target) : undefined;
  return (
    <>
      {back}
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: '16px 20px' } }} data-testid="work-order-header">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0, flex: '1 1 420px' }}>
            <Flex align="center" gap={8} wrap>
              <Typography.Text type="secondary" style={{ fontSize: 16 }} data-testid="work-order-number">
                #{w.number}
              </Typography.Text>
              <Typography.Title level={4} style={{ margin: 0, minWidth: 0 }} ellipsis={{ tooltip: w.title }} data-testid="work-order-title">
                {w.title}
              </Typography.Title>
            </Flex>
            <Flex align="center" gap={8} wrap style={{ marginTop: 8 }}>
              <WorkOrderStatusTag status={w.status} />
              <WorkOrderPriorityTag priority={w.priority} />
              <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                {w.typeName}
              </Tag>
              {w.isTracker && (
                <Tag color="geekblue" style={{ marginInlineEnd: 0 }} data-testid="work-order-tracker">
                  {t('wo.tracker')}
                </Tag>
              )}
              {headline && <SlaCountdown clock={headline} targetMinutes={headline.targetMinutes ?? headTarget?.targetMinutes} showTarget />}
              <EscalationBadge level={w.escalationLevel} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {w.resolvedAt && w.status === 'resolved'
                  ? t('wo.resolvedAt', { time: formatDateTimeShort(w.resolvedAt) })
                  : w.closedAt && w.status === 'closed'
                    ? t('wo.closedAt', { time: formatDateTimeShort(w.closedAt) })
                    : t('wo.createdAt', { time: formatDateTimeShort(w.createdAt) })}
              </Typography.Text>
            </Flex>
          </div>
          {canWork && <ActionButtons workOrder={w} onChange={apply} />}
        </Flex>
        <div className="sd-wo-description" data-testid="work-order-description">
          {w.description ? w.description : <Typography.Text type="secondary">{t('wo.noDescription')}</Typography.Text>}
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('wo.timeline.title')} size="small" styles={{ body: { paddingTop: 20 } }} data-testid="work-order-timeline">
            <WorkOrderTimeline workOrderId={w.id} events={w.events} names={names} />
            {canWork && <WorkOrderComposer workOrder={w} onSent={apply} />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <WorkOrderSlaPanel workOrder={w} />
            <HandlingCard workOrder={w} canWork={canWork} onChange={apply} people={people} />
            <DetailsCard workOrder={w} canWork={canWork} onChange={apply} />
            <LinksCard workOrder={w} canWork={canWork} onChange={apply} />
            <WatchersCard workOrder={w} canWork={canWork} onChange={apply} />
          </Flex>
        </Col>
      </Row>
    </>
  );
}

/** The status changes open now, each with an optional note said on the timeline. */
function ActionButtons({ workOrder: w, onChange }: { workOrder: WorkOrder; onChange: (wo: WorkOrder) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [open, setOpen] = useState<WorkOrderAction | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<WorkOrderAction | null>(null);
  const primary = PRIMARY_ORDER.find((a) => w.actions.includes(a));

  const run = async (action: WorkOrderAction) => {
    setBusy(action);
    try {
      const wo = await workOrdersApi.transition(w.id, action, note.trim() || undefined);
      setOpen(null);
      setNote('');
      onChange(wo);
      message.success(t('wo.action.done', { status: t(`wo.status.${wo.status}`) }));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex gap={8} wrap style={{ flex: 'none' }} data-testid="work-order-actions">
      {w.actions.map((action) => (
        <Popover
          key={action}
          trigger="click"
          placement="bottomRight"
          open={open === action}
          onOpenChange={(o) => {
            setOpen(o ? action : null);
            if (!o) setNote('');
          }}
          title={t(`wo.action.${action}`)}
          content={
            <div style={{ width: 280 }}>
              <Input.TextArea
                autoFocus
                value={note}
                onChange={(e) => setNote(e.target.value)}
                autoSize={{ minRows: 2, maxRows: 5 }}
                maxLength={2000}
                placeholder={t('wo.action.notePlaceholder')}
                data-testid="work-order-action-note"
              />
              <Flex justify="flex-end" gap={8} style={{ marginTop: 8 }}>
                <Button size="small" onClick={() => setOpen(null)}>
                  {t('common.cancel')}
                </Button>
                <Button size="small" type="primary" loading={busy === action} onClick={() => void run(action)} data-testid="work-order-action-confirm">
                  {t('wo.action.confirm', { action: t(`wo.action.${action}`) })}
                </Button>
              </Flex>
            </div>
          }
        >
          <Button type={action === primary ? 'primary' : 'default'} loading={busy === action} data-testid={`work-order-action-${action}`}>
            {t(`wo.action.${action}`)}
          </Button>
        </Popover>
      ))}
    </Flex>
  );
}
