import { Button, Empty, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { User } from '../../app/api-types';
import { formatDateTime, formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';

type Props = {
  users: User[];
  loading: boolean;
  filtered: boolean;
  canManage: boolean;
  currentUserId: string;
  roleLabel: (role: string) => string;
  specialisationLabel: (key: string | null) => string;
  onEdit: (user: User) => void;
  onSetStatus: (user: User, status: User['status']) => Promise<void>;
};

function Dash() {
  return <Typography.Text type="secondary">—</Typography.Text>;
}

export function UsersTable({ users, loading, filtered, canManage, currentUserId, roleLabel, specialisationLabel, onEdit, onSetStatus }: Props) {
  const t = useT();

  const columns: TableColumnsType<User> = [
    {
      title: t('users.col.name'),
      dataIndex: 'name',
      key: 'name',
      render: (_, user) => (
        <Space size={6}>
          <Typography.Text strong>{user.name}</Typography.Text>
          {user.id === currentUserId && <Tag color="processing">{t('common.you')}</Tag>}
        </Space>
      ),
    },
    { title: t('users.col.email'), dataIndex: 'email', key: 'email', ellipsis: true, width: 168 },
    { title: t('users.col.displayName'), dataIndex: 'displayName', key: 'displayName', render: (v: string | null) => v || <Dash /> },
    { title: t('users.col.nickname'), dataIndex: 'nickname', key: 'nickname', render: (v: string | null) => v || <Dash /> },
    {
      title: t('users.col.role'),
      dataIndex: 'role',
      key: 'role',
      render: (role: string) => <Tag color={role === 'owner' ? 'gold' : role === 'admin' ? 'geekblue' : 'blue'}>{roleLabel(role)}</Tag>,
    },
    {
      title: t('users.col.specialisation'),
      dataIndex: 'specialisation',
      key: 'specialisation',
      render: (v: string | null) => (v ? <Tag color="cyan">{specialisationLabel(v)}</Tag> : <Dash />),
    },
    {
      title: t('users.col.status'),
      dataIndex: 'status',
      key: 'status',
      render: (status: User['status']) =>
        status === 'active' ? <Tag color="success">{t('users.status.active')}</Tag> : <Tag color="default">{t('users.status.deactivated')}</Tag>,
    },
    {
      title: t('users.col.lastLogin'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      render: (v: string | null) =>
        v ? (
          <Tooltip title={formatDateTime(v)}>
            <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeShort(v)}</span>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('common.never')}</Typography.Text>
        ),
    },
  ];

  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) => {
        const isSelf = user.id === currentUserId;
        const isOwner = user.role === 'owner';
        const locked = isSelf ? t('users.selfProtected') : isOwner ? t('users.ownerProtected') : null;
        return (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => onEdit(user)} data-testid={`user-edit-${user.id}`}>
              {t('common.edit')}
            </Button>
            {user.status === 'active' ? (
              <Tooltip title={locked}>
                <Popconfirm
                  title={t('users.deactivateConfirm', { name: user.name })}
                  description={t('users.deactivateConfirmDesc')}
                  okText={t('users.deactivate')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => onSetStatus(user, 'deactivated')}
                  disabled={Boolean(locked)}
                >
                  <Button type="link" size="small" danger disabled={Boolean(locked)} data-testid={`user-deactivate-${user.id}`}>
                    {t('users.deactivate')}
                  </Button>
                </Popconfirm>
              </Tooltip>
            ) : (
              <Popconfirm
                title={t('users.reactivateConfirm', { name: user.name })}
                okText={t('users.reactivate')}
                cancelText={t('common.cancel')}
                onConfirm={() => onSetStatus(user, 'active')}
              >
                <Button type="link" size="small" data-testid={`user-reactivate-${user.id}`}>
                  {t('users.reactivate')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    });
  }

  return (
    <Table<User>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={users}
      loading={loading}
      pagination={users.length > 20 ? { pageSize: 20, showSizeChanger: false, hideOnSinglePage: true } : false}
      scroll={{ x: 'max-content' }}
      rowClassName={(user) => (user.status === 'deactivated' ? 'sd-row-muted' : '')}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('users.emptyFiltered') : t('users.empty')} /> }}
      data-testid="users-table"
    />
  );
}
