import { ApartmentOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ConversationSummary } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';

const TAG_STYLE = { marginInlineEnd: 0, fontSize: 12, lineHeight: '18px', paddingInline: 5 } as const;

/** 高 (orange) and 紧急 (red); low and normal priority show nothing. */
export function PriorityTag({ priority }: { priority: number }) {
  const t = useT();
  if (priority < 2) return null;
  const urgent = priority >= 3;
  return (
    <Tooltip title={t('presence.priority.hint')}>
      <Tag color={urgent ? 'red' : 'orange'} style={TAG_STYLE} data-testid="conversation-priority">
        {t(urgent ? 'presence.priority.urgent' : 'presence.priority.high')}
      </Tag>
    </Tooltip>
  );
}

/** 排队中: waiting in its team's queue for an agent with room. */
export function QueuedTag() {
  const t = useT();
  return (
    <Tooltip title={t('presence.queuedHint')}>
      <Tag color="processing" icon={<FieldTimeOutlined />} style={TAG_STYLE} data-testid="conversation-queued">
        {t('presence.queued')}
      </Tag>
    </Tooltip>
  );
}

/** The team (skill group) the conversation belongs to, as plain secondary text. */
export function TeamName({ name }: { name: string }) {
  const t = useT();
  return (
    <Tooltip title={t('presence.team', { name })}>
      <span className="sd-routing-team" data-testid="conversation-team">
        <ApartmentOutlined style={{ marginInlineEnd: 3 }} />
        {name}
      </span>
    </Tooltip>
  );
}

/** The routing facts of a conversation in a row: priority, 排队中, team. */
export function RoutingTags({ c, withTeam = true }: { c: ConversationSummary; withTeam?: boolean }) {
  const queued = c.routingState === 'queued' && c.status === 'open';
  if (c.priority < 2 && !queued && !(withTeam && c.teamName)) return null;
  return (
    <>
      <PriorityTag priority={c.priority} />
      {queued && <QueuedTag />}
      {withTeam && c.teamName && <TeamName name={c.teamName} />}
    </>
  );
}
