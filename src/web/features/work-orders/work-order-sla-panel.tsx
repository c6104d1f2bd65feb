import { CheckCircleFilled, CloseCircleFilled, RiseOutlined } from '@ant-design/icons';
import { Card, Flex, Tag, Typography } from 'antd';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { durationText, SlaCountdown, slaTargetLabel } from './work-order-tags';
import type { WorkOrder } from './work-orders-api';

/** When a level was reached: its escalation event on the timeline, else the ladder's computed time. */
function reachedAt(w: WorkOrder, level: number): string | null {
  const ev = w.events.find((e) => e.kind === 'escalation' && Number(e.meta.level) === level);
  return ev?.createdAt ?? null;
}

/** Each SLA target: its due time and countdown, met or breached, its reminder; then the escalation levels. */
export function WorkOrderSlaPanel({ workOrder: w }: { workOrder: WorkOrder }) {
  const t = useT();
  const active = w.status !== 'resolved' && w.status !== 'closed';
  return (
    <Card size="small" title={t('wo.sla.title')} extra={w.slaPolicyName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{w.slaPolicyName}</Typography.Text>} data-testid="work-order-sla">
      {w.slaTargets.length === 0 ? (
        <Typography.Text type="secondary">{t('wo.sla.none')}</Typography.Text>
      ) : (
        <Flex vertical gap={10}>
          {w.slaTargets.map((s) => (
            <div key={s.target} className="sd-wo-sla-row" data-testid={`work-order-sla-${s.target}`}>
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text strong style={{ fontSize: 13 }}>
                  {slaTargetLabel(s.target, t)}
                  <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', marginInlineStart: 6 }}>
                    {t('wo.sla.limit', { time: durationText(s.targetMinutes * 60_000, t) })}
                  </Typography.Text>
                </Typography.Text>
                {s.metAt ? (
                  s.breached ? (
                    <Tag color="red" icon={<CloseCircleFilled />} style={{ marginInlineEnd: 0 }}>
                      {t('wo.sla.metLate')}
                    </Tag>
                  ) : (
                    <Tag color="green" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }}>
                      {t('wo.sla.met')}
                    </Tag>
                  )
                ) : s.breached ? (
                  <Tag color="red" icon={<CloseCircleFilled />} style={{ marginInlineEnd: 0 }}>
                    {t('wo.sla.breached')}
                  </Tag>
                ) : null}
              </Flex>
              <div className="sd-wo-sla-detail">
                {s.metAt ? (
                  <span>{t('wo.sla.metAt', { time: formatDateTimeShort(s.metAt) })}</span>
                ) : active && (s.dueAt || s.paused) ? (
                  <SlaCountdown clock={s} targetMinutes={s.targetMinutes} pausedLeft />
                ) : !active ? (
                  <Typography.Text type="secondary">{t('wo.sla.stopped')}</Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{t('wo.sla.notStarted')}</Typography.Text>
                )}
                {!s.metAt && s.dueAt && <div>{t('wo.sla.dueAt', { time: formatDateTimeShort(s.dueAt) })}</div>}
                {!s.metAt && s.reminderAt && <div>{t('wo.sla.reminderAt', { time: formatDateTimeShort(s.reminderAt) })}</div>}
              </div>
            </div>
          ))}
        </Flex>
      )}
      {w.escalation.length > 0 && (
        <div style={{ marginTop: 12, paddingTop: 10, borderTop: '1px dashed rgba(0,0,0,0.08)' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('wo.escalation.title')}
          </Typography.Text>
          <Flex vertical gap={4} style={{ marginTop: 6 }}>
            {w.escalation.map((e) => (
              <Flex key={e.level} align="center" gap={6} style={{ fontSize: 12 }} data-testid={`work-order-escalation-${e.level}`} data-reached={e.reached ? 'true' : 'false'}>
                <Tag color={e.reached ? 'volcano' : undefined} icon={<RiseOutlined />} style={{ marginInlineEnd: 0 }}>
                  {t('wo.escalation.level', { level: e.level })}
                </Tag>
                <span style={{ color: e.reached ? '#d4380d' : 'rgba(0,0,0,0.45)' }}>
                  {e.reached
                    ? t('wo.escalation.reachedAt', { time: formatDateTimeShort(reachedAt(w, e.level) ?? e.at), notify: t(`wo.escalation.notify.${e.notify}`) })
                    : e.afterMinutes > 0
                      ? t('wo.escalation.rule', { after: durationText(e.afterMinutes * 60_000, t), notify: t(`wo.escalation.notify.${e.notify}`) })
                      : t('wo.escalation.ruleAtOnce', { notify: t(`wo.escalation.notify.${e.notify}`) })}
                </span>
              </Flex>
            ))}
          </Flex>
        </div>
      )}
    </Card>
  );
}
