import { Card, Empty, Table, Tag, Typography, theme, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n, useT } from '../../app/i18n-provider';
import { useStatusColors } from './wallboard-charts';
import { AGENT_STATUSES, formatWait, waitLevel, type WallboardAtRisk, type WallboardTeam } from './wallboard-api';

const NO_TEAM_KEY = '__no_team__';

function useLevelColor() {
  const { token } = theme.useToken();
  return (seconds: number, target: number) => ({ ok: undefined, warning: token.colorWarningText, late: token.colorErrorText })[waitLevel(seconds, target)];
}

type TeamNode = WallboardTeam & { children?: TeamNode[] };

/** Each business line with its groups nested under it; the rows come parents first. */
function teamTree(teams: WallboardTeam[]): TeamNode[] {
  const nodes = new Map<string | null, TeamNode>();
  const roots: TeamNode[] = [];
  for (const x of teams) {
    const node: TeamNode = { ...x };
    // Only under a parent already placed: a loop in the parents cannot hide a team.
    const parent = x.parentId ? nodes.get(x.parentId) : undefined;
    if (parent) parent.children = [...(parent.children ?? []), node];
    else roots.push(node);
    nodes.set(x.id, node);
  }
  return roots;
}

const zeroMuted = (n: number) => (n === 0 ? <Typography.Text type="secondary">0</Typography.Text> : n);

const rowKey = (x: WallboardTeam) => x.id ?? NO_TEAM_KEY;

/**
 * Every team: queue, longest wait, agents by status, today's conversations, first response and
 * conversations at risk. A business line's row sums its groups, which unfold beneath it.
 */
export function TeamsTable({ teams, targetSeconds, selected, onSelect }: { teams: WallboardTeam[]; targetSeconds: number; selected: string | null; onSelect: (id: string) => void }) {
  const t = useT();
  const { locale } = useI18n();
  const colors = useStatusColors();
  const levelColor = useLevelColor();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const tree = useMemo(() => teamTree(teams), [teams]);
  const expanded = teams.map(rowKey).filter((key) => !collapsed.has(key));
  const onExpand = (open: boolean, x: WallboardTeam) =>
    setCollapsed((set) => {
      const next = new Set(set);
      if (open) next.delete(rowKey(x));
      else next.add(rowKey(x));
      return next;
    });
  const columns: TableColumnsType<TeamNode> = [
    {
      title: t('wallboard.col.team'),
      key: 'name',
      ellipsis: { showTitle: true },
      render: (_, x) => (x.id === null ? <Typography.Text type="secondary">{x.name}</Typography.Text> : x.name),
    },
    { title: t('wallboard.col.queue'), dataIndex: 'queue', key: 'queue', width: 60, align: 'right', render: (n: number) => (n > 0 ? <Typography.Text strong>{n}</Typography.Text> : zeroMuted(n)) },
    {
      title: t('wallboard.col.longestWait'),
      dataIndex: 'longestWaitSeconds',
      key: 'wait',
      width: 84,
      align: 'right',
      render: (s: number, x) => (x.queue === 0 ? <Typography.Text type="secondary">—</Typography.Text> : <span style={{ color: levelColor(s, targetSeconds), fontVariantNumeric: 'tabular-nums' }}>{formatWait(s)}</span>),
    },
    ...AGENT_STATUSES.map((status) => ({
      title: (
        <span style={{ whiteSpace: 'nowrap' }}>
          <span style={{ display: 'inline-block', width: 6, height: 6, borderRadius: 3, marginInlineEnd: 6, verticalAlign: 'middle', background: colors[status] }} />
          {t(`wallboard.status.${status}`)}
        </span>
      ),
      key: status,
      width: locale === 'en' ? 78 : 64,
      align: 'right' as const,
      render: (_: unknown, x: WallboardTeam) => (x.id === null ? '' : zeroMuted(x.agents[status])),
    })),
    { title: t('wallboard.col.today'), dataIndex: 'conversationsToday', key: 'today', width: 80, align: 'right', render: zeroMuted },
    {
      title: t('wallboard.col.avgFirstResponse'),
      dataIndex: 'avgFirstResponseSeconds',
      key: 'frt',
      width: 80,
      align: 'right',
      render: (s: number | null) => (s === null ? <Typography.Text type="secondary">—</Typography.Text> : <span style={{ color: s > targetSeconds ? levelColor(s, targetSeconds) : undefined, fontVariantNumeric: 'tabular-nums' }}>{formatWait(s)}</span>),
    },
    {
      title: t('wallboard.col.atRisk'),
      dataIndex: 'atRiskCount',
      key: 'atRisk',
      width: 80,
      align: 'right',
      render: (n: number) => (n > 0 ? <Typography.Text type="danger" strong>{n}</Typography.Text> : zeroMuted(n)),
    },
  ];
  return (
    <Card
      size="small"
      title={t('wallboard.teams.title')}
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('wallboard.teams.hint')}</Typography.Text>}
      styles={{ body: { padding: 0 } }}
    >
      <Table<TeamNode>
        rowKey={rowKey}
        size="small"
        columns={columns}
        dataSource={tree}
        pagination={false}
        expandable={{ expandedRowKeys: expanded, onExpand, indentSize: 16 }}
        scroll={{ x: 740 }}
        rowClassName={(x) => (x.id !== null && x.id === selected ? 'wallboard-row-selected' : '')}
        onRow={(x) => ({ onClick: () => x.id !== null && onSelect(x.id), style: x.id !== null ? { cursor: 'pointer' } : undefined })}
        data-testid="wallboard-teams"
      />
    </Card>
  );
}

type AtRiskRow = WallboardAtRisk & { teamName: string };

/** Each conversation once, named by its own team: a business line's row lists its groups' too. */
function atRiskRows(teams: WallboardTeam[]): AtRiskRow[] {
  const names = new Map(teams.map((x) => [x.id, x.name]));
  const rows = new Map<string, AtRiskRow>();
  for (const x of teams) for (const r of x.atRisk) if (!rows.has(r.conversationId)) rows.set(r.conversationId, { ...r, teamName: names.get(r.teamId) ?? x.name });
  return [...rows.values()].sort((a, b) => b.waitingSeconds - a.waitingSeconds);
}

/** The conversations about to miss the first-response target, longest wait first, each a link. */
export function AtRiskList({ teams, total, targetSeconds }: { teams: WallboardTeam[]; total: number; targetSeconds: number }) {
  const t = useT();
  const rows = useMemo(() => atRiskRows(teams), [teams]);
  const columns: TableColumnsType<AtRiskRow> = [
    {
      title: t('wallboard.atRisk.col.customer'),
      key: 'customer',
      ellipsis: true,
      render: (_, r) => <Link to={`/conversations/${encodeURIComponent(r.conversationId)}`}>{r.customerName ?? t('wallboard.atRisk.visitor')}</Link>,
    },
    { title: t('wallboard.atRisk.col.team'), dataIndex: 'teamName', key: 'team', ellipsis: true },
    {
      title: t('wallboard.atRisk.col.wait'),
      dataIndex: 'waitingSeconds',
      key: 'wait',
      width: 84,
      align: 'right',
      render: (s: number) => <Tag color={s >= targetSeconds ? 'error' : 'warning'} style={{ marginInlineEnd: 0, fontVariantNumeric: 'tabular-nums' }}>{formatWait(s)}</Tag>,
    },
    {
      title: t('wallboard.atRisk.col.assignee'),
      dataIndex: 'assigneeName',
      key: 'assignee',
      ellipsis: true,
      render: (name: string | null) => name ?? <Typography.Text type="secondary">{t('wallboard.atRisk.unassigned')}</Typography.Text>,
    },
  ];
  return (
    <Card
      size="small"
      title={t('wallboard.atRisk.title')}
      extra={rows.length < total ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('wallboard.atRisk.more', { total })}</Typography.Text> : null}
      styles={{ body: { padding: 0 } }}
    >
      <Table<AtRiskRow>
        rowKey="conversationId"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wallboard.atRisk.empty')} /> }}
        data-testid="wallboard-at-risk"
      />
    </Card>
  );
}
