import { Card, Empty, Table, Tag, Typography, theme, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n, useT } from '../../app/i18n-provider';
import { useStatusColors } from './wallboard-charts';
import { AGENT_STATUSES, formatWait, waitLevel, type WallboardAtRisk, type WallboardTeam } from './wallboard-api';

const NO_TEAM_KEY = '__no_team__';

function useLevelColor() {
  const { token } = theme.useToken();
  return (seconds: number, target: number) => ({ ok: undefined, warning: token.colorWarningText, late: token.colorErrorText })[waitLevel(seconds, target)];
}

/** How deep each team sits under its business line, for the indent of its name. */
function depths(teams: WallboardTeam[]): Map<string | null, number> {
  const parent = new Map(teams.map((x) => [x.id, x.parentId]));
  const out = new Map<string | null, number>();
  for (const x of teams) {
    let depth = 0;
    for (let p = x.parentId; p && depth < 10; p = parent.get(p) ?? null) depth += 1;
    out.set(x.id, depth);
  }
  return out;
}

const zeroMuted = (n: number) => (n === 0 ? <Typography.Text type="secondary">0</Typography.Text> : n);

/** Every team: queue, longest wait, agents by status, today's conversations and first response. */
export function TeamsTable({ teams, targetSeconds, selected, onSelect }: { teams: WallboardTeam[]; targetSeconds: number; selected: string | null; onSelect: (id: string) => void }) {
  const t = useT();
  const { locale } = useI18n();
  const colors = useStatusColors();
  const levelColor = useLevelColor();
  const depth = depths(teams);
  const columns: TableColumnsType<WallboardTeam> = [
    {
      title: t('wallboard.col.team'),
      key: 'name',
      ellipsis: { showTitle: true },
      render: (_, x) => (
        <span style={{ paddingInlineStart: (depth.get(x.id) ?? 0) * 16 }}>
          {x.id === null ? <Typography.Text type="secondary">{x.name}</Typography.Text> : x.name}
        </span>
      ),
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
  ];
  return (
    <Card size="small" title={t('wallboard.teams.title')} styles={{ body: { padding: 0 } }}>
      <Table<WallboardTeam>
        rowKey={(x) => x.id ?? NO_TEAM_KEY}
        size="small"
        columns={columns}
        dataSource={teams}
        pagination={false}
        scroll={{ x: 660 }}
        rowClassName={(x) => (x.id !== null && x.id === selected ? 'wallboard-row-selected' : '')}
        onRow={(x) => ({ onClick: () => x.id !== null && onSelect(x.id), style: x.id !== null ? { cursor: 'pointer' } : undefined })}
        data-testid="wallboard-teams"
      />
    </Card>
  );
}

type AtRiskRow = WallboardAtRisk & { teamName: string };

/** The conversations about to miss the first-response target, longest wait first, each a link. */
export function AtRiskList({ teams, total, targetSeconds }: { teams: WallboardTeam[]; total: number; targetSeconds: number }) {
  const t = useT();
  const rows: AtRiskRow[] = teams.flatMap((x) => x.atRisk.map((r) => ({ ...r, teamName: x.name }))).sort((a, b) => b.waitingSeconds - a.waitingSeconds);
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
