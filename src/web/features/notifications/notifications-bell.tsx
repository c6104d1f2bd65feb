import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Popover, Spin, Tag, Tooltip, Typography, theme } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import type { MessageKey } from '../../i18n/messages';
import { notificationsApi, type AppNotification, type NotificationKind, type NotificationPage } from './notifications-api';

const KIND_COLOR: Record<NotificationKind, string> = {
  assigned: 'blue',
  mention: 'geekblue',
  reply: 'cyan',
  reminder: 'gold',
  breach: 'red',
  escalation: 'volcano',
  resolved: 'green',
};

/**
 * 通知: the bell in the header. Work order news for me (assigned, mentioned, due soon, overdue,
 * escalated …), live over the realtime socket; a click opens the work order and marks it read.
 */
export function NotificationsBell() {
  const t = useT();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [more, setMore] = useState(false);
  const page = useRequest((signal) => notificationsApi.list(null, signal), []);
  const { reload, setData } = page;
  useRealtimeResync(reload);
  useRealtime<AppNotification>('notification.created', (n) => {
    setData((current) => {
      if (!current) return current;
      if (current.items.some((i) => i.id === n.id)) return current;
      return { ...current, items: [n, ...current.items], unread: current.unread + (n.read ? 0 : 1) };
    });
  });
  const items = page.data?.items ?? [];
  const unread = page.data?.unread ?? 0;

  const apply = useCallback(
    (ids: string[] | 'all', result: { unread: number }) =>
      setData((current) => current && { ...current, unread: result.unread, items: current.items.map((i) => (ids === 'all' || ids.includes(i.id) ? { ...i, read: true } : i)) }),
    [setData],
  );

  const go = async (n: AppNotification) => {
    setOpen(false);
    if (n.workOrderId) navigate(`/work-orders/${encodeURIComponent(n.workOrderId)}`);
    if (n.read) return;
    try {
      apply([n.id], await notificationsApi.read({ ids: [n.id] }));
    } catch (err) {
      showError(err);
    }
  };

  const readAll = async () => {
    try {
      apply('all', await notificationsApi.read({ all: true }));
    } catch (err) {
      showError(err);
    }
  };

  const loadMore = async () => {
    const cursor = page.data?.nextCursor;
    if (!cursor) return;
    setMore(true);
    try {
      const next = await notificationsApi.list(cursor);
      setData((current): NotificationPage | undefined =>
        current && { items: [...current.items, ...next.items.filter((i) => !current.items.some((c) => c.id === i.id))], unread: next.unread, nextCursor: next.nextCursor },
      );
    } catch (err) {
      showError(err);
    } finally {
      setMore(false);
    }
  };

  const content = (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)', maxHeight: 440, overflowY: 'auto', margin: '0 -12px' }} data-testid="notifications-list">
      {page.loading && !page.data ? (
        <Flex justify="center" style={{ padding: 32 }}>
          <Spin />
        </Flex>
      ) : page.error && !page.data ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.loadFailed')}>
          <Button size="small" onClick={reload}>
            {t('notif.retry')}
          </Button>
        </Empty>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} style={{ padding: '16px 0' }} />
      ) : (
        <>
          {items.map((n) => (
            <div
              key={n.id}
              role="button"
              tabIndex={0}
              onClick={() => void go(n)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  void go(n);
                }
              }}
              data-testid="notifications-item"
              data-read={n.read ? 'true' : 'false'}
              className="sd-notification"
              style={{
                display: 'flex',
                gap: 10,
                padding: '10px 16px',
                cursor: 'pointer',
                borderBottom: `1px solid ${token.colorBorderSecondary}`,
                background: n.read ? undefined : token.colorPrimaryBg,
              }}
            >
              <span style={{ flex: 'none', width: 8, paddingTop: 8 }}>
                {!n.read && <span style={{ display: 'block', width: 8, height: 8, borderRadius: 4, background: token.colorPrimary }} />}
              </span>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Flex align="center" gap={6} style={{ lineHeight: 1.4 }}>
                  <Tag color={KIND_COLOR[n.kind]} bordered={false} style={{ marginInlineEnd: 0, flex: 'none' }}>
                    {t(`notif.kind.${n.kind}` as MessageKey)}
                  </Tag>
                  <Typography.Text strong={!n.read} ellipsis style={{ fontSize: 13, minWidth: 0 }} title={n.title}>
                    {n.title}
                  </Typography.Text>
                </Flex>
                {n.body && (
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ fontSize: 12, margin: '4px 0 0', lineHeight: 1.5 }}>
                    {n.body}
                  </Typography.Paragraph>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 11, lineHeight: 1.8 }}>
                  {formatDateTimeShort(n.createdAt)}
                </Typography.Text>
              </div>
            </div>
          ))}
          {page.data?.nextCursor && (
            <Flex justify="center" style={{ padding: 8 }}>
              <Button type="link" size="small" loading={more} onClick={() => void loadMore()} data-testid="notifications-more">
                {t('notif.more')}
              </Button>
            </Flex>
          )}
        </>
      )}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={(value) => {
        setOpen(value);
        if (value) reload();
      }}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      styles={{ container: { paddingBottom: 0 } }}
      title={
        <Flex justify="space-between" align="center" style={{ lineHeight: '24px' }}>
          <span>{t('notif.title')}</span>
          <Button type="link" size="small" disabled={unread === 0} onClick={() => void readAll()} data-testid="notifications-read-all" style={{ paddingInline: 0 }}>
            {t('notif.readAll')}
          </Button>
        </Flex>
      }
      content={content}
    >
      <Tooltip title={open ? undefined : t('notif.title')}>
        <Badge count={unread} size="small" offset={[-6, 6]} overflowCount={99}>
          <Button type="text" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label={t('notif.open', { count: unread })} data-testid="notifications-bell" />
        </Badge>
      </Tooltip>
    </Popover>
  );
}
