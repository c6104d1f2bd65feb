import { ClockCircleOutlined, LoginOutlined, SwapOutlined, UserOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Flex, Tooltip, Typography, theme } from 'antd';
import { useState } from 'react';
import type { ConversationSummary } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { AssignModal } from './assign-modal';
import { TransferModal } from './transfer-modal';
import { ChannelIcon, StatusTag } from './channel-icon';
import { conversationsApi } from './conversations-api';
import { LabelEditor } from '../labels/label-editor';
import { snoozeTime, StatusActions } from './status-actions';
import { RoutingLogButton } from './routing-log';
import { PriorityTag, QueuedTag, TeamName } from '../presence/routing-tags';
import { ConversationToWorkOrder } from '../work-orders/conversation-work-orders';

type Props = {
  conversation: ConversationSummary;
  meId: string;
  onChange: (c: ConversationSummary) => void;
  /** What the customer last wrote: the title a work order made from here starts with. */
  lastCustomerMessage?: string;
};

type Action = 'take';

/**
 * Who the customer is, where the conversation stands, its labels, and the state changes: 接入
 * (take it myself), 分配 (hand it to a colleague), 解决 / 重新打开, 待处理, 稍后处理.
 */
export function ConversationHeader({ conversation: c, meId, onChange, lastCustomerMessage }: Props) {
  const t = useT();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const { can } = useAuth();
  const showError = useShowError();
  const [busy, setBusy] = useState<Action | null>(null);
  const [assigning, setAssigning] = useState(false);
  const [transferring, setTransferring] = useState(false);

  const mine = c.assignee?.id === meId;
  // Taking an unassigned conversation is part of replying; taking one from a colleague is reassigning.
  const canTake = !mine && (c.assignee === null ? can('conversations.reply') : can('conversations.assign'));
  const canAssign = can('conversations.assign');
  // Mine, or any for leads (the server also lets an agent move an unassigned one; taking it comes first here).
  const canTransfer = can('conversations.reply') && (mine || canAssign);
  const canChangeStatus = can('conversations.reply');

  const run = async (action: Action) => {
    setBusy(action);
    try {
      onChange(await conversationsApi.take(c.id));
      message.success(t('conv.taken'));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    // The actions wrap under the customer when a lead's full set of buttons leaves the name no room.
    <Flex align="center" justify="space-between" wrap gap={8} style={{ padding: '10px 16px', borderBottom: `1px solid ${token.colorBorderSecondary}`, minHeight: 64, columnGap: 12 }} data-testid="conversation-header">
      <Flex vertical gap={2} style={{ minWidth: 0, flex: '1 1 200px' }}>
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <Typography.Title level={5} ellipsis style={{ margin: 0, minWidth: '3em' }} data-testid="conversation-title">
            {c.customer.name}
          </Typography.Title>
          <StatusTag status={c.status} />
          <PriorityTag priority={c.priority} />
          {c.routingState === 'queued' && c.status === 'open' && <QueuedTag />}
        </Flex>
        <Flex align="center" gap={6} style={{ fontSize: 12, color: token.colorTextSecondary, minWidth: 0 }}>
          {/* The inbox's name is in the customer panel; here the assignee gets the room. */}
          <Tooltip title={`${t(`conv.channel.${c.channel}`)} · ${c.inbox.name}`}>
            <span>
              <ChannelIcon channel={c.channel} withTooltip={false} />
            </span>
          </Tooltip>
          <UserOutlined style={{ marginInlineStart: 4 }} />
          <Typography.Text type={c.assignee ? 'secondary' : 'warning'} ellipsis style={{ fontSize: 12, minWidth: 0 }} data-testid="conversation-assignee">
            {c.assignee ? t('conv.assignee', { name: mine ? t('common.you') : c.assignee.name }) : t('conv.unassigned')}
          </Typography.Text>
          {c.teamName && (
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, minWidth: 0, flex: 'none', maxWidth: 160, marginInlineStart: 6 }}>
              <TeamName name={c.teamName} />
            </Typography.Text>
          )}
          {c.status === 'snoozed' && c.snoozedUntil && (
            <Tooltip title={t('conv.snoozedUntil', { time: snoozeTime(c.snoozedUntil, t) })}>
              <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none', marginInlineStart: 6 }} data-testid="conversation-snoozed-until">
                <ClockCircleOutlined style={{ marginInlineEnd: 4 }} />
                {snoozeTime(c.snoozedUntil, t)}
              </Typography.Text>
            </Tooltip>
          )}
        </Flex>
        <Flex style={{ minWidth: 0, marginInlineStart: -7 }}>
          <LabelEditor conversation={c} onChange={onChange} />
        </Flex>
      </Flex>
      <Flex gap={8} style={{ flex: 'none', marginInlineStart: 'auto' }}>
        {canTake && (
          <Button type={c.assignee === null ? 'primary' : 'default'} icon={<LoginOutlined />} loading={busy === 'take'} onClick={() => void run('take')} data-testid="conversation-take">
            {t('conv.actions.take')}
          </Button>
        )}
        {canTransfer && (
          <Tooltip title={t('conv.transfer.hint')}>
            <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)} data-testid="conversation-transfer">
              {t('conv.actions.transfer')}
            </Button>
          </Tooltip>
        )}
        {canAssign && (
          <Tooltip title={t('conv.assign.title')}>
            <Button icon={<UserSwitchOutlined />} onClick={() => setAssigning(true)} data-testid="conversation-assign">
              {t('conv.actions.assign')}
            </Button>
          </Tooltip>
        )}
        {/* 解决 / 重新打开, with 待处理 and 稍后处理 in its menu. */}
        {canChangeStatus && <StatusActions conversation={c} onChange={onChange} />}
        <ConversationToWorkOrder conversation={c} lastCustomerMessage={lastCustomerMessage} />
        <RoutingLogButton conversationId={c.id} />
      </Flex>
      {transferring && (
        <TransferModal
          conversation={c}
          meId={meId}
          onClose={() => setTransferring(false)}
          onDone={(updated, to) => {
            onChange(updated);
            message.success(to.teamName ? t('presence.transfer.doneTeam', { name: to.teamName }) : t('conv.transfer.done', { name: updated.assignee?.name ?? '' }));
          }}
        />
      )}
      {assigning && (
      <AssignModal
        conversation={c}
        meId={meId}
        onClose={() => setAssigning(false)}
        onAssigned={(updated) => {
          onChange(updated);
          message.success(updated.assignee ? t('conv.assignedTo', { name: updated.assignee.name }) : t('conv.unassignedDone'));
        }}
      />
      )}
    </Flex>
  );
}
