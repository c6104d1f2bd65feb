import { EyeInvisibleOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Skeleton, Tag, Tooltip, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { ConversationStatus } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import type { RequestState } from '../../app/use-request';
import { ChannelIcon } from './channel-icon';
import { listTime, useNow } from './conversation-format';
import { formatYuan, type CustomerPanelData, type OrderStatus, type RecentOrder, type SourcePlatform } from './customer-panel-api';

// The sections of the customer panel built from the customer record, orders and conversations.
// Each takes the panel's one request (loaded once for all of them) and shows its own part of it.

type PanelRequest = RequestState<CustomerPanelData>;

const ORDER_STATUS_COLORS: Record<OrderStatus, string> = { unpaid: 'orange', paid: 'blue', shipped: 'cyan', completed: 'green', refunded: 'magenta', closed: 'default' };

function OrderStatusTag({ status }: { status: OrderStatus }) {
  const t = useT();
  return (
    <Tag color={ORDER_STATUS_COLORS[status] ?? 'default'} className="sd-cp-tag" data-testid="order-status" data-status={status}>
      {t(`conv.orders.status.${status}` as MessageKey)}
    </Tag>
  );
}

function platformLabel(t: ReturnType<typeof useT>, platform: SourcePlatform | null): string {
  return platform ? t(`conv.crm.platform.${platform}` as MessageKey) : '';
}

/** While loading, a few grey lines; after a failure, the profile says so once and the other sections stay away. */
function useSectionState(request: PanelRequest, showError: boolean): ReactNode | null | undefined {
  const t = useT();
  if (request.data) return undefined;
  if (request.error) {
    if (!showError) return null;
    return (
      <Flex vertical align="flex-start" gap={4} data-testid="customer-panel-error">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('conv.crm.loadFailed')}
        </Typography.Text>
        <Button size="small" onClick={request.reload}>
          {t('common.retry')}
        </Button>
      </Flex>
    );
  }
  return <Skeleton active title={false} paragraph={{ rows: 3 }} />;
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="sd-cp-row" data-testid={testId}>
      <div className="sd-cp-row-label">{label}</div>
      <div className="sd-cp-row-value">{children}</div>
    </div>
  );
}

function SectionEmpty({ text, testId }: { text: string; testId: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{text}</Typography.Text>} style={{ margin: '4px 0' }} styles={{ image: { height: 32 } }} data-testid={testId} />;
}

/** A contact (phone or email): masked for roles without customers.contact.read, else copyable. */
function Contact({ value, masked, testId }: { value: string; masked: boolean; testId: string }) {
  const t = useT();
  const { token } = theme.useToken();
  if (!masked) {
    return (
      <Typography.Text copyable={{ text: value }} ellipsis={{ tooltip: value }} style={{ fontSize: 13, maxWidth: '100%' }} data-testid={testId}>
        {value}
      </Typography.Text>
    );
  }
  return (
    <Flex align="center" gap={4} style={{ minWidth: 0 }}>
      <Typography.Text ellipsis={{ tooltip: value }} style={{ fontSize: 13 }} data-testid={testId} data-masked="yes">
        {value}
      </Typography.Text>
      <Tooltip title={t('conv.crm.masked')}>
        <EyeInvisibleOutlined style={{ color: token.colorTextQuaternary, flex: 'none' }} aria-label={t('conv.crm.masked')} />
      </Tooltip>
    </Flex>
  );
}

const date = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '');

/** 客户档案: spend and orders, then who and where the customer is and how to reach them. */
export function ProfileSection({ request }: { request: PanelRequest }) {
  const t = useT();
  const state = useSectionState(request, true);
  if (state !== undefined) return state;
  const { customer: c, identities } = request.data!;
  const region = [c.province, c.city].filter(Boolean).join(' ');
  const source = [platformLabel(t, c.sourcePlatform), c.sourceShop].filter(Boolean).join(' · ');
  const accounts = identities.filter((i) => i.kind === 'platform');
  return (
    <div data-testid="customer-profile">
      <div className="sd-cp-stats">
        <div className="sd-cp-stat">
          <div className="sd-cp-stat-label">{t('conv.crm.spend')}</div>
          <div className="sd-cp-stat-value" data-testid="customer-spend">
            {formatYuan(c.lifetimeSpend)}
          </div>
        </div>
        <div className="sd-cp-stat">
          <div className="sd-cp-stat-label">{t('conv.crm.orders')}</div>
          <div className="sd-cp-stat-value" data-testid="customer-order-count">
            {t('conv.crm.ordersValue', { count: c.orderCount })}
          </div>
        </div>
      </div>
      {c.nickname && c.name && c.nickname !== c.name && <Row label={t('conv.crm.nickname')}>{c.nickname}</Row>}
      {c.gender !== 'unknown' && <Row label={t('conv.crm.gender')}>{t(`conv.crm.gender.${c.gender}`)}</Row>}
      {region && <Row label={t('conv.crm.region')} testId="customer-region">{region}</Row>}
      {source && <Row label={t('conv.crm.source')} testId="customer-source">{source}</Row>}
      {c.phone && (
        <Row label={t('conv.crm.phone')}>
          <Contact value={c.phone} masked={c.contactMasked} testId="customer-phone" />
        </Row>
      )}
      {c.email && (
        <Row label={t('conv.crm.email')}>
          <Contact value={c.email} masked={c.contactMasked} testId="customer-email" />
        </Row>
      )}
      {accounts.length > 0 && (
        <Row label={t('conv.crm.accounts')}>
          {accounts.map((a) => (
            <Typography.Text key={`${a.platform}:${a.value}`} ellipsis={{ tooltip: a.value }} style={{ display: 'block', fontSize: 13 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {platformLabel(t, a.platform)}
              </Typography.Text>{' '}
              {a.value}
            </Typography.Text>
          ))}
        </Row>
      )}
      {c.lastOrderAt && <Row label={t('conv.crm.lastOrder')}>{date(c.lastOrderAt)}</Row>}
      <Row label={t('conv.crm.firstSeen')}>{date(c.firstSeenAt)}</Row>
    </div>
  );
}

const LINES_SHOWN = 3;

function OrderItem({ order, now }: { order: RecentOrder; now: number }) {
  const t = useT();
  const lines = order.items.map((i) => `${i.name} ×${i.quantity}`).join('、');
  // Three lines fit the narrow column; the tooltip lists the rest.
  const shown = order.items.slice(0, LINES_SHOWN);
  const shownLines = shown.map((i) => `${i.name} ×${i.quantity}`).join('、');
  const more = order.lineCount > shown.length ? t('conv.orders.moreLines', { count: order.lineCount }) : '';
  return (
    <li className="sd-cp-item" data-testid="customer-order">
      <Flex align="center" justify="space-between" gap={6}>
        <Flex align="center" gap={6} style={{ minWidth: 0 }}>
          <OrderStatusTag status={order.status} />
          <Typography.Text strong style={{ fontSize: 13, whiteSpace: 'nowrap' }} data-testid="order-amount">
            {formatYuan(order.paidTotal, order.currency)}
          </Typography.Text>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }} title={dayjs(order.placedAt).format('YYYY-MM-DD HH:mm')}>
          {listTime(order.placedAt, now, t)}
        </Typography.Text>
      </Flex>
      {shownLines && (
        <Tooltip title={lines} placement="left">
          <div className="sd-cp-lines" data-testid="order-items">
            {shownLines}
            {more && <span className="sd-cp-more">{` ${more}`}</span>}
          </div>
        </Tooltip>
      )}
      <div className="sd-cp-order-no">
        <span style={{ flex: 'none' }}>{platformLabel(t, order.platform)}</span>
        <Typography.Text type="secondary" copyable={{ text: order.platformOrderId }} ellipsis={{ tooltip: `${t('conv.orders.number')} ${order.platformOrderId}` }} style={{ fontSize: 12, minWidth: 0 }}>
          {order.platformOrderId}
        </Typography.Text>
      </div>
    </li>
  );
}

/** 最近订单: the latest five, any status, each with its amount, time and what was in it. */
export function OrdersSection({ request }: { request: PanelRequest }) {
  const t = useT();
  const now = useNow();
  const state = useSectionState(request, false);
  if (state !== undefined) return state;
  const orders = request.data!.recentOrders;
  if (orders.length === 0) return <SectionEmpty text={t('conv.orders.empty')} testId="customer-orders-empty" />;
  return (
    <ul className="sd-cp-list" data-testid="customer-orders">
      {orders.map((o) => (
        <OrderItem key={o.id} order={o} now={now} />
      ))}
    </ul>
  );
}

const STATUS_DOT: Record<ConversationStatus, string> = { open: '#1677ff', pending: '#faad14', snoozed: '#722ed1', resolved: '#52c41a' };

/** 历史会话: the customer's other conversations; a click opens one. */
export function EarlierConversationsSection({ request }: { request: PanelRequest }) {
  const t = useT();
  const now = useNow();
  const state = useSectionState(request, false);
  if (state !== undefined) return state;
  const items = request.data!.earlierConversations;
  if (items.length === 0) return <SectionEmpty text={t('conv.history.empty')} testId="customer-history-empty" />;
  return (
    <ul className="sd-cp-list" data-testid="customer-history">
      {items.map((c) => (
        <li key={c.id}>
          <Link to={`/conversations/${encodeURIComponent(c.id)}`} className="sd-cp-conv" data-testid={`earlier-conversation-${c.id}`}>
            <Flex align="center" justify="space-between" gap={6}>
              <Flex align="center" gap={6} style={{ minWidth: 0, fontSize: 12 }}>
                <ChannelIcon channel={c.channel} withTooltip={false} />
                <span className="sd-cp-dot" style={{ background: STATUS_DOT[c.status] }} />
                <span>{t(`conv.status.${c.status}`)}</span>
              </Flex>
              <span className="sd-cp-time">{listTime(c.lastMessageAt ?? c.createdAt, now, t)}</span>
            </Flex>
            <div className="sd-cp-preview">{c.lastMessagePreview || t('conv.history.noMessages')}</div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
