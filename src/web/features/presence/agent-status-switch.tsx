import { DownOutlined } from '@ant-design/icons';
import { App, Badge, Button, Dropdown, Flex, Tooltip, Typography, type MenuProps } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationSummary } from '../../app/api-types';
import { useSession } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import type { MessageKey } from '../../i18n/messages';
import { STATUS_COLORS } from '../teams/agent-status';
import { AGENT_STATUSES, type Agent, type AgentStatus } from '../teams/teams-api';
import { presenceApi } from './presence-api';
import { useActivityPing } from './use-activity-ping';

const statusLabel = (s: AgentStatus) => `presence.status.${s}` as MessageKey;
const statusHint = (s: AgentStatus) => `presence.hint.${s}` as MessageKey;

/**
 * The agent's own status in the app header — 在线 / 忙碌 / 离开 / 离线 — with the load (3/8). The
 * server changes it too (auto-away, the last tab closed, a supervisor): 'agent.updated' brings that
 * in. Mounting it also starts the activity pings that keep auto-away honest.
 */
export function AgentStatusSwitch() {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const { user } = useSession();
  const [saving, setSaving] = useState(false);
  const me = useRequest((signal) => presenceApi.me(signal), []);
  const { setData, reload } = me;
  useActivityPing(true);

  useRealtime<{ agent: Agent }>('agent.updated', ({ agent }) => {
    if (agent?.userId === user.id) setData(() => agent);
  });
  useRealtimeResync(reload);
  useLoadFollowsConversations(user.id, reload);

  const choose = useCallback(
    async (status: AgentStatus) => {
      setSaving(true);
      try {
        const agent = await presenceApi.setStatus(status);
        setData(() => agent);
        message.success(t('presence.status.changed', { status: t(statusLabel(status)) }));
      } catch (err) {
        showError(err);
      } finally {
        setSaving(false);
      }
    },
    [message, setData, showError, t],
  );

  const agent = me.data;
  // Without the routing API (or before it answers) the header simply shows no switch.
  if (!agent) return null;
  const full = agent.capacity > 0 && agent.load >= agent.capacity;
  const menu: MenuProps = {
    selectable: true,
    selectedKeys: [agent.status],
    items: AGENT_STATUSES.map((s) => ({
      key: s,
      label: (
        <Flex vertical style={{ lineHeight: 1.35, padding: '2px 0' }} data-testid={`agent-status-option-${s}`}>
          <Badge color={STATUS_COLORS[s]} text={t(statusLabel(s))} />
          <Typography.Text type="secondary" style={{ fontSize: 12, paddingInlineStart: 14 }}>
            {t(statusHint(s))}
          </Typography.Text>
        </Flex>
      ),
    })),
    onClick: ({ key }) => {
      if (key !== agent.status) void choose(key as AgentStatus);
    },
  };
  const auto = agent.statusSource === 'auto' && (agent.status === 'away' || agent.status === 'offline');
  const tip = [t('presence.load', { load: agent.load, capacity: agent.capacity }), auto ? t(agent.status === 'away' ? 'presence.autoAway' : 'presence.autoOffline') : ''].filter(Boolean).join('\n');

  return (
    <Dropdown menu={menu} trigger={['click']} placement="bottomRight" disabled={saving}>
      <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{tip}</span>} placement="bottom">
        <Button type="text" loading={saving} style={{ height: 36, paddingInline: 10 }} aria-label={t('presence.switch', { status: t(statusLabel(agent.status)) })} data-testid="agent-status-switch" data-status={agent.status}>
          <Flex align="center" gap={8}>
            <Badge color={STATUS_COLORS[agent.status]} />
            <span data-testid="agent-status-label">{t(statusLabel(agent.status))}</span>
            <Typography.Text type={full ? 'danger' : 'secondary'} style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }} data-testid="agent-status-load">
              {agent.load}/{agent.capacity}
            </Typography.Text>
            <DownOutlined style={{ fontSize: 10, opacity: 0.6 }} />
          </Flex>
        </Button>
      </Tooltip>
    </Dropdown>
  );
}

const LOAD_REFRESH_MS = 2_000;

/**
 * The load moves when a conversation of mine is assigned, resolved or taken away, which the
 * conversation events tell: the agent is fetched again then, at most every couple of seconds.
 */
function useLoadFollowsConversations(meId: string, reload: () => void): void {
  const mine = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const seen = ({ conversation: c }: { conversation: ConversationSummary }) => {
    const was = mine.current.has(c.id);
    const is = c.assignee?.id === meId;
    if (is) mine.current.add(c.id);
    else mine.current.delete(c.id);
    if (!was && !is) return;
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      reload();
    }, LOAD_REFRESH_MS);
  };
  useRealtime('conversation.created', seen);
  useRealtime('conversation.updated', seen);
}
