import { BellOutlined, ClockCircleOutlined, CloseOutlined, FilterOutlined, MutedOutlined, ReloadOutlined, SoundOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Badge, Button, Empty, Flex, Select, Spin, Tabs, Tooltip, Typography, theme } from 'antd';
import type { UIEvent } from 'react';
import { CHANNELS, CONVERSATION_STATUSES, type Channel, type ConversationStatus, type ConversationSummary, type ConversationView } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import { useRealtimeStatus } from '../../app/realtime';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { ChannelIcon } from './channel-icon';
import { avatarColor, listTime, useNow } from './conversation-format';
import { ShortcutsHelp } from './shortcuts-help';
import type { useInboxAlerts } from './use-inbox-alerts';
import { MentionsBell } from './mentions-bell';
import { NewCallButton } from './log-call-modal';
import type { ConversationListState } from './use-conversation-list';
import { SearchBox, SearchResults } from './conversation-search';
import { ListFilters, type ExtraFilters } from './list-filters';
import { LabelTags } from '../labels/label-tags';
import { snoozeTime } from './status-actions';
import { PriorityTag, QueuedTag, TeamName } from '../presence/routing-tags';

const VIEWS: readonly ConversationView[] = ['mine', 'unassigned', 'team', 'all'];
const ALL = '__all';

type Props = {
  view: ConversationView;
  onView: (view: ConversationView) => void;
  status: ConversationStatus;
  onStatus: (status: ConversationStatus) => void;
  channel: Channel | undefined;
  onChannel: (channel: Channel | undefined) => void;
  list: ConversationListState;
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  alerts: ReturnType<typeof useInboxAlerts>;
  /** The label and membership-tier filters. */
  filters: ExtraFilters;
  onFilters: (next: ExtraFilters) => void;
  /** The search box's text; while it holds something the list shows what it found. */
  query: string;
  onQuery: (q: string) => void;
  onOpenHit: (conversationId: string, messageId?: string) => void;
};

export function ConversationList({ view, onView, status, onStatus, channel, onChannel, list, selectedId, onSelect, alerts, filters, onFilters, query, onQuery, onOpenHit }: Props) {
  const t = useT();
  const { token } = theme.useToken();
  const errorText = useErrorText();
  const realtime = useRealtimeStatus();
  const now = useNow();

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    if (list.hasMore && !list.loadingMore && !list.loadMoreError && el.scrollTop + el.clientHeight >= el.scrollHeight - 120) void list.loadMore();
  };

  const countBadge = (v: ConversationView) => {
    const count = list.counts?.[v];
    if (count === undefined) return null;
    return <Badge count={count} overflowCount={999} showZero size="small" color={v === 'unassigned' && count > 0 ? token.colorWarning : '#bfbfbf'} data-testid={`view-count-${v}`} />;
  };

  return (
    <Flex vertical className="sd-conv-column sd-conv-list" style={{ background: token.colorBgContainer, borderColor: token.colorBorderSecondary }} data-testid="conversation-list">
      <Flex align="center" justify="space-between" gap={8} style={{ padding: '12px 12px 0 16px' }}>
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('nav.conversations')}
          </Typography.Title>
          {realtime !== 'open' && (
            <Tooltip title={t(realtime === 'connecting' ? 'conv.realtime.connecting' : 'conv.realtime.offline')}>
              <Badge status={realtime === 'connecting' ? 'processing' : 'error'} data-testid="realtime-status" />
            </Tooltip>
          )}
        </Flex>
        <Flex align="center" gap={2}>
          <NewCallButton onLogged={onSelect} />
          <MentionsBell onOpen={onSelect} />
          <Tooltip title={t(alerts.muted ? 'conv.alerts.off' : 'conv.alerts.on')}>
            <Button
              type="text"
              size="small"
              icon={alerts.muted ? <MutedOutlined /> : <SoundOutlined />}
              onClick={() => alerts.setMuted(!alerts.muted)}
              aria-pressed={alerts.muted}
              aria-label={t(alerts.muted ? 'conv.alerts.off' : 'conv.alerts.on')}
              data-testid="alerts-mute"
            />
          </Tooltip>
          {alerts.permission !== 'unsupported' && (
            <Tooltip title={t(alerts.permission === 'granted' ? 'conv.notify.granted' : alerts.permission === 'denied' ? 'conv.notify.denied' : 'conv.notify.enable')}>
              <Button
                type="text"
                size="small"
                icon={<BellOutlined style={alerts.permission === 'granted' ? { color: token.colorSuccess } : undefined} />}
                onClick={() => void alerts.requestPermission()}
                disabled={alerts.permission === 'denied'}
                aria-label={t('conv.notify.enable')}
                data-testid="notify-enable"
              />
            </Tooltip>
          )}
          <ShortcutsHelp />
          <Tooltip title={t('common.refresh')}>
            <Button type="text" size="small" icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} data-testid="conversations-refresh" />
          </Tooltip>
        </Flex>
      </Flex>

      {alerts.showBanner && !alerts.muted && (
        <Flex align="center" gap={8} className="sd-conv-banner" style={{ background: token.colorInfoBg, borderColor: token.colorInfoBorder }} data-testid="notify-banner">
          <BellOutlined style={{ color: token.colorInfo }} />
          <Typography.Text style={{ flex: 1, fontSize: 12 }}>{t('conv.notify.banner')}</Typography.Text>
          <Button size="small" type="link" style={{ padding: 0 }} onClick={() => void alerts.requestPermission()} data-testid="notify-banner-enable">
            {t('conv.notify.turnOn')}
          </Button>
          <Button size="small" type="text" icon={<CloseOutlined style={{ fontSize: 10 }} />} onClick={alerts.closeBanner} aria-label={t('conv.notify.notNow')} />
        </Flex>
      )}

      <div style={{ padding: '8px 12px 2px' }}>
        <SearchBox value={query} onChange={onQuery} />
      </div>

      {query.trim() ? (
        <div className="sd-conv-scroll" style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, marginTop: 6 }}>
          <SearchResults q={query} selectedId={selectedId} onOpen={onOpenHit} />
        </div>
      ) : (
      <>
      <Tabs
        size="small"
        activeKey={view}
        onChange={(key) => onView(key as ConversationView)}
        tabBarStyle={{ margin: '0 8px' }}
        tabBarGutter={10}
        items={VIEWS.map((v) => ({
          key: v,
          label: (
            <Flex align="center" gap={4} data-testid={`view-${v}`}>
              {t(`conv.view.${v}`)}
              {countBadge(v)}
            </Flex>
          ),
        }))}
      />

      <Flex gap={8} style={{ padding: '10px 12px 8px' }}>
        <Select
          size="small"
          value={status}
          onChange={onStatus}
          options={CONVERSATION_STATUSES.map((s) => {
            const count = s === 'resolved' ? undefined : list.statusCounts?.[s];
            return { value: s, label: count === undefined ? t(`conv.status.${s}`) : `${t(`conv.status.${s}`)} ${count}` };
          })}
          style={{ flex: 1, minWidth: 0 }}
          aria-label={t('conv.filter.status')}
          data-testid="status-filter"
        />
        <Select
          size="small"
          value={channel ?? ALL}
          onChange={(value: string) => onChannel(value === ALL ? undefined : (value as Channel))}
          options={[
            { value: ALL, label: t('conv.channel.any') },
            ...CHANNELS.map((c) => ({
              value: c,
              label: (
                <Flex align="center" gap={6}>
                  <ChannelIcon channel={c} withTooltip={false} />
                  {t(`conv.channel.${c}`)}
                </Flex>
              ),
            })),
          ]}
          suffixIcon={<FilterOutlined style={channel ? { color: token.colorPrimary } : undefined} />}
          style={{ flex: 1, minWidth: 0 }}
          aria-label={t('conv.filter.channel')}
          data-testid="channel-filter"
        />
      </Flex>
      <ListFilters value={filters} onChange={onFilters} />

      <div className="sd-conv-scroll" onScroll={onScroll} style={{ borderTop: `1px solid ${token.colorBorderSecondary}` }}>
        {list.error && !list.loaded ? (
          <LoadError message={errorText(list.error)} onRetry={list.reload} />
        ) : !list.loaded ? (
          <Flex justify="center" style={{ padding: 40 }}>
            <Spin />
          </Flex>
        ) : list.items.length === 0 ? (
          <Spin spinning={list.loading}>
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={view === 'team' && list.teamIds?.length === 0 ? t('presence.noTeam') : status === 'open' ? t(`conv.empty.${view}`) : t('conv.empty.status', { status: t(`conv.status.${status}`) })} style={{ marginTop: 48 }} data-testid="conversations-empty" />
          </Spin>
        ) : (
          <Spin spinning={list.loading} delay={200}>
            <ul className="sd-conv-items" role="listbox" aria-label={t('nav.conversations')}>
              {list.items.map((c) => (
                <ConversationRow key={c.id} c={c} selected={c.id === selectedId} now={now} onSelect={onSelect} />
              ))}
            </ul>
            <Flex justify="center" style={{ padding: '8px 0 12px' }}>
              {list.loadingMore ? (
                <Spin size="small" />
              ) : list.hasMore ? (
                <Button size="small" type="link" onClick={() => void list.loadMore()} data-testid="conversations-load-more">
                  {t('common.loadMore')}
                </Button>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('common.noMore')}
                </Typography.Text>
              )}
            </Flex>
          </Spin>
        )}
      </div>
      </>
      )}
    </Flex>
  );
}

function ConversationRow({ c, selected, now, onSelect }: { c: ConversationSummary; selected: boolean; now: number; onSelect: (id: string) => void }) {
  const t = useT();
  const { token } = theme.useToken();
  // The open conversation is being read: its count is about to be cleared, whatever a refetch said.
  const unread = c.unreadCount > 0 && !selected;
  const queued = c.routingState === 'queued' && c.status === 'open';
  return (
    <li
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      className={`sd-conv-row${selected ? ' is-selected' : ''}`}
      style={selected ? { background: token.colorPrimaryBg, boxShadow: `inset 3px 0 0 ${token.colorPrimary}` } : undefined}
      onClick={() => onSelect(c.id)}
      data-testid={`conversation-item-${c.id}`}
    >
      <span style={{ position: 'relative', flex: 'none', height: 36 }}>
        <Avatar size={36} style={{ background: avatarColor(c.customer.id || c.customer.name) }}>
          {c.customer.name.slice(0, 1).toUpperCase()}
        </Avatar>
        <span className="sd-conv-channel-dot" style={{ background: token.colorBgContainer, color: token.colorTextSecondary, boxShadow: `0 0 0 1px ${token.colorBorderSecondary}` }}>
          <ChannelIcon channel={c.channel} />
        </span>
      </span>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Flex align="center" gap={6}>
          <Typography.Text strong={unread} ellipsis style={{ flex: 1, minWidth: 0 }} data-testid="conversation-customer">
            {c.customer.name}
          </Typography.Text>
          <Tooltip title={c.lastMessageAt ?? c.createdAt}>
            <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
              {listTime(c.lastMessageAt ?? c.createdAt, now, t)}
            </Typography.Text>
          </Tooltip>
        </Flex>
        <Flex align="center" gap={6} style={{ marginTop: 2 }}>
          <Typography.Text type={unread ? undefined : 'secondary'} ellipsis style={{ flex: 1, minWidth: 0, fontSize: 13 }} data-testid="conversation-preview">
            {c.lastMessagePreview || t('conv.noPreview')}
          </Typography.Text>
          {unread && <Badge count={c.unreadCount} overflowCount={99} size="small" data-testid="conversation-unread" />}
        </Flex>
        <Flex align="center" gap={6} style={{ marginTop: 4, fontSize: 12 }}>
          {c.assignee ? (
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, minWidth: 0 }}>
              <UserOutlined style={{ marginInlineEnd: 4 }} />
              {c.assignee.name}
            </Typography.Text>
          ) : (
            <Typography.Text style={{ fontSize: 12, color: token.colorWarningText }}>{t('conv.unassigned')}</Typography.Text>
          )}
          {/* The team says more about who handles it than the inbox, which the channel dot and the panel show. */}
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, flex: 1, minWidth: 0 }}>
            · {c.teamName ? <TeamName name={c.teamName} /> : c.inbox.name}
          </Typography.Text>
        </Flex>
        {(c.labels.length > 0 || (c.status === 'snoozed' && c.snoozedUntil) || c.priority >= 2 || queued) && (
          <Flex align="center" gap={4} style={{ marginTop: 4, minWidth: 0, overflow: 'hidden' }}>
            <PriorityTag priority={c.priority} />
            {queued && <QueuedTag />}
            {c.status === 'snoozed' && c.snoozedUntil && (
              <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none', marginInlineEnd: 4 }} data-testid="conversation-snoozed-until">
                <ClockCircleOutlined style={{ marginInlineEnd: 3 }} />
                {snoozeTime(c.snoozedUntil, t)}
              </Typography.Text>
            )}
            <LabelTags labels={c.labels} />
          </Flex>
        )}
      </div>
    </li>
  );
}
