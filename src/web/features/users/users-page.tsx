import { ReloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Flex, Input, Select, Space, Tabs, Tooltip } from 'antd';
import { useState } from 'react';
import type { Invitation, Role, User } from '../../app/api-types';
import { useAuth, useSession } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { assignableRoles, useRolesCatalog } from '../../app/use-roles-catalog';
import { EditUserModal } from './edit-user-modal';
import { InvitationsTable } from './invitations-table';
import { InviteModal } from './invite-modal';
import { usersApi } from './users-api';
import { UsersTable } from './users-table';

type TabKey = 'members' | 'invitations';

export function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can, setUser } = useAuth();
  const { user: me } = useSession();
  const catalog = useRolesCatalog();
  const showError = useShowError();
  const errorText = useErrorText();
  const canManage = can('users.manage');

  const [tab, setTab] = useState<TabKey>('members');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>(undefined);
  const [status, setStatus] = useState<User['status'] | undefined>(undefined);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);

  const users = useRequest((signal) => usersApi.list({ q: q || undefined, role, status }, signal), [q, role, status]);
  const invitations = useRequest((signal) => usersApi.invitations(signal), []);

  const grantable = assignableRoles(me.role);
  const roleEditable = Boolean(editing) && editing?.id !== me.id && editing?.role !== 'owner' && grantable.includes(editing!.role);

  const replaceUser = (updated: User) => users.setData((list) => list?.map((u) => (u.id === updated.id ? updated : u)));

  const onSetStatus = async (user: User, next: User['status']) => {
    try {
      const updated = next === 'deactivated' ? await usersApi.deactivate(user.id) : await usersApi.reactivate(user.id);
      replaceUser(updated);
      message.success(t(next === 'deactivated' ? 'users.deactivated' : 'users.reactivated', { name: user.name }));
    } catch (err) {
      showError(err);
    }
  };

  const onRevoke = async (invitation: Invitation) => {
    try {
      await usersApi.revokeInvitation(invitation.id);
      invitations.setData((list) => list?.filter((i) => i.id !== invitation.id));
      message.success(t('invitations.revoked'));
    } catch (err) {
      showError(err);
    }
  };

  const onInvited = (invitation: Invitation) => invitations.setData((list) => [invitation, ...(list ?? []).filter((i) => i.id !== invitation.id)]);

  const filtered = Boolean(q || role || status);
  const memberCount = users.data?.length;
  const pendingCount = invitations.data?.length ?? 0;

  const membersTab = (
    <>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('users.searchPlaceholder')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            if (!e.target.value) setQ('');
          }}
          onSearch={(value) => setQ(value.trim())}
          style={{ width: 320 }}
          data-testid="users-search"
        />
        <Select
          allowClear
          placeholder={t('users.allRoles')}
          value={role}
          onChange={setRole}
          options={catalog.roleOptions()}
          style={{ width: 160 }}
          data-testid="users-role-filter"
        />
        <Select
          allowClear
          placeholder={t('users.allStatuses')}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('users.status.active') },
            { value: 'deactivated', label: t('users.status.deactivated') },
          ]}
          style={{ width: 140 }}
          data-testid="users-status-filter"
        />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={users.reload} aria-label={t('common.refresh')} />
        </Tooltip>
      </Flex>
      {users.error && !users.data ? (
        <LoadError message={errorText(users.error)} onRetry={users.reload} />
      ) : (
        <UsersTable
          users={users.data ?? []}
          loading={users.loading}
          filtered={filtered}
          canManage={canManage}
          currentUserId={me.id}
          roleLabel={catalog.roleLabel}
          specialisationLabel={catalog.specialisationLabel}
          onEdit={setEditing}
          onSetStatus={onSetStatus}
        />
      )}
    </>
  );

  const invitationsTab =
    invitations.error && !invitations.data ? (
      <LoadError message={errorText(invitations.error)} onRetry={invitations.reload} />
    ) : (
      <InvitationsTable
        invitations={invitations.data ?? []}
        loading={invitations.loading}
        canManage={canManage}
        roleLabel={catalog.roleLabel}
        specialisationLabel={catalog.specialisationLabel}
        onRevoke={onRevoke}
      />
    );

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        subtitle={t('users.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviting(true)} data-testid="invite-open">
              {t('invite.open')}
            </Button>
          )
        }
      />
      {!canManage && <Alert type="info" showIcon title={t('users.readOnly')} style={{ marginBottom: 16 }} data-testid="users-read-only" />}
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as TabKey)}
          items={[
            {
              key: 'members',
              label: (
                <Space size={6}>
                  {t('users.tab.members')}
                  {memberCount !== undefined && <Badge count={memberCount} showZero color="#bfbfbf" overflowCount={999} />}
                </Space>
              ),
              children: membersTab,
            },
            {
              key: 'invitations',
              label: (
                <Space size={6} data-testid="invitations-tab">
                  {t('users.tab.invitations')}
                  {pendingCount > 0 && <Badge count={pendingCount} color="gold" />}
                </Space>
              ),
              children: invitationsTab,
            },
          ]}
        />
      </Card>
      {canManage && (
        <>
          <InviteModal
            open={inviting}
            roleOptions={catalog.roleOptions(grantable)}
            specialisationOptions={catalog.specialisationOptions()}
            onClose={() => setInviting(false)}
            onInvited={onInvited}
          />
          <EditUserModal
            user={editing}
            roleEditable={roleEditable}
            roleOptions={catalog.roleOptions(grantable)}
            allRoleOptions={catalog.roleOptions()}
            specialisationOptions={catalog.specialisationOptions()}
            onClose={() => setEditing(null)}
            onSaved={(updated) => {
              replaceUser(updated);
              if (updated.id === me.id) setUser(updated);
              setEditing(null);
              message.success(t('users.updated'));
            }}
          />
        </>
      )}
    </>
  );
}
