import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import type { MessageKey } from '../../i18n/messages';
import { formatYuan, type RecentOrder } from '../conversations/customer-panel-api';
import { attributeText, customersApi, type CustomerRecord } from './customers-api';

/** 标签: shown as tags; members who answer customers add and remove them in place. */
export function TagsCard({ customer, canEdit, onChanged }: { customer: CustomerRecord; canEdit: boolean; onChanged: (c: CustomerRecord) => void }) {
  const t = useT();
  const showError = useShowError();
  const [adding, setAdding] = useState(false);
  const change = async (change: { add?: string[]; remove?: string[] }) => {
    try {
      onChanged((await customersApi.changeTags(customer.id, change)).customer);
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Card size="small" title={t('customers.tags')} data-testid="customer-tags">
      <Flex gap={6} wrap align="center">
        {customer.tags.length === 0 && !canEdit && <Typography.Text type="secondary">{t('customers.tags.empty')}</Typography.Text>}
        {customer.tags.map((tag) => (
          <Tag key={tag} closable={canEdit} onClose={(e) => { e.preventDefault(); void change({ remove: [tag] }); }} style={{ marginInlineEnd: 0 }}>
            {tag}
          </Tag>
        ))}
        {canEdit && (adding ? (
          <Input
            size="small"
            autoFocus
            maxLength={32}
            style={{ width: 110 }}
            onBlur={() => setAdding(false)}
            onPressEnter={(e) => {
              const tag = e.currentTarget.value.trim();
              setAdding(false);
              if (tag) void change({ add: [tag] });
            }}
            data-testid="customer-tag-input"
          />
        ) : (
          <Tag onClick={() => setAdding(true)} style={{ borderStyle: 'dashed', cursor: 'pointer' }} data-testid="customer-tag-add">
            <PlusOutlined /> {t('customers.tags.add')}
          </Tag>
        ))}
      </Flex>
    </Card>
  );
}

/** 自定义属性: the values of the shop's own fields (肤质, 兴趣, 尺码 …). */
export function AttributesCard({ customer, onEdit }: { customer: CustomerRecord; onEdit?: () => void }) {
  const t = useT();
  return (
    <Card size="small" title={t('customers.attributes')} extra={onEdit && <Button type="link" size="small" onClick={onEdit}>{t('customers.attributes.edit')}</Button>} data-testid="customer-attributes">
      {customer.attributes.length === 0 ? (
        <Typography.Text type="secondary">{t('customers.attributes.empty')}</Typography.Text>
      ) : (
        <Descriptions size="small" column={1}>
          {customer.attributes.map((a) => (
            <Descriptions.Item key={a.key} label={a.label}>
              {Array.isArray(a.value) ? a.value.map((v) => <Tag key={v}>{v}</Tag>) : attributeText(a.value)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}

/** 备注: what colleagues wrote about the customer, newest first; each note is on the timeline too. */
export function NotesCard({ customerId, canWrite, onAdded }: { customerId: string; canWrite: boolean; onAdded: () => void }) {
  const t = useT();
  const showError = useShowError();
  const notes = useRequest((signal) => customersApi.notes(customerId, signal).then((r) => r.items), [customerId]);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const add = async () => {
    if (!text.trim()) return;
    setSaving(true);
    try {
      const { note } = await customersApi.addNote(customerId, text.trim());
      notes.setData((items) => [note, ...(items ?? [])]);
      setText('');
      onAdded();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={t('customers.notes')} data-testid="customer-notes">
      {canWrite && (
        <Flex vertical gap={8} style={{ marginBottom: 12 }}>
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('customers.notes.placeholder')} data-testid="customer-note-input" />
          <Button type="primary" size="small" disabled={!text.trim()} loading={saving} onClick={add} style={{ alignSelf: 'flex-end' }} data-testid="customer-note-add">
            {t('customers.notes.add')}
          </Button>
        </Flex>
      )}
      <List
        size="small"
        loading={notes.loading}
        dataSource={notes.data ?? []}
        locale={{ emptyText: t('customers.notes.empty') }}
        renderItem={(n) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Flex vertical style={{ width: '100%' }}>
              <Typography.Paragraph style={{ marginBottom: 2, whiteSpace: 'pre-wrap' }}>{n.body}</Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {n.authorName} · {formatDateTimeShort(n.createdAt)}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

const ORDER_STATUS_COLORS: Record<string, string> = { unpaid: 'orange', paid: 'blue', shipped: 'cyan', completed: 'green', refunded: 'magenta', closed: 'default' };

/** 最近订单: the five latest, any status. */
export function RecentOrdersCard({ orders }: { orders: RecentOrder[] }) {
  const t = useT();
  return (
    <Card size="small" title={t('customers.orders')} data-testid="customer-recent-orders">
      {orders.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.orders.empty')} />
      ) : (
        <List
          size="small"
          dataSource={orders}
          renderItem={(o) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Flex vertical style={{ width: '100%' }} gap={2}>
                <Flex justify="space-between" align="center">
                  <Typography.Text strong>{formatYuan(o.paidTotal, o.currency)}</Typography.Text>
                  <Tag color={ORDER_STATUS_COLORS[o.status]} style={{ marginInlineEnd: 0 }}>{t(`customers.orders.status.${o.status}` as MessageKey)}</Tag>
                </Flex>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                  {o.items.map((i) => `${i.name} ×${i.quantity}`).join('，')}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`customers.platform.${o.platform}` as MessageKey)} {o.platformOrderId} · {formatDateTimeShort(o.placedAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
