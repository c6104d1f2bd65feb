import { Alert, App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { customerMergeApi, type CustomerMerge } from './customer-merge-api';
import { ReasonTags } from './reason-tags';

/** 合并记录 on the customer page: the merges this record took part in, each undoable once by customers.manage. */
export function MergeHistoryCard({ customerId, onChanged }: { customerId: string; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useAuth();
  const showError = useShowError();
  const status = useRequest((signal) => customerMergeApi.status(customerId, signal), [customerId]);
  const items = status.data?.items ?? [];
  if (!status.data || items.length === 0) return null;

  const undo = async (m: CustomerMerge) => {
    try {
      await customerMergeApi.undo(m.id);
      message.success(t('merge.undoDone'));
      status.reload();
      onChanged();
    } catch (err) {
      showError(err);
    }
  };

  const other = (m: CustomerMerge) => (m.survivor.id === customerId ? m.merged : m.survivor);
  return (
    <Card size="small" title={t('merge.history.title')} data-testid="merge-history">
        <List
          size="small"
          dataSource={items}
          renderItem={(m) => {
            const who = other(m);
            const name = who.name || who.id;
            const title = m.survivor.id === customerId ? t('merge.history.mergedIn', { name }) : t('merge.history.mergedInto', { name });
            return (
              <List.Item
                actions={
                  !m.undoneAt && can('customers.manage')
                    ? [
                        <Popconfirm key="undo" title={t('merge.undoConfirm')} okText={t('merge.undo')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => undo(m)}>
                          <Button size="small" type="link" danger data-testid="merge-undo">{t('merge.undo')}</Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <Space direction="vertical" size={2}>
                  <Link to={`/customers/${encodeURIComponent(who.id)}`}>{title}</Link>
                  <ReasonTags reasons={m.reasons} />
                  <Typography.Text type="secondary">{t('merge.history.moved', { orders: m.moved.orders, conversations: m.moved.conversations, points: m.moved.points })}</Typography.Text>
                  <Typography.Text type="secondary">{t('merge.history.by', { name: m.by.name ?? '—', at: formatDateTimeShort(m.createdAt) })}</Typography.Text>
                  {m.undoneAt && <Tag>{t('merge.history.undone', { at: formatDateTimeShort(m.undoneAt), name: m.undoneBy?.name ?? '—' })}</Tag>}
                </Space>
              </List.Item>
            );
          }}
        />
    </Card>
  );
}

/** The notice on a record that was merged into another: where it went, and a way there. */
export function MergedNotice({ customerId }: { customerId: string }) {
  const t = useT();
  const status = useRequest((signal) => customerMergeApi.status(customerId, signal), [customerId]);
  const into = status.data?.mergedInto;
  if (!into) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="merged-notice"
      message={t('merge.notice.title', { name: into.name || into.id })}
      description={t('merge.notice.desc', { at: formatDateTimeShort(into.mergedAt) })}
      action={
        <Link to={`/customers/${encodeURIComponent(into.id)}`}>
          <Button size="small" type="primary">{t('merge.notice.open')}</Button>
        </Link>
      }
    />
  );
}
