import {
  AlertOutlined,
  BellOutlined,
  CheckCircleOutlined,
  EditOutlined,
  EyeOutlined,
  FileAddOutlined,
  LinkOutlined,
  LockOutlined,
  NotificationOutlined,
  PaperClipOutlined,
  PlusCircleOutlined,
  RiseOutlined,
  SendOutlined,
  SwapOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Empty, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, formatDateTimeShort } from '../../app/format';
import type { Translate } from '../../app/i18n-provider';
import { useT } from '../../app/i18n-provider';
import { fileSize } from '../conversations/attachments-api';
import { slaTargetLabel } from './work-order-tags';
import { attachmentUrl, WORK_ORDER_STATUSES, type SlaTargetKey, type WorkOrderEvent, type WorkOrderStatus } from './work-orders-api';

const TARGETS: readonly string[] = ['first_response', 'next_response', 'resolution'];

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const nameOf = (v: unknown): string | null => {
  if (typeof v === 'string') return v || null;
  if (v && typeof v === 'object' && 'name' in v) return str((v as { name: unknown }).name);
  return null;
};
const statusOf = (v: unknown): WorkOrderStatus | null => ((WORK_ORDER_STATUSES as readonly unknown[]).includes(v) ? (v as WorkOrderStatus) : null);
const targetOf = (v: unknown): SlaTargetKey | null => (TARGETS.includes(v as string) ? (v as SlaTargetKey) : null);

type Look = { color: string; icon: ReactNode };

/** How each kind of event looks: SLA warnings in warning colours, replies to the customer in blue. */
function lookOf(e: WorkOrderEvent): Look {
  switch (e.kind) {
    case 'created':
      return { color: 'blue', icon: <PlusCircleOutlined /> };
    case 'status':
      return { color: statusOf(e.meta.to) === 'resolved' ? 'green' : 'blue', icon: statusOf(e.meta.to) === 'resolved' ? <CheckCircleOutlined /> : <SwapOutlined /> };
    case 'assigned':
      return { color: 'gray', icon: <UserSwitchOutlined /> };
    case 'comment':
      return { color: '#d4b106', icon: <LockOutlined /> };
    case 'reply':
      return { color: '#1677ff', icon: <SendOutlined /> };
    case 'attachment':
      return { color: 'gray', icon: <PaperClipOutlined /> };
    case 'watcher':
      return { color: 'gray', icon: <EyeOutlined /> };
    case 'linked':
      return { color: 'gray', icon: <LinkOutlined /> };
    case 'reminder':
      return { color: 'orange', icon: <BellOutlined /> };
    case 'breach':
      return { color: 'red', icon: <AlertOutlined /> };
    case 'escalation':
      return { color: '#d4380d', icon: <RiseOutlined /> };
    case 'customer_notified':
      return { color: 'green', icon: <NotificationOutlined /> };
    case 'updated':
      return { color: 'gray', icon: <EditOutlined /> };
    default:
      return { color: 'gray', icon: <FileAddOutlined /> };
  }
}

/** One line saying what happened; the meta is read defensively, an unknown shape falls back to a plain line. */
function eventLine(e: WorkOrderEvent, t: Translate, names: ReadonlyMap<string, string>): ReactNode {
  const actor = e.actor?.name ?? t('wo.ev.system');
  const m = e.meta;
  switch (e.kind) {
    case 'created':
      return t('wo.ev.created', { actor });
    case 'status': {
      const to = statusOf(m.to);
      return to ? t('wo.ev.status', { actor, to: t(`wo.status.${to}`) }) : t('wo.ev.statusPlain', { actor });
    }
    case 'assigned': {
      // The server keeps ids (teamId, assigneeId); names come from the members and teams known here.
      const assigneeId = str(m.assigneeId);
      const teamId = str(m.teamId);
      const assigneeChanged = m.assigneeId !== m.fromAssigneeId;
      const teamChanged = m.teamId !== m.fromTeamId;
      const assignee = nameOf(m.assignee) ?? str(m.assigneeName) ?? (assigneeId ? (names.get(assigneeId) ?? t('wo.ev.someone')) : null);
      const team = nameOf(m.team) ?? str(m.teamName) ?? (teamId ? (names.get(teamId) ?? t('wo.ev.someTeam')) : null);
      if (teamChanged && team && assigneeChanged && assignee) return t('wo.ev.assignedBoth', { actor, team, name: assignee });
      if (assigneeChanged && assignee) return t('wo.ev.assigned', { actor, name: assignee });
      if (teamChanged && team) return t('wo.ev.assignedTeam', { actor, team });
      if (teamChanged && !team) return t('wo.ev.unteamed', { actor });
      return t('wo.ev.unassigned', { actor });
    }
    case 'comment':
      return t('wo.ev.comment', { actor });
    case 'reply':
      return t('wo.ev.reply', { actor });
    case 'attachment':
      return t('wo.ev.attachment', { actor });
    case 'watcher': {
      const who = nameOf(m.user) ?? str(m.userName) ?? actor;
      return m.watching === false || m.action === 'remove' || m.removed === true ? t('wo.ev.unwatch', { name: who }) : t('wo.ev.watch', { name: who });
    }
    case 'linked': {
      const removed = m.unlinked === true || m.action === 'unlink' || m.removed === true;
      const cid = str(m.conversationId);
      const customer = nameOf(m.customer) ?? str(m.customerName);
      const label = customer ? t('wo.ev.linkedCustomer', { name: customer }) : t('wo.ev.linkedChat');
      const link = cid ? <Link to={`/conversations/${encodeURIComponent(cid)}`}>{label}</Link> : label;
      return (
        <>
          {t(removed ? 'wo.ev.unlinked' : 'wo.ev.linked', { actor })} {link}
        </>
      );
    }
    case 'reminder': {
      const target = targetOf(m.target);
      return t('wo.ev.reminder', { target: target ? slaTargetLabel(target, t) : t('wo.sla.title') });
    }
    case 'breach': {
      const target = targetOf(m.target);
      return t('wo.ev.breach', { target: target ? slaTargetLabel(target, t) : t('wo.sla.title') });
    }
    case 'escalation': {
      const level = typeof m.level === 'number' ? m.level : Number(m.level ?? 0);
      const notify = m.notify === 'team_lead' || m.notify === 'supervisor' ? t(`wo.escalation.notify.${m.notify}`) : null;
      return notify ? t('wo.ev.escalation', { level, notify }) : t('wo.ev.escalationPlain', { level });
    }
    case 'customer_notified':
      return t('wo.ev.customerNotified');
    case 'updated': {
      const list = Array.isArray(m.changes) ? m.changes : Array.isArray(m.fields) ? m.fields : [];
      const changed = (list as unknown[]).filter((f) => typeof f === 'string');
      const names = (changed as string[]).map((f) => (isKnownField(f) ? t(`wo.field.${f}`) : f));
      return names.length ? t('wo.ev.updatedFields', { actor, fields: names.join('、') }) : t('wo.ev.updated', { actor });
    }
    default:
      return actor;
  }
}

const KNOWN_FIELDS = ['title', 'description', 'priority', 'team', 'assignee', 'type', 'fields'] as const;
function isKnownField(f: string): f is (typeof KNOWN_FIELDS)[number] {
  return (KNOWN_FIELDS as readonly string[]).includes(f);
}

/** Everything that happened to the work order, oldest first. */
export function WorkOrderTimeline({ workOrderId, events, names }: { workOrderId: string; events: WorkOrderEvent[]; names: ReadonlyMap<string, string> }) {
  const t = useT();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wo.ev.none')} />;
  return (
    <Timeline
      className="sd-wo-timeline"
      items={events.map((e) => {
        const look = lookOf(e);
        const isNote = e.kind === 'comment';
        const isReply = e.kind === 'reply';
        const warn = e.kind === 'reminder' || e.kind === 'breach' || e.kind === 'escalation';
        return {
          key: e.id,
          color: look.color,
          dot: <span style={{ color: look.color === 'gray' ? 'rgba(0,0,0,0.45)' : look.color, fontSize: 14 }}>{look.icon}</span>,
          children: (
            <div data-testid="work-order-event" data-kind={e.kind} data-public={e.public ? 'true' : 'false'}>
              <div className={`sd-wo-ev-line${warn ? ` is-${e.kind}` : ''}`}>
                <span className="sd-wo-ev-text">{eventLine(e, t, names)}</span>
                {isReply && (
                  <Tag color="blue" bordered={false} icon={<EyeOutlined />} style={{ marginInlineStart: 6 }} data-testid="work-order-event-public">
                    {t('wo.ev.customerVisible')}
                  </Tag>
                )}
                {isNote && (
                  <Tag color="gold" bordered={false} icon={<LockOutlined />} style={{ marginInlineStart: 6 }}>
                    {t('wo.ev.internal')}
                  </Tag>
                )}
                {!isReply && e.public && (
                  <Tooltip title={t('wo.ev.publicHint')}>
                    <EyeOutlined style={{ marginInlineStart: 6, color: '#1677ff' }} aria-label={t('wo.ev.customerVisible')} />
                  </Tooltip>
                )}
                <Tooltip title={formatDateTime(e.createdAt)}>
                  <Typography.Text type="secondary" className="sd-wo-ev-time">
                    {formatDateTimeShort(e.createdAt)}
                  </Typography.Text>
                </Tooltip>
              </div>
              {/* An SLA event's body is the server's sentence of what the line above already says. */}
              {e.body && !warn && <div className={`sd-wo-ev-body${isNote ? ' is-note' : isReply || e.kind === 'customer_notified' ? ' is-reply' : ''}`}>{e.body}</div>}
              {e.attachments.length > 0 && (
                <div className="sd-wo-ev-files">
                  {e.attachments.map((a) => (
                    <a key={a.id} href={attachmentUrl(workOrderId, a.id)} target="_blank" rel="noopener noreferrer" download={a.fileName} data-testid="work-order-attachment">
                      <PaperClipOutlined /> {a.fileName} <span className="sd-wo-ev-size">{fileSize(a.byteSize)}</span>
                    </a>
                  ))}
                </div>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
