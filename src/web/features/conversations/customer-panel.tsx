import { CompassOutlined, FileDoneOutlined, HistoryOutlined, IdcardOutlined, LinkOutlined, ShoppingOutlined } from '@ant-design/icons';
import { Avatar, Card, Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import type { ConversationSummary, Permission } from '../../app/api-types';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useRequest, type RequestState } from '../../app/use-request';
import type { MessageKey } from '../../i18n/messages';
import { ChannelIcon } from './channel-icon';
import { avatarColor, safeHttpUrl } from './conversation-format';
import { customerPanelApi, type CustomerPanelData } from './customer-panel-api';
import { TierBadge } from '../loyalty/tier-badge';
import { EarlierConversationsSection, OrdersSection, ProfileSection } from './customer-sections';
import { ConversationWorkOrders } from '../work-orders/conversation-work-orders';
import './customer-panel.css';

/** What every section gets: the open conversation and the panel's one request for its customer. */
export type CustomerPanelContext = {
  conversation: ConversationSummary;
  /** GET /api/conversations/:id/customer, loaded once for all sections. */
  customer: RequestState<CustomerPanelData>;
};

/**
 * One card of the customer panel. The CRM module adds its own (tags, attributes, points, key
 * account) by appending to `CUSTOMER_PANEL_SECTIONS`: each reads its key of the panel's answer,
 * or loads what it needs itself. A section that renders null shows no card.
 */
export type CustomerPanelSection = {
  key: string;
  title: MessageKey;
  icon: ReactNode;
  /** Shown only to members with this permission. */
  permission?: Permission;
  render: (ctx: CustomerPanelContext) => ReactNode;
};

export const CUSTOMER_PANEL_SECTIONS: CustomerPanelSection[] = [
  { key: 'crm', title: 'conv.crm.title', icon: <IdcardOutlined />, render: (ctx) => <ProfileSection request={ctx.customer} /> },
  { key: 'workOrders', title: 'wo.conv.title', icon: <FileDoneOutlined />, permission: 'work_orders.read', render: (ctx) => <ConversationWorkOrders conversationId={ctx.conversation.id} /> },
  { key: 'entry', title: 'conv.entry.title', icon: <CompassOutlined />, render: (ctx) => <EntryContext conversation={ctx.conversation} /> },
  { key: 'orders', title: 'conv.orders.title', icon: <ShoppingOutlined />, render: (ctx) => (ctx.customer.error ? null : <OrdersSection request={ctx.customer} />) },
  { key: 'history', title: 'conv.history.title', icon: <HistoryOutlined />, render: (ctx) => (ctx.customer.error ? null : <EarlierConversationsSection request={ctx.customer} />) },
];

/** The right column: who the customer is, what they bought, and where they came from. */
export function CustomerPanel({ conversation }: { conversation: ConversationSummary }) {
  const t = useT();
  const { token } = theme.useToken();
  const { can } = useAuth();
  const c = conversation;
  // Loaded again when the chat moves to another customer (a visitor who signs in mid-chat).
  const customer = useRequest((signal) => customerPanelApi.get(c.id, signal), [c.id, c.customer.id]);
  const ctx: CustomerPanelContext = { conversation: c, customer };
  return (
    <Flex vertical gap={12} className="sd-conv-side" data-testid="customer-panel">
      <Card size="small" styles={{ body: { padding: 16 } }}>
        <Flex align="center" gap={12}>
          <Avatar size={44} style={{ background: avatarColor(c.customer.id || c.customer.name), flex: 'none', fontSize: 18 }}>
            {c.customer.name.slice(0, 1).toUpperCase()}
          </Avatar>
          <Flex vertical style={{ minWidth: 0 }}>
            <Flex align="center" gap={6} style={{ minWidth: 0 }}>
              <Typography.Text strong ellipsis style={{ fontSize: 15 }} data-testid="customer-name">
                {c.customer.name}
              </Typography.Text>
              <TierBadge tier={customer.data?.customer.tier ?? c.customer.tier} testId="customer-tier" />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <ChannelIcon channel={c.channel} withTooltip={false} style={{ marginInlineEnd: 4 }} />
              {t(`conv.channel.${c.channel}`)} · {c.inbox.name}
            </Typography.Text>
          </Flex>
        </Flex>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12, color: token.colorTextTertiary }}>
          {t('conv.customer.since', { time: formatDateTimeShort(c.createdAt) })}
        </Typography.Text>
        {can('customers.read') && c.customer.id && (
          <Link to={`/customers/${encodeURIComponent(c.customer.id)}`} style={{ display: 'inline-block', marginTop: 8, fontSize: 12 }} data-testid="customer-open-record">
            {t('customers.panel.openRecord')}
          </Link>
        )}
      </Card>
      {CUSTOMER_PANEL_SECTIONS.map((section) => {
        if (section.permission && !can(section.permission)) return null;
        const content = section.render(ctx);
        if (content === null) return null;
        return (
          <Card
            key={section.key}
            size="small"
            title={
              <Flex align="center" gap={6}>
                <span style={{ color: token.colorPrimary }}>{section.icon}</span>
                {t(section.title)}
              </Flex>
            }
            data-testid={`customer-section-${section.key}`}
          >
            {content}
          </Card>
        );
      })}
    </Flex>
  );
}

function UrlValue({ value }: { value: string }) {
  const href = safeHttpUrl(value);
  if (!href) {
    return (
      <Typography.Text type="secondary" ellipsis={{ tooltip: value }} style={{ fontSize: 12, display: 'block' }}>
        {value}
      </Typography.Text>
    );
  }
  return (
    <a className="sd-conv-url" href={href} title={value} target="_blank" rel="noopener noreferrer nofollow">
      <LinkOutlined style={{ flex: 'none' }} />
      <span>{value}</span>
    </a>
  );
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="sd-conv-field" data-testid={testId}>
      <div className="sd-conv-field-label">{label}</div>
      <div style={{ minWidth: 0 }}>{children}</div>
    </div>
  );
}

function EntryContext({ conversation }: { conversation: ConversationSummary }) {
  const t = useT();
  const e = conversation.entry;
  if (!e.productName && !e.productId && !e.pageUrl && !e.pageTitle && !e.referrer) return <Typography.Text type="secondary">{t('conv.entry.none')}</Typography.Text>;
  return (
    <div>
      {(e.productName || e.productId) && (
        <Field label={t('conv.entry.product')} testId="entry-product">
          <Typography.Text>{e.productName || e.productId}</Typography.Text>
          {e.productName && e.productId && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('conv.entry.productId', { id: e.productId })}
            </Typography.Text>
          )}
        </Field>
      )}
      {(e.pageUrl || e.pageTitle) && (
        <Field label={t('conv.entry.page')} testId="entry-page">
          {e.pageTitle && <Typography.Text style={{ display: 'block' }}>{e.pageTitle}</Typography.Text>}
          {e.pageUrl && <UrlValue value={e.pageUrl} />}
        </Field>
      )}
      {e.referrer && (
        <Field label={t('conv.entry.referrer')} testId="entry-referrer">
          <UrlValue value={e.referrer} />
        </Field>
      )}
    </div>
  );
}
