import { InfoCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Input, Select, Space, Table, Tag, Tooltip, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import type { RequestState } from '../../app/use-request';
import { useRolesCatalog } from '../../app/use-roles-catalog';
import { AgentLoad, AgentStatusBadge, AgentStatusSelect, channelKey, STATUS_COLORS, statusKey } from './agent-status';
import { AgentModal } from './agent-modal';
import { buildTeamTree, selfAndDescendants, teamTreeOptions } from './team-tree';
import { agentLabel, agentsApi, AGENT_STATUSES, ROUTING_CHANNELS, type Agent, type AgentStatus, type Team } from './teams-api';

type Props = {
  agents: RequestState<Agent[]>;
  teams: readonly Team[];
  canManage: boolean;
  canSetStatus: boolean;
  replaceAgent: (agent: Agent) => void;
  onTeamsChanged: () => void;
};

function Dash() {
  return <Typography.Text type="secondary">—</Typography.Text>;
}

/** 客服: names, teams, capacity and live status and load of everyone who answers customers. */
export function AgentsTab({ agents, teams, canManage, canSetStatus, replaceAgent, onTeamsChanged }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const showError = useShowError();
  const { roleLabel } = useRolesCatalog();
  const [q, setQ] = useState('');
  const [teamId, setTeamId] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<AgentStatus | undefined>(undefined);
  const [editing, setEditing] = useState<Agent | null>(null);
  const [savingStatus, setSavingStatus] = useState<string | null>(null);

  const teamOptions = useMemo(() => teamTreeOptions(buildTeamTree(teams)), [teams]);
  const all = useMemo(() => agents.data ?? [], [agents.data]);
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    // A business line includes the people of its groups.
    const inTeam = teamId ? selfAndDescendants(teams, teamId) : null;
    return all.filter(
      (a) =>
        (!needle || [a.displayName, a.nickname, a.name].some((s) => s?.toLowerCase().includes(needle))) &&
        (!inTeam || a.teams.some((x) => inTeam.has(x.id))) &&
        (!status || a.status === status),
    );
  }, [all, q, teamId, status, teams]);

  const counts = useMemo(() => Object.fromEntries(AGENT_STATUSES.map((s) => [s, all.filter((a) => a.status === s).length])) as Record<AgentStatus, number>, [all]);

  const onStatus = async (agent: Agent, next: AgentStatus) => {
    setSavingStatus(agent.userId);
    try {
      replaceAgent(await agentsApi.setStatus(agent.userId, next));
      message.success(t('teams.agents.statusSet', { name: agentLabel(agent), status: t(statusKey(next)) }));
    } catch (err) {
      showError(err);
    } finally {
      setSavingStatus(null);
    }
  };

  const columns: TableColumnsType<Agent> = [
    {
      title: t('teams.agents.col.displayName'),
      key: 'displayName',
      width: 180,
      render: (_, a) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis data-testid="agent-display-name-cell">
            {agentLabel(a)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {a.displayName ? `${a.name} · ${roleLabel(a.role)}` : `${roleLabel(a.role)} · ${t('teams.agents.noDisplayName')}`}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('teams.agents.col.nickname'), key: 'nickname', width: 110, render: (_, a) => (a.nickname ? <span data-testid="agent-nickname-cell">{a.nickname}</span> : <Dash />) },
    {
      title: t('teams.agents.col.teams'),
      key: 'teams',
      render: (_, a) =>
        a.teams.length ? (
          <Flex gap={4} wrap data-testid="agent-teams-cell">
            {a.teams.map((x) => (
              <Tag key={x.id} bordered={false} color="blue" style={{ marginInlineEnd: 0 }}>
                {x.name}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('teams.agents.noTeam')}</Typography.Text>
        ),
    },
    {
      title: t('teams.agents.col.status'),
      key: 'status',
      width: 116,
      render: (_, a) => (
        <Tooltip title={t(a.statusSource === 'auto' ? 'teams.agents.statusSinceAuto' : 'teams.agents.statusSince', { at: formatDateTimeShort(a.statusChangedAt) })}>
          <span>{canSetStatus ? <AgentStatusSelect agent={a} label={agentLabel(a)} saving={savingStatus === a.userId} onChange={(s) => void onStatus(a, s)} /> : <AgentStatusBadge status={a.status} />}</span>
        </Tooltip>
      ),
    },
    { title: t('teams.agents.col.load'), key: 'load', width: 110, render: (_, a) => <AgentLoad agent={a} /> },
    {
      title: t('teams.agents.col.channelCaps'),
      key: 'channelCaps',
      width: 150,
      render: (_, a) => {
        const caps = ROUTING_CHANNELS.filter((c) => a.channelCapacity[c] !== undefined);
        if (!caps.length) return <Typography.Text type="secondary">{t('teams.agents.noChannelCaps')}</Typography.Text>;
        return (
          <Typography.Text style={{ fontSize: 12 }}>
            {caps.map((c) => `${t(channelKey(c))} ${a.channelCapacity[c]}`).join(' · ')}
          </Typography.Text>
        );
      },
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 72,
      fixed: 'right',
      render: (_, a) => (
        <Button type="link" size="small" onClick={() => setEditing(a)} aria-label={t('teams.agents.editOf', { name: agentLabel(a) })} data-testid={`agent-edit-${a.userId}`}>
          {t('common.edit')}
        </Button>
      ),
    });
  }

  const filtered = Boolean(q || teamId || status);

  return (
    <>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 8 }}>
        <Input.Search allowClear placeholder={t('teams.agents.search')} aria-label={t('teams.agents.searchLabel')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 240 }} data-testid="agents-search" />
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          placeholder={t('teams.agents.allTeams')}
          aria-label={t('teams.agents.filterTeam')}
          value={teamId}
          onChange={setTeamId}
          treeData={teamOptions}
          style={{ width: 180 }}
          data-testid="agents-team-filter"
        />
        <Select
          allowClear
          placeholder={t('teams.agents.allStatuses')}
          aria-label={t('teams.agents.filterStatus')}
          value={status}
          onChange={setStatus}
          options={AGENT_STATUSES.map((s) => ({ value: s, label: `${t(statusKey(s))} (${counts[s]})` }))}
          style={{ width: 140 }}
          data-testid="agents-status-filter"
        />
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={agents.reload} aria-label={t('common.refresh')} />
        </Tooltip>
        <Space size={12} style={{ marginInlineStart: 'auto' }} data-testid="agents-summary">
          {AGENT_STATUSES.map((s) => (
            <span key={s} style={{ whiteSpace: 'nowrap' }}>
              <span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: STATUS_COLORS[s], marginInlineEnd: 6 }} />
              {t(statusKey(s))} {counts[s]}
            </span>
          ))}
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }} data-testid="capacity-help">
        <InfoCircleOutlined style={{ marginInlineEnd: 6 }} />
        {t('teams.agents.capacityLine')}
      </Typography.Paragraph>
      {agents.error && !agents.data ? (
        <LoadError message={errorText(agents.error)} onRetry={agents.reload} />
      ) : (
        <Table<Agent>
          rowKey="userId"
          size="middle"
          columns={columns}
          dataSource={shown}
          loading={agents.loading && !agents.data}
          pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: agents.loading && !agents.data ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(filtered ? 'teams.agents.emptyFiltered' : 'teams.agents.empty')} /> }}
          data-testid="agents-table"
        />
      )}
      <AgentModal
        agent={editing}
        teams={teams}
        onClose={() => setEditing(null)}
        onSaved={(agent, teamsChanged) => {
          replaceAgent(agent);
          message.success(t('teams.agents.saved', { name: agentLabel(agent) }));
          setEditing(null);
          if (teamsChanged) onTeamsChanged();
        }}
      />
    </>
  );
}
