import { ApiOutlined, DownOutlined, MailOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Dropdown, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { ChannelIcon } from '../conversations/channel-icon';
import { CreateApiInboxModal, CreateEmailInboxModal } from './create-inbox-modals';
import { InboxDrawer } from './inbox-drawer';
import { inboxesApi, type Inbox } from './inboxes-api';

/**
 * 咨询入口: where customers reach the shop — the website widget, an email address, a marketplace
 * connector — and how each is set up.
 */
export function InboxesPage() {
  const t = useT();
  useDocumentTitle(t('nav.inboxes'));
  const errorText = useErrorText();
  const list = useRequest((signal) => inboxesApi.list(signal), []);
  const [open, setOpen] = useState<Inbox | null>(null);
  const [creating, setCreating] = useState<'email' | 'api' | null>(null);

  const changed = (inbox: Inbox) => {
    list.setData((items) => {
      const rest = (items ?? []).filter((i) => i.id !== inbox.id);
      return [...rest, inbox].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    });
    setOpen((current) => (current?.id === inbox.id ? inbox : current));
  };

  const columns: TableColumnsType<Inbox> = [
    {
      title: t('inbox.col.name'),
      key: 'name',
      render: (_, i) => (
        <Space>
          <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: i.color }} />
          <Typography.Link onClick={() => setOpen(i)} data-testid={`inbox-${i.id}`}>
            {i.name}
          </Typography.Link>
        </Space>
      ),
    },
    {
      title: t('inbox.col.channel'),
      key: 'channel',
      width: 160,
      render: (_, i) => (
        <Space size={6}>
          <ChannelIcon channel={i.channel} withTooltip={false} />
          {t(`conv.channel.${i.channel}`)}
        </Space>
      ),
    },
    {
      title: t('inbox.col.state'),
      key: 'state',
      width: 160,
      render: (_, i) => (i.channel === 'web' ? i.offline ? <Tag color="orange">{t('inbox.state.offline')}</Tag> : <Badge status="success" text={t('inbox.state.online')} /> : <Badge status="success" text={t('inbox.state.receiving')} />),
    },
    { title: t('inbox.col.created'), key: 'created', width: 180, render: (_, i) => formatDateTime(i.createdAt) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, i) => (
        <Button size="small" icon={<SettingOutlined />} onClick={() => setOpen(i)}>
          {t('inbox.settings')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.inboxes')}
        subtitle={t('inbox.subtitle')}
        extra={
          <Dropdown
            menu={{
              items: [
                { key: 'email', icon: <MailOutlined />, label: t('inbox.new.email'), onClick: () => setCreating('email') },
                { key: 'api', icon: <ApiOutlined />, label: t('inbox.new.api'), onClick: () => setCreating('api') },
              ],
            }}
          >
            <Button type="primary" icon={<PlusOutlined />} data-testid="inbox-new">
              {t('inbox.new')} <DownOutlined />
            </Button>
          </Dropdown>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        {list.error && !list.data ? (
          <LoadError message={errorText(list.error)} onRetry={list.reload} />
        ) : (
          <Table rowKey="id" columns={columns} dataSource={list.data ?? []} loading={list.loading} pagination={false} scroll={{ x: 720 }} data-testid="inboxes-table" />
        )}
      </Card>
      {open && <InboxDrawer inbox={open} onClose={() => setOpen(null)} onChanged={changed} />}
      {creating === 'email' && (
        <CreateEmailInboxModal
          onClose={() => setCreating(null)}
          onCreated={(inbox) => {
            changed(inbox);
            setOpen(inbox);
          }}
        />
      )}
      {creating === 'api' && <CreateApiInboxModal onClose={() => setCreating(null)} onCreated={changed} />}
    </>
  );
}
