import { CommentOutlined, HistoryOutlined, ShoppingOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Spin, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import type { MessageKey } from '../../i18n/messages';
import { customersApi, type TimelineItem } from './customers-api';

const ICONS = { event: <HistoryOutlined />, order: <ShoppingOutlined />, conversation: <CommentOutlined /> };
const COLORS = { event: 'gray', order: 'green', conversation: 'blue' };

function Detail({ item }: { item: TimelineItem }) {
  const t = useT();
  const d = item.data;
  if (item.source === 'conversation') {
    return (
      <Flex gap={8} align="baseline">
        {typeof d.lastMessagePreview === 'string' && <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>{d.lastMessagePreview}</Typography.Text>}
        <Link to={`/conversations/${encodeURIComponent(String(d.conversationId))}`}>{t('customers.timeline.open')}</Link>
      </Flex>
    );
  }
  // A note's text and a return visit's outcome are what a reader needs beside the title.
  const text = item.kind === 'customer.note' ? d.body : item.kind === 'key_account.visit' ? d.outcome : undefined;
  if (typeof text === 'string' && text) return <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{text}</Typography.Paragraph>;
  return null;
}

/** 时间线: conversations, orders and everything recorded about the customer, newest first, loaded a page at a time. */
export function CustomerTimeline({ customerId, version }: { customerId: string; version: number }) {
  const t = useT();
  const showError = useShowError();
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async (after: string | null, signal?: AbortSignal) => {
    setLoading(true);
    try {
      const page = await customersApi.timeline(customerId, after ?? undefined, signal);
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      showError(err);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  }, [customerId, showError]);

  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, [load, version]);

  return (
    <Card title={t('customers.timeline')} data-testid="customer-timeline">
      {items.length === 0 && !loading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.timeline.empty')} />
      ) : (
        <Spin spinning={loading && items.length === 0}>
          <Timeline
            items={items.map((item) => ({
              key: item.id,
              color: COLORS[item.source],
              dot: ICONS[item.source],
              children: (
                <Flex vertical gap={2} data-testid="timeline-item" data-kind={item.kind}>
                  <Flex gap={8} align="baseline" wrap>
                    <Typography.Text strong>{item.title}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`customers.timeline.source.${item.source}` as MessageKey)} · {formatDateTimeShort(item.occurredAt)}
                    </Typography.Text>
                  </Flex>
                  <Detail item={item} />
                </Flex>
              ),
            }))}
          />
        </Spin>
      )}
      {cursor && (
        <Button block loading={loading} onClick={() => void load(cursor)} data-testid="timeline-more">
          {t('common.loadMore')}
        </Button>
      )}
    </Card>
  );
}
