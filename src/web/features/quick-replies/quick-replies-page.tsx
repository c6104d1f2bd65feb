import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Popconfirm, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { QuickReply } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import type { MessageKey } from '../../i18n/messages';
import { invalidateQuickReplies, quickRepliesApi, type QuickReplyScope } from './quick-replies-api';
import { QuickReplyModal } from './quick-reply-modal';

/** 快捷回复: the team's library (kept by leads) and each agent's own. */
export function QuickRepliesPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useAuth();
  const errorText = useErrorText();
  const showError = useShowError();
  const canManage = can('quick_replies.manage');
  const [tab, setTab] = useState<QuickReplyScope>('shared');
  const [modal, setModal] = useState<{ editing: QuickReply | null } | null>(null);
  const list = useRequest((signal) => quickRepliesApi.list({}, signal).then((r) => r.items), []);
  const editable = tab === 'personal' || canManage;
  const rows = (list.data ?? []).filter((r) => r.scope === tab);

  const changed = (update: (items: QuickReply[]) => QuickReply[]) => {
    list.setData((items) => update(items ?? []));
    invalidateQuickReplies();
  };

  const onDelete = async (reply: QuickReply) => {
    try {
      await quickRepliesApi.remove(reply.scope, reply.id);
      changed((items) => items.filter((r) => r.id !== reply.id));
      message.success(t('qr.deleted'));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<QuickReply> = [
    {
      title: t('qr.col.shortcut'),
      dataIndex: 'shortcut',
      key: 'shortcut',
      width: 120,
      render: (v: string) => <Typography.Text code>/{v}</Typography.Text>,
    },
    { title: t('qr.col.title'), dataIndex: 'title', key: 'title', width: 160, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    {
      title: t('qr.col.step'),
      dataIndex: 'step',
      key: 'step',
      width: 110,
      render: (v: QuickReply['step']) => (v ? <Tag color="blue">{t(`qr.step.${v}` as MessageKey)}</Tag> : <Typography.Text type="secondary">{t('qr.step.none')}</Typography.Text>),
    },
    {
      title: t('qr.col.body'),
      dataIndex: 'body',
      key: 'body',
      render: (v: string) => <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap', minWidth: 240 }} ellipsis={{ rows: 2, tooltip: v }}>{v}</Typography.Paragraph>,
    },
  ];
  if (editable) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_, reply) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setModal({ editing: reply })} data-testid={`quick-reply-edit-${reply.shortcut}`}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('qr.deleteConfirm', { shortcut: reply.shortcut })}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => onDelete(reply)}
          >
            <Button type="link" size="small" danger data-testid={`quick-reply-delete-${reply.shortcut}`}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const table = (scope: QuickReplyScope) =>
    list.error && !list.data ? (
      <LoadError message={errorText(list.error)} onRetry={list.reload} />
    ) : (
      <>
        {scope === 'shared' && !canManage && <Alert type="info" showIcon title={t('qr.sharedReadOnly')} style={{ marginBottom: 12 }} data-testid="quick-replies-readonly" />}
        <Table<QuickReply>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.loading}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(scope === 'shared' ? 'qr.empty.shared' : 'qr.empty.personal')} /> }}
          data-testid={`quick-replies-table-${scope}`}
        />
      </>
    );

  return (
    <>
      <PageHeader
        title={t('nav.quickReplies')}
        subtitle={t('qr.subtitle')}
        extra={
          editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ editing: null })} data-testid="quick-reply-create">
              {t('qr.create')}
            </Button>
          )
        }
      />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as QuickReplyScope)}
          items={[
            { key: 'shared', label: <span data-testid="quick-replies-tab-shared">{t('qr.tab.shared')}</span>, children: table('shared') },
            { key: 'personal', label: <span data-testid="quick-replies-tab-personal">{t('qr.tab.personal')}</span>, children: table('personal') },
          ]}
        />
      </Card>
      <QuickReplyModal
        open={modal !== null}
        scope={tab}
        editing={modal?.editing ?? null}
        onClose={() => setModal(null)}
        onSaved={(reply, created) => {
          changed((items) => (created ? [...items, reply].sort((a, b) => a.shortcut.localeCompare(b.shortcut)) : items.map((r) => (r.id === reply.id ? reply : r))));
          setModal(null);
          message.success(t(created ? 'qr.created' : 'qr.saved'));
        }}
      />
    </>
  );
}
