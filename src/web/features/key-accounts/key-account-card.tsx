import { CrownOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT, type Translate } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { CompleteVisitModal } from './complete-visit-modal';
import { KeyAccountModal } from './key-account-modal';
import { keyAccountsApi, type KeyAccount, type Visit } from './key-accounts-api';

export function discountText(t: Translate, percent: number | null): string {
  if (percent === null) return '—';
  return t('keyAccounts.discount', { off: percent, zhe: Number(((100 - percent) / 10).toFixed(2)) });
}

export function rhythmText(t: Translate, every: KeyAccount['visitEvery']): string {
  return every ? t('keyAccounts.every', { n: every.n, unit: t(`keyAccounts.unit.${every.unit}`) }) : t('keyAccounts.form.noSchedule');
}

const VISIT_COLORS: Record<Visit['status'], string> = { scheduled: 'blue', done: 'green', cancelled: 'default' };

/** 大客户 on the customer page: the file, sales policy, manager and return visits of one customer. */
export function KeyAccountCard({ customerId }: { customerId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const { can, session } = useAuth();
  const errorText = useErrorText();
  const showError = useShowError();
  const canManage = can('key_accounts.manage');
  const ka = useRequest((signal) => keyAccountsApi.get(customerId, signal), [customerId]);
  const visits = useRequest((signal) => keyAccountsApi.visits(customerId, signal), [customerId]);
  const [editing, setEditing] = useState(false);
  const [completing, setCompleting] = useState<Visit | null>(null);

  const remove = async () => {
    try {
      await keyAccountsApi.remove(customerId);
      message.success(t('keyAccounts.card.removed'));
      ka.setData(() => null);
      visits.reload();
    } catch (err) {
      showError(err);
    }
  };

  const current = ka.data ?? null;
  const mayComplete = (v: Visit) => v.status === 'scheduled' && (canManage || v.manager?.id === session?.user.id);
  const extra = canManage && (
    <Space size={0}>
      <Button type="link" size="small" onClick={() => setEditing(true)} data-testid="key-account-edit">
        {t(current ? 'keyAccounts.card.edit' : 'keyAccounts.card.make')}
      </Button>
      {current && (
        <Popconfirm title={t('keyAccounts.card.removeConfirm')} okText={t('keyAccounts.card.remove')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={remove}>
          <Button type="link" size="small" danger>
            {t('keyAccounts.card.remove')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <Card size="small" title={<Space><CrownOutlined />{t('keyAccounts.card.title')}</Space>} extra={extra} loading={ka.loading && !ka.data} data-testid="key-account-card">
      {ka.error ? (
        <LoadError message={errorText(ka.error)} onRetry={ka.reload} />
      ) : !current ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('keyAccounts.card.not')} />
      ) : (
        <>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('keyAccounts.col.manager')}>{current.manager?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('keyAccounts.col.company')}>{current.company ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('keyAccounts.card.contacts')}>
              {current.contacts.length ? current.contacts.map((c) => [c.name, c.title, c.phone, c.email].filter(Boolean).join(' · ')).join('；') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('keyAccounts.col.discount')}>{discountText(t, current.discountPercent)}</Descriptions.Item>
            <Descriptions.Item label={t('keyAccounts.col.paymentTerms')}>{current.paymentTerms ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('keyAccounts.card.contractTerms')}>{current.contractTerms ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('keyAccounts.card.notes')}>{current.notes ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('keyAccounts.col.rhythm')}>{rhythmText(t, current.visitEvery)}</Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t('keyAccounts.card.visits')}</Typography.Text>
          <List<Visit>
            size="small"
            dataSource={visits.data ?? []}
            loading={visits.loading}
            locale={{ emptyText: t('keyAccounts.card.noVisits') }}
            renderItem={(v) => (
              <List.Item actions={mayComplete(v) ? [<Button key="done" size="small" onClick={() => setCompleting(v)} data-testid={`visit-complete-${v.id}`}>{t('keyAccounts.complete')}</Button>] : []}>
                <List.Item.Meta
                  title={
                    <Space>
                      <Tag color={v.overdue ? 'red' : VISIT_COLORS[v.status]}>{v.overdue ? t('keyAccounts.overdue') : t(`keyAccounts.visit.${v.status}`)}</Tag>
                      {formatDateTimeShort(v.doneAt ?? v.dueAt)}
                    </Space>
                  }
                  description={v.outcome ? `${v.outcome}${v.doneBy ? ` —— ${v.doneBy.name}` : ''}` : undefined}
                />
              </List.Item>
            )}
          />
        </>
      )}
      <KeyAccountModal
        customerId={customerId}
        open={editing}
        current={current}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          ka.setData(() => saved);
          visits.reload();
          setEditing(false);
          message.success(t('keyAccounts.card.saved'));
        }}
      />
      <CompleteVisitModal
        visit={completing}
        onClose={() => setCompleting(null)}
        onDone={() => {
          setCompleting(null);
          visits.reload();
          ka.reload();
        }}
      />
    </Card>
  );
}
