import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ApiToken } from '../../app/api-types';
import { useSession } from '../../app/auth-provider';
import { formatDateTime, formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { assignableRoles, useRolesCatalog } from '../../app/use-roles-catalog';
import { CreateTokenModal } from './create-token-modal';
import { TokenSecretModal } from './token-secret-modal';
import { tokensApi, tokenStatus, type TokenStatus } from './tokens-api';

const STATUS_COLORS: Record<TokenStatus, string> = { active: 'success', expired: 'default', revoked: 'error' };

export function TokensPage() {
  const t = useT();
  const { message } = App.useApp();
  const { user } = useSession();
  const { roleLabel, roleOptions } = useRolesCatalog();
  const errorText = useErrorText();
  const showError = useShowError();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const tokens = useRequest((signal) => tokensApi.list(signal), []);
  const dash = <Typography.Text type="secondary">—</Typography.Text>;

  const onRevoke = async (token: ApiToken) => {
    try {
      await tokensApi.revoke(token.id);
      const revokedAt = new Date().toISOString();
      tokens.setData((list) => list?.map((item) => (item.id === token.id ? { ...item, revokedAt } : item)));
      message.success(t('tokens.revoked'));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<ApiToken> = [
    { title: t('tokens.col.name'), dataIndex: 'name', key: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('tokens.col.prefix'), dataIndex: 'prefix', key: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
    { title: t('tokens.col.role'), dataIndex: 'role', key: 'role', render: (v: string) => <Tag color="blue">{roleLabel(v)}</Tag> },
    { title: t('tokens.col.createdBy'), dataIndex: 'createdBy', key: 'createdBy', render: (v: ApiToken['createdBy']) => v?.name || dash },
    {
      title: t('tokens.col.lastUsed'),
      dataIndex: 'lastUsedAt',
      key: 'lastUsedAt',
      render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('tokens.neverUsed')}</Typography.Text>),
    },
    {
      title: t('tokens.col.expires'),
      dataIndex: 'expiresAt',
      key: 'expiresAt',
      render: (v: string | null) => (v ? formatDateTimeShort(v) : <Typography.Text type="secondary">{t('tokens.neverExpires')}</Typography.Text>),
    },
    {
      title: t('tokens.col.status'),
      key: 'status',
      render: (_, token) => {
        const status = tokenStatus(token);
        const tag = <Tag color={STATUS_COLORS[status]}>{t(`tokens.status.${status}`)}</Tag>;
        return token.revokedAt ? <Tooltip title={formatDateTime(token.revokedAt)}>{tag}</Tooltip> : tag;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, token) =>
        tokenStatus(token) === 'active' ? (
          <Popconfirm
            title={t('tokens.revokeConfirm', { name: token.name })}
            description={<div style={{ maxWidth: 280 }}>{t('tokens.revokeConfirmDesc')}</div>}
            okText={t('tokens.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => onRevoke(token)}
          >
            <Button type="link" size="small" danger data-testid={`token-revoke-${token.id}`}>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ) : (
          dash
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.tokens')}
        subtitle={t('tokens.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create-open">
            {t('tokens.create')}
          </Button>
        }
      />
      <Card>
        {tokens.error && !tokens.data ? (
          <LoadError message={errorText(tokens.error)} onRetry={tokens.reload} />
        ) : (
          <Table<ApiToken>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={tokens.data ?? []}
            loading={tokens.loading}
            pagination={false}
            scroll={{ x: 'max-content' }}
            rowClassName={(token) => (tokenStatus(token) === 'active' ? '' : 'sd-row-muted')}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tokens.empty')} /> }}
            data-testid="tokens-table"
          />
        )}
      </Card>
      <CreateTokenModal
        open={creating}
        roleOptions={roleOptions(assignableRoles(user.role))}
        onClose={() => setCreating(false)}
        onCreated={(token, secret) => {
          tokens.setData((list) => [token, ...(list ?? [])]);
          setCreating(false);
          setCreated({ name: token.name, secret });
        }}
      />
      <TokenSecretModal created={created} onClose={() => setCreated(null)} />
    </>
  );
}
