import { Badge, Flex, Progress, Select, Tooltip, Typography } from 'antd';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { AGENT_STATUSES, ROUTING_CHANNELS, type Agent, type AgentStatus } from './teams-api';

/** 在线 green, 忙碌 orange-red, 离开 gold, 离线 grey: the same colours wherever a status shows. */
export const STATUS_COLORS: Record<AgentStatus, string> = {
  online: '#52c41a',
  busy: '#fa541c',
  away: '#faad14',
  offline: '#bfbfbf',
};

export const statusKey = (status: AgentStatus) => `teams.status.${status}` as MessageKey;
export const channelKey = (channel: string) => `teams.channel.${channel}` as MessageKey;

export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  const t = useT();
  return <Badge color={STATUS_COLORS[status]} text={t(statusKey(status))} style={{ whiteSpace: 'nowrap' }} data-testid="agent-status" />;
}

type SelectProps = { agent: Agent; label: string; saving: boolean; onChange: (status: AgentStatus) => void };

/** For those who may assign conversations: set someone's status from the table. */
export function AgentStatusSelect({ agent, label, saving, onChange }: SelectProps) {
  const t = useT();
  return (
    <Select<AgentStatus>
      size="small"
      value={agent.status}
      loading={saving}
      disabled={saving}
      onChange={onChange}
      options={AGENT_STATUSES.map((s) => ({ value: s, label: <Badge color={STATUS_COLORS[s]} text={t(statusKey(s))} /> }))}
      popupMatchSelectWidth={false}
      style={{ width: 96 }}
      aria-label={t('teams.agents.statusOf', { name: label })}
      data-testid={`agent-status-select-${agent.userId}`}
    />
  );
}

/** "3 / 8" and a small bar; full turns red. The per-channel loads and caps show on hover. */
export function AgentLoad({ agent }: { agent: Agent }) {
  const t = useT();
  const { load, capacity } = agent;
  const percent = capacity > 0 ? Math.min(100, Math.round((load / capacity) * 100)) : load > 0 ? 100 : 0;
  const full = load >= capacity;
  const channels = ROUTING_CHANNELS.filter((c) => agent.channelCapacity[c] !== undefined || (agent.channelLoad[c] ?? 0) > 0);
  const body = (
    <div style={{ minWidth: 84 }} data-testid="agent-load">
      <Typography.Text style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} type={full && capacity > 0 ? 'danger' : undefined}>
        {load} / {capacity}
      </Typography.Text>
      <Progress
        percent={percent}
        showInfo={false}
        size={{ height: 4 }}
        strokeColor={full ? '#ff4d4f' : percent >= 75 ? '#faad14' : '#1677ff'}
        style={{ margin: 0, lineHeight: 0 }}
        aria-label={t('teams.agents.loadOf', { load, capacity })}
      />
    </div>
  );
  if (channels.length === 0) return body;
  return (
    <Tooltip
      title={
        <Flex vertical>
          {channels.map((c) => (
            <span key={c}>
              {t(channelKey(c))}: {agent.channelLoad[c] ?? 0} / {agent.channelCapacity[c] ?? capacity}
            </span>
          ))}
        </Flex>
      }
    >
      {body}
    </Tooltip>
  );
}
