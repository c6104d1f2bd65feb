import { ApiOutlined, GlobalOutlined, MailOutlined, PhoneOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { CSSProperties } from 'react';
import type { Channel, ConversationStatus } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';

const ICONS: Record<Channel, typeof GlobalOutlined> = { web: GlobalOutlined, email: MailOutlined, phone: PhoneOutlined, api: ApiOutlined };

export function ChannelIcon({ channel, withTooltip = true, style }: { channel: Channel; withTooltip?: boolean; style?: CSSProperties }) {
  const t = useT();
  const Icon = ICONS[channel] ?? GlobalOutlined;
  const icon = <Icon style={style} aria-label={t(`conv.channel.${channel}`)} data-testid={`channel-${channel}`} />;
  return withTooltip ? <Tooltip title={t(`conv.channel.${channel}`)}>{icon}</Tooltip> : icon;
}

const STATUS_COLORS: Record<ConversationStatus, string> = { open: 'processing', pending: 'warning', snoozed: 'purple', resolved: 'success' };

export function StatusTag({ status }: { status: ConversationStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="conversation-status">
      {t(`conv.status.${status}`)}
    </Tag>
  );
}
