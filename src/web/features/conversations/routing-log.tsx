import { ApartmentOutlined, BranchesOutlined, HistoryOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Empty, Flex, Spin, Tag, Timeline, Tooltip, Typography, theme } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import type { MessageKey } from '../../i18n/messages';
import { presenceApi, type RoutingDecision, type RoutingDecisionKind } from '../presence/presence-api';

const KIND_COLORS: Record<RoutingDecisionKind, string> = {
  assigned: 'green',
  queued: 'blue',
  overflowed: 'orange',
  reoffered: 'gold',
  transferred: 'purple',
  reassigned: 'cyan',
  unrouted: 'default',
};
const kindLabel = (kind: RoutingDecisionKind) => `presence.log.kind.${kind}` as MessageKey;

/** 分配记录: the header's button and the drawer it opens. */
export function RoutingLogButton({ conversationId }: { conversationId: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Tooltip title={t('presence.log.hint')}>
        <Button icon={<HistoryOutlined />} onClick={() => setOpen(true)} aria-label={t('presence.log.open')} data-testid="conversation-routing-log" />
      </Tooltip>
      {open && <RoutingLogDrawer conversationId={conversationId} onClose={() => setOpen(false)} />}
    </>
  );
}

/** Every routing decision on the conversation, oldest first: when, what, by which rule, to which team and agent, and why. */
function RoutingLogDrawer({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const decisions = useRequest((signal) => presenceApi.decisions(conversationId, signal), [conversationId]);
  return (
    <Drawer open title={t('presence.log.title')} onClose={onClose} size={420} destroyOnHidden data-testid="routing-log">
      {decisions.error ? (
        <LoadError message={errorText(decisions.error)} onRetry={decisions.reload} />
      ) : !decisions.data ? (
        <Flex justify="center" style={{ padding: 40 }}>
          <Spin />
        </Flex>
      ) : decisions.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('presence.log.empty')} data-testid="routing-log-empty" />
      ) : (
        <Timeline items={decisions.data.map((d) => ({ key: d.id, color: KIND_COLORS[d.kind] === 'default' ? 'gray' : KIND_COLORS[d.kind], content: <DecisionItem d={d} /> }))} />
      )}
    </Drawer>
  );
}

function DecisionItem({ d }: { d: RoutingDecision }) {
  const t = useT();
  const { token } = theme.useToken();
  const facts = [
    d.ruleName && { icon: <BranchesOutlined />, label: t('presence.log.rule'), value: d.ruleName },
    d.teamName && { icon: <ApartmentOutlined />, label: t('presence.log.team'), value: d.teamName },
    d.agentName && { icon: <UserOutlined />, label: t('presence.log.agent'), value: d.agentName },
  ].filter(Boolean) as { icon: React.ReactNode; label: string; value: string }[];
  return (
    <Flex vertical gap={4} data-testid="routing-log-item" data-kind={d.kind}>
      <Flex align="center" gap={8} wrap>
        <Tag color={KIND_COLORS[d.kind]} style={{ marginInlineEnd: 0 }}>
          {t(kindLabel(d.kind))}
        </Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(d.createdAt)}
        </Typography.Text>
      </Flex>
      {facts.length > 0 && (
        <Flex gap={12} wrap style={{ fontSize: 13 }}>
          {facts.map((f) => (
            <span key={f.label} title={f.label}>
              <span style={{ color: token.colorTextTertiary, marginInlineEnd: 4 }}>{f.icon}</span>
              <span style={{ color: token.colorTextSecondary }}>{f.label}：</span>
              {f.value}
            </span>
          ))}
        </Flex>
      )}
      {d.why && <Typography.Text style={{ fontSize: 13 }}>{d.why}</Typography.Text>}
    </Flex>
  );
}
