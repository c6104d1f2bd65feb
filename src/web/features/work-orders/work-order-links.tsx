import { DeleteOutlined, LinkOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Popconfirm, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useSave, type SideCardProps } from './work-order-side';
import { workOrdersApi } from './work-orders-api';

/** 关联会话: the chat it was made from, and for a tracker every chat of the same problem. */
export function LinksCard({ workOrder: w, canWork, onChange }: SideCardProps) {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useAuth();
  const { busy, save } = useSave(w, onChange);
  const [conversationId, setConversationId] = useState('');
  const canOpen = can('conversations.read');
  const link = async () => {
    const id = extractConversationId(conversationId);
    if (!id) return;
    if (await save('link', () => workOrdersApi.link(w.id, id))) {
      setConversationId('');
      message.success(t('wo.links.linked'));
    }
  };
  return (
    <Card size="small" title={t('wo.links.title', { count: w.links.length })} data-testid="work-order-links">
      {w.links.length === 0 ? (
        <Typography.Text type="secondary">{t('wo.links.none')}</Typography.Text>
      ) : (
        <Flex vertical gap={6}>
          {w.links.map((l) => {
            const name = l.customer?.name ?? (l.conversationId === w.conversationId ? w.customer?.name : null) ?? t('wo.links.chatId', { id: l.conversationId.slice(-6) });
            return (
            <Flex key={l.conversationId} align="center" gap={6} justify="space-between" data-testid="work-order-link">
              <Flex vertical style={{ minWidth: 0 }}>
                {canOpen ? (
                  <Link to={`/conversations/${encodeURIComponent(l.conversationId)}`} style={{ fontSize: 13 }}>
                    <LinkOutlined /> {name}
                  </Link>
                ) : (
                  <span style={{ fontSize: 13 }}>
                    <LinkOutlined /> {name}
                  </span>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.notifiedAt ? t('wo.links.notified', { time: formatDateTimeShort(l.notifiedAt) }) : t('wo.links.linkedAt', { time: formatDateTimeShort(l.linkedAt) })}
                </Typography.Text>
              </Flex>
              {canWork && w.isTracker && l.conversationId !== w.conversationId && (
                <Popconfirm title={t('wo.links.unlinkConfirm')} onConfirm={() => void save(`unlink-${l.conversationId}`, () => workOrdersApi.unlink(w.id, l.conversationId))}>
                  <Tooltip title={t('wo.links.unlink')}>
                    <Button type="text" size="small" icon={<DeleteOutlined />} loading={busy === `unlink-${l.conversationId}`} aria-label={t('wo.links.unlink')} />
                  </Tooltip>
                </Popconfirm>
              )}
            </Flex>
            );
          })}
        </Flex>
      )}
      {canWork && w.isTracker && (
        <div style={{ marginTop: 12 }}>
          <Input.Search
            size="small"
            value={conversationId}
            onChange={(e) => setConversationId(e.target.value)}
            placeholder={t('wo.links.placeholder')}
            enterButton={t('wo.links.add')}
            loading={busy === 'link'}
            onSearch={() => void link()}
            data-testid="work-order-link-input"
          />
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
            {t('wo.links.hint')}
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}

/** A conversation's id, or the address of its page pasted whole (…/conversations/<id>). */
function extractConversationId(input: string): string {
  const v = input.trim();
  const m = v.match(/\/conversations\/([^/?#]+)/);
  return m ? decodeURIComponent(m[1]) : v;
}
