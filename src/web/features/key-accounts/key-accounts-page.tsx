import { Button, Card, Empty, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { CompleteVisitModal } from './complete-visit-modal';
import { discountText, rhythmText } from './key-account-card';
import { keyAccountsApi, membersApi, type KeyAccount, type Visit } from './key-accounts-api';

const DUE_DAYS = 7;
const customerLink = (id: string, name: string | null) => <Link to={`/customers/${encodeURIComponent(id)}`}>{name ?? id}</Link>;

/** 大客户: 我的待回访 (the due and overdue return visits) and every key account with its policy. */
export function KeyAccountsPage() {
  const t = useT();
  useDocumentTitle(t('nav.keyAccounts'));
  return (
    <>
      <PageHeader title={t('nav.keyAccounts')} subtitle={t('keyAccounts.subtitle')} />
      <Card>
        <Tabs
          items={[
            { key: 'due', label: t('keyAccounts.tab.due'), children: <DueVisits /> },
            { key: 'all', label: t('keyAccounts.tab.all'), children: <AllKeyAccounts /> },
          ]}
        />
      </Card>
    </>
  );
}

function DueVisits() {
  const t = useT();
  const { can, session } = useAuth();
  const errorText = useErrorText();
  const canPickManager = can('key_accounts.manage');
  const [managerId, setManagerId] = useState<string | undefined>(undefined);
  const members = useRequest((signal) => membersApi.list(signal), [], canPickManager);
  const due = useRequest((signal) => keyAccountsApi.due({ managerId, days: DUE_DAYS }, signal), [managerId]);
  const [completing, setCompleting] = useState<Visit | null>(null);

  const columns: TableColumnsType<Visit> = [
    { title: t('keyAccounts.col.customer'), key: 'customer', render: (_, v) => customerLink(v.customerId, v.customerName) },
    { title: t('keyAccounts.col.company'), dataIndex: 'company', key: 'company', render: (c: string | null) => c ?? '—' },
    {
      title: t('keyAccounts.col.due'),
      key: 'due',
      render: (_, v) => (
        <Space>
          {formatDateTimeShort(v.dueAt)}
          {v.overdue && <Tag color="red">{t('keyAccounts.overdue')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, v) => (
        <Button size="small" type="primary" onClick={() => setCompleting(v)} data-testid={`due-complete-${v.id}`}>
          {t('keyAccounts.complete')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {canPickManager && (
          <Select
            style={{ width: 220 }}
            value={managerId ?? session?.user.id}
            onChange={(id) => setManagerId(id === session?.user.id ? undefined : id)}
            showSearch
            optionFilterProp="label"
            options={(members.data ?? []).map((m) => ({ value: m.id, label: m.id === session?.user.id ? `${m.name}（${t('keyAccounts.due.me')}）` : m.name }))}
            data-testid="due-manager"
          />
        )}
        <Typography.Text type="secondary">{t('keyAccounts.due.days', { days: DUE_DAYS })}</Typography.Text>
      </Space>
      {due.error && !due.data ? (
        <LoadError message={errorText(due.error)} onRetry={due.reload} />
      ) : (
        <Table<Visit>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={due.data ?? []}
          loading={due.loading}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('keyAccounts.due.empty')} /> }}
          data-testid="due-visits-table"
        />
      )}
      <CompleteVisitModal
        visit={completing}
        onClose={() => setCompleting(null)}
        onDone={() => {
          setCompleting(null);
          due.reload();
        }}
      />
    </>
  );
}

function AllKeyAccounts() {
  const t = useT();
  const errorText = useErrorText();
  const list = useRequest((signal) => keyAccountsApi.list(signal), []);
  const columns: TableColumnsType<KeyAccount> = [
    { title: t('keyAccounts.col.customer'), key: 'customer', render: (_, k) => customerLink(k.customerId, k.customerName) },
    { title: t('keyAccounts.col.company'), dataIndex: 'company', key: 'company', render: (c: string | null) => c ?? '—' },
    { title: t('keyAccounts.col.manager'), key: 'manager', render: (_, k) => k.manager?.name ?? '—' },
    { title: t('keyAccounts.col.discount'), key: 'discount', render: (_, k) => discountText(t, k.discountPercent) },
    { title: t('keyAccounts.col.paymentTerms'), dataIndex: 'paymentTerms', key: 'paymentTerms', render: (p: string | null) => p ?? '—' },
    { title: t('keyAccounts.col.rhythm'), key: 'rhythm', render: (_, k) => rhythmText(t, k.visitEvery) },
    { title: t('keyAccounts.col.nextVisit'), key: 'next', render: (_, k) => formatDateTimeShort(k.nextVisitAt) || '—' },
    { title: t('keyAccounts.col.lastVisit'), key: 'last', render: (_, k) => formatDateTimeShort(k.lastVisitAt) || '—' },
  ];
  if (list.error && !list.data) return <LoadError message={errorText(list.error)} onRetry={list.reload} />;
  return (
    <Table<KeyAccount>
      rowKey="customerId"
      size="middle"
      columns={columns}
      dataSource={list.data ?? []}
      loading={list.loading}
      pagination={(list.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('keyAccounts.empty')} /> }}
      data-testid="key-accounts-table"
    />
  );
}
