import { Badge, Button, Empty, List, Popover, Tooltip, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { collaborationApi, type Mention } from './colleagues';

/** "@我的": where colleagues mentioned me or transferred a conversation to me, until I have read it. */
export function MentionsBell({ onOpen }: { onOpen: (conversationId: string) => void }) {
  const t = useT();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const mentions = useRequest((signal) => collaborationApi.mentions(true, signal), []);
  const { reload } = mentions;
  useRealtime('mention.created', reload);
  useRealtimeResync(reload);
  const unread = mentions.data?.unread ?? 0;

  const go = useCallback(
    async (m: Mention) => {
      setOpen(false);
      onOpen(m.conversationId);
      try {
        await collaborationApi.readMentions({ conversationId: m.conversationId });
      } catch (err) {
        showError(err);
      }
      reload();
    },
    [onOpen, reload, showError],
  );

  const readAll = async () => {
    try {
      await collaborationApi.readMentions({});
    } catch (err) {
      showError(err);
    }
    reload();
  };

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomLeft"
      title={
        <span style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          {t('conv.mention.title')}
          {unread > 0 && (
            <Button type="link" size="small" onClick={() => void readAll()} data-testid="mentions-read-all">
              {t('conv.mention.markAll')}
            </Button>
          )}
        </span>
      }
      content={
        <div style={{ width: 320, maxHeight: 360, overflow: 'auto' }} data-testid="mentions-list">
          {(mentions.data?.items.length ?? 0) === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('conv.mention.empty')} />
          ) : (
            <List
              size="small"
              dataSource={mentions.data?.items ?? []}
              renderItem={(m) => (
                <List.Item style={{ cursor: 'pointer', display: 'block' }} onClick={() => void go(m)} data-testid="mention-item">
                  <Typography.Text strong style={{ fontSize: 13 }}>
                    {m.by} · {m.customerName}
                  </Typography.Text>
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ fontSize: 12, margin: '2px 0 0' }}>
                    {m.excerpt}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                    {formatDateTime(m.createdAt)}
                  </Typography.Text>
                </List.Item>
              )}
            />
          )}
        </div>
      }
    >
      <Tooltip title={t('conv.mention.title')}>
        <Badge count={unread} size="small" offset={[-4, 4]}>
          <Button type="text" size="small" aria-label={t('conv.mention.title')} data-testid="mentions-open" style={{ fontWeight: 600 }}>
            @
          </Button>
        </Badge>
      </Tooltip>
    </Popover>
  );
}
