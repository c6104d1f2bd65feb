import { Button, Empty, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Invitation } from '../../app/api-types';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';

type Props = {
  invitations: Invitation[];
  loading: boolean;
  canManage: boolean;
  roleLabel: (role: string) => string;
  specialisationLabel: (key: string | null) => string;
  onRevoke: (invitation: Invitation) => Promise<void>;
};

export function InvitationsTable({ invitations, loading, canManage, roleLabel, specialisationLabel, onRevoke }: Props) {
  const t = useT();
  const dash = <Typography.Text type="secondary">—</Typography.Text>;

  const columns: TableColumnsType<Invitation> = [
    { title: t('users.col.email'), dataIndex: 'email', key: 'email', render: (email: string) => <Typography.Text strong>{email}</Typography.Text> },
    { title: t('users.col.name'), dataIndex: 'name', key: 'name', render: (v: string | null) => v || dash },
    {
      title: t('users.col.role'),
      dataIndex: 'role',
      key: 'role',
      render: (role: string, inv) => (
        <>
          <Tag color="blue">{roleLabel(role)}</Tag>
          {inv.specialisation && <Tag color="cyan">{specialisationLabel(inv.specialisation)}</Tag>}
        </>
      ),
    },
    { title: t('users.col.status'), key: 'status', render: () => <Tag color="warning">{t('users.status.pending')}</Tag> },
    { title: t('invitations.col.invitedBy'), dataIndex: 'invitedBy', key: 'invitedBy', render: (v: Invitation['invitedBy']) => v?.name || dash },
    { title: t('invitations.col.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatDateTimeShort(v) },
    { title: t('invitations.col.expiresAt'), dataIndex: 'expiresAt', key: 'expiresAt', render: (v: string) => formatDateTimeShort(v) },
  ];

  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, inv) => (
        <Popconfirm
          title={t('invitations.revokeConfirm', { email: inv.email })}
          description={t('invitations.revokeConfirmDesc')}
          okText={t('invitations.revoke')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => onRevoke(inv)}
        >
          <Button type="link" size="small" danger data-testid={`invitation-revoke-${inv.id}`}>
            {t('invitations.revoke')}
          </Button>
        </Popconfirm>
      ),
    });
  }

  return (
    <Table<Invitation>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={invitations}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('invitations.empty')} /> }}
      data-testid="invitations-table"
    />
  );
}
