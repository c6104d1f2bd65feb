import { ApartmentOutlined, CrownOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import type { RequestState } from '../../app/use-request';
import { STATUS_COLORS } from './agent-status';
import { TeamMembersModal } from './team-members-modal';
import { TeamModal, type TeamEditing } from './team-modal';
import { buildTeamTree, selfAndDescendants, teamPath, type TeamNode } from './team-tree';
import { agentLabel, teamsApi, type Agent, type Team } from './teams-api';

type Props = { teams: RequestState<Team[]>; agents: readonly Agent[]; canManage: boolean; onMembershipChanged: () => void };

const MAX_NAMES = 4;

/** 团队: business lines and their groups as a tree; members, leads and who is online in each. */
export function TeamsTab({ teams, agents, canManage, onMembershipChanged }: Props) {
  const t = useT();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const [editing, setEditing] = useState<TeamEditing | null>(null);
  const [membersOf, setMembersOf] = useState<Team | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());

  const list = useMemo(() => teams.data ?? [], [teams.data]);
  const tree = useMemo(() => buildTeamTree(list), [list]);
  const byUser = useMemo(() => new Map(agents.map((a) => [a.userId, a])), [agents]);
  const expanded = list.filter((x) => !collapsed.has(x.id)).map((x) => x.id);
  // A business line counts the people of its groups too (each person once).
  const peopleUnder = useMemo(() => {
    const out = new Map<string, Set<string>>();
    for (const team of list) {
      const ids = new Set<string>();
      for (const id of selfAndDescendants(list, team.id)) for (const m of list.find((x) => x.id === id)?.members ?? []) ids.add(m.userId);
      out.set(team.id, ids);
    }
    return out;
  }, [list]);

  const onDelete = async (team: Team) => {
    try {
      await teamsApi.remove(team.id);
      const gone = selfAndDescendants(list, team.id);
      teams.setData((items) => items?.filter((x) => !gone.has(x.id)));
      message.success(t('teams.deleted', { name: team.name }));
      onMembershipChanged();
    } catch (err) {
      // The reason (a rule still sends chats here …) must be read, not flash by.
      modal.error({ title: t('teams.deleteFailed', { name: team.name }), content: errorText(err), okText: t('common.done') });
    }
  };

  const columns: TableColumnsType<TeamNode> = [
    {
      title: t('teams.col.name'),
      key: 'name',
      render: (_, n) => (
        <Space size={6} style={{ verticalAlign: 'middle' }}>
          {n.depth === 0 ? <ApartmentOutlined style={{ color: '#1677ff' }} /> : <TeamOutlined style={{ color: '#8c8c8c' }} />}
          <Typography.Text strong={n.depth === 0} data-testid="team-name-cell">
            {n.name}
          </Typography.Text>
          {n.depth === 0 && <Tag bordered={false}>{t('teams.kind.line')}</Tag>}
          {n.description && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>
              {n.description}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('teams.col.members'),
      key: 'members',
      render: (_, n) => {
        const all = peopleUnder.get(n.id)?.size ?? 0;
        const withGroups = n.children?.length && all > n.members.length ? (
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {t('teams.withGroups', { count: all })}
          </Typography.Text>
        ) : null;
        if (n.members.length === 0) return withGroups ?? <Typography.Text type="secondary">{t('teams.noMembers')}</Typography.Text>;
        const names = [...n.members].sort((a, b) => Number(b.isLead) - Number(a.isLead));
        const shown = names.slice(0, MAX_NAMES);
        const rest = names.slice(MAX_NAMES);
        return (
          <Flex gap={4} wrap align="center" data-testid="team-members-cell">
            <Typography.Text style={{ marginInlineEnd: 4, whiteSpace: 'nowrap' }}>{t('teams.memberCount', { count: n.members.length })}</Typography.Text>
            {shown.map((m) => {
              const agent = byUser.get(m.userId);
              return (
                <Tag key={m.userId} bordered={false} color={m.isLead ? 'gold' : undefined} style={{ marginInlineEnd: 0 }}>
                  {agent && <Badge color={STATUS_COLORS[agent.status]} style={{ marginInlineEnd: 4 }} />}
                  {m.isLead && <CrownOutlined aria-label={t('teams.members.lead')} style={{ marginInlineEnd: 2 }} />}
                  {agent ? agentLabel(agent) : m.name}
                </Tag>
              );
            })}
            {rest.length > 0 && (
              <Tooltip title={rest.map((m) => (byUser.get(m.userId) ? agentLabel(byUser.get(m.userId)!) : m.name)).join('、')}>
                <Tag bordered={false}>+{rest.length}</Tag>
              </Tooltip>
            )}
            {withGroups}
          </Flex>
        );
      },
    },
    {
      title: t('teams.col.online'),
      key: 'online',
      width: 120,
      render: (_, n) => {
        const states = [...(peopleUnder.get(n.id) ?? [])].map((id) => byUser.get(id)?.status ?? 'offline');
        const online = states.filter((s) => s === 'online').length;
        const busy = states.filter((s) => s === 'busy').length;
        return (
          <Tooltip title={states.length ? t('teams.onlineTip', { online, busy, total: states.length }) : undefined}>
            <span data-testid="team-online-cell" style={{ whiteSpace: 'nowrap' }}>
              <Badge color={online > 0 ? STATUS_COLORS.online : STATUS_COLORS.offline} text={t('teams.onlineCount', { online, total: states.length })} />
            </span>
          </Tooltip>
        );
      },
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, n) => (
        <Space size={0} style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" onClick={() => setMembersOf(n)} aria-label={t('teams.action.membersOf', { name: n.name })} data-testid={`team-members-${n.id}`}>
            {t('teams.action.members')}
          </Button>
          <Button type="link" size="small" onClick={() => setEditing({ mode: 'create', parentId: n.id })} aria-label={t('teams.action.addSubOf', { name: n.name })} data-testid={`team-add-sub-${n.id}`}>
            {t('teams.action.addSub')}
          </Button>
          <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', team: n })} aria-label={t('teams.action.editOf', { name: n.name })} data-testid={`team-edit-${n.id}`}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('teams.deleteConfirm', { name: n.name })}
            description={n.children?.length ? t('teams.deleteConfirmSubs', { count: selfAndDescendants(list, n.id).size - 1 }) : t('teams.deleteConfirmDesc')}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => onDelete(n)}
          >
            <Button type="link" size="small" danger aria-label={t('teams.action.deleteOf', { name: n.name })} data-testid={`team-delete-${n.id}`}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const empty = (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span style={{ whiteSpace: 'pre-line' }}>{t(canManage ? 'teams.empty' : 'teams.emptyReadOnly')}</span>}>
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parentId: null })}>
          {t('teams.createFirst')}
        </Button>
      )}
    </Empty>
  );

  return (
    <>
      <Flex justify="space-between" align="center" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" style={{ flex: 1, minWidth: 0 }}>
          {t('teams.intro')}
        </Typography.Text>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parentId: null })} data-testid="team-create">
            {t('teams.create')}
          </Button>
        )}
      </Flex>
      {teams.error && !teams.data ? (
        <LoadError message={errorText(teams.error)} onRetry={teams.reload} />
      ) : (
        <Table<TeamNode>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tree}
          loading={teams.loading}
          pagination={false}
          expandable={{
            expandedRowKeys: expanded,
            onExpand: (open, n) =>
              setCollapsed((set) => {
                const next = new Set(set);
                if (open) next.delete(n.id);
                else next.add(n.id);
                return next;
              }),
          }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: teams.loading && !teams.data ? ' ' : empty }}
          data-testid="teams-table"
        />
      )}
      <TeamModal
        editing={editing}
        teams={list}
        onClose={() => setEditing(null)}
        onSaved={(team, created) => {
          teams.setData((items) => [...(items ?? []).filter((x) => x.id !== team.id), team]);
          // A new sub-team shows under its parent: open the parent if it was folded.
          if (team.parentId) setCollapsed((set) => new Set([...set].filter((id) => id !== team.parentId)));
          message.success(t(created ? 'teams.created' : 'teams.saved', { name: team.name }));
          setEditing(null);
          if (!created) onMembershipChanged();
        }}
      />
      <TeamMembersModal
        team={membersOf}
        teamPath={membersOf ? teamPath(list, membersOf.id) : ''}
        agents={agents}
        onClose={() => setMembersOf(null)}
        onSaved={(team) => {
          teams.setData((items) => items?.map((x) => (x.id === team.id ? team : x)));
          message.success(t('teams.members.saved', { name: team.name }));
          setMembersOf(null);
          onMembershipChanged();
        }}
      />
    </>
  );
}
