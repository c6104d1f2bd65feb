import { Card, Empty, Select, theme } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../app/i18n-provider';
import { EChart, escapeHtml, type ChartOption } from '../../app/echart';
import { AGENT_STATUSES, formatWait, type AgentStatus, type WallboardTeam } from './wallboard-api';

const HEIGHT = 260;

export function useStatusColors(): Record<AgentStatus, string> {
  const { token } = theme.useToken();
  return { online: token.colorSuccess, busy: token.colorError, away: token.colorWarning, offline: token.colorTextQuaternary };
}

/** Team names on a category axis: all of them, slanted and cut short when there are many. */
function categoryAxis(names: string[]) {
  return {
    type: 'category' as const,
    data: names,
    axisTick: { alignWithLabel: true },
    axisLabel: { interval: 0, rotate: names.length > 5 ? 30 : 0, width: names.length > 5 ? 72 : 96, overflow: 'truncate' as const },
  };
}

const grid = { left: 8, right: 8, top: 36, bottom: 8, containLabel: true };
// Short: a board refetched every few seconds should settle at once, not keep moving.
const motion = { animationDuration: 300, animationDurationUpdate: 300 };
const SPLITS = 5;

/** The queue's axis: whole numbers in SPLITS even steps, so its lines meet the wait axis's. */
function countScale(max: number) {
  const step = Math.max(1, Math.ceil(max / SPLITS));
  return { min: 0, max: step * SPLITS, interval: step };
}

/** The wait axis: round steps of time (0:30, 1:00, 2:00 …) with room above the target line. */
function waitScale(longest: number, target: number) {
  const top = Math.max(longest * 1.1, target * 1.25);
  const step = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].find((s) => s * SPLITS >= top) ?? Math.ceil(top / SPLITS / 3600) * 3600;
  return { min: 0, max: step * SPLITS, interval: step };
}

/** Queue length (left axis) and the longest wait (right axis, m:ss) of each team, against the target. */
export function QueueChart({ teams, targetSeconds }: { teams: WallboardTeam[]; targetSeconds: number }) {
  const t = useT();
  const { token } = theme.useToken();
  const option = useMemo<ChartOption>(() => ({
    ...motion,
    grid,
    legend: { top: 0, itemWidth: 12, itemHeight: 12 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const items = Array.isArray(params) ? params : [params];
        const team = items[0]?.name ?? '';
        const lines = items.map((p) => `${p.marker}${p.seriesName}：${p.seriesIndex === 1 ? formatWait(Number(p.value)) : p.value}`);
        return [escapeHtml(team), ...lines].join('<br/>');
      },
    },
    xAxis: categoryAxis(teams.map((x) => x.name)),
    yAxis: [
      { type: 'value', ...countScale(Math.max(0, ...teams.map((x) => x.queue))), splitLine: { lineStyle: { type: 'dashed' } } },
      { type: 'value', ...waitScale(Math.max(0, ...teams.map((x) => x.longestWaitSeconds)), targetSeconds), splitLine: { show: false }, axisLabel: { formatter: (v: number) => formatWait(v) } },
    ],
    series: [
      { name: t('wallboard.chart.queued'), type: 'bar', barMaxWidth: 28, data: teams.map((x) => x.queue), itemStyle: { color: token.colorPrimary } },
      {
        name: t('wallboard.chart.longestWait'),
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 28,
        data: teams.map((x) => ({ value: x.longestWaitSeconds, itemStyle: { color: x.longestWaitSeconds >= targetSeconds ? token.colorError : x.longestWaitSeconds >= targetSeconds * 0.8 ? token.colorWarning : token.colorPrimaryBorder } })),
        itemStyle: { color: token.colorPrimaryBorder },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: token.colorError, type: 'dashed' },
          label: { formatter: `${t('wallboard.chart.target')} ${formatWait(targetSeconds)}`, position: 'insideStartTop', color: token.colorError, fontSize: 11 },
          data: [{ yAxis: targetSeconds }],
        },
      },
    ],
  }), [teams, targetSeconds, t, token]);
  return (
    <Card size="small" title={t('wallboard.chart.queueTitle')}>
      <EChart option={option} height={HEIGHT} testId="wallboard-chart-queue" />
    </Card>
  );
}

/** Each team's members by status, stacked. */
export function AgentsChart({ teams }: { teams: WallboardTeam[] }) {
  const t = useT();
  const colors = useStatusColors();
  const option = useMemo<ChartOption>(() => ({
    ...motion,
    grid,
    legend: { top: 0, itemWidth: 12, itemHeight: 12 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: categoryAxis(teams.map((x) => x.name)),
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { type: 'dashed' } } },
    series: AGENT_STATUSES.map((status) => ({
      name: t(`wallboard.status.${status}`),
      type: 'bar' as const,
      stack: 'agents',
      barMaxWidth: 36,
      itemStyle: { color: colors[status] },
      data: teams.map((x) => x.agents[status]),
    })),
  }), [teams, t, colors]);
  return (
    <Card size="small" title={t('wallboard.chart.agentsTitle')}>
      <EChart option={option} height={HEIGHT} testId="wallboard-chart-agents" />
    </Card>
  );
}

/** Open conversations of each member of one team, with a marker at their capacity. */
export function LoadChart({ teams, teamId, onTeam }: { teams: WallboardTeam[]; teamId: string | null; onTeam: (id: string) => void }) {
  const t = useT();
  const { token } = theme.useToken();
  const team = teams.find((x) => x.id === teamId);
  const members = useMemo(() => team?.members ?? [], [team]);
  const option = useMemo<ChartOption>(() => ({
    ...motion,
    grid,
    legend: { top: 0, itemWidth: 12, itemHeight: 12 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const m = members[first?.dataIndex ?? 0];
        return m ? `${escapeHtml(m.name)}（${t(`wallboard.status.${m.status}`)}）<br/>${t('wallboard.chart.loadOf', { load: m.load, capacity: m.capacity })}` : '';
      },
    },
    xAxis: categoryAxis(members.map((m) => m.name)),
    yAxis: { type: 'value', ...countScale(Math.max(1, ...members.map((m) => Math.max(m.load, m.capacity)))), splitLine: { lineStyle: { type: 'dashed' } } },
    series: [
      // The room each member has: a pale bar up to the capacity, the load drawn over it.
      {
        name: t('wallboard.chart.capacity'),
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: token.colorFillSecondary },
        data: members.map((m) => m.capacity),
        tooltip: { show: false },
        silent: true,
      },
      {
        name: t('wallboard.chart.load'),
        type: 'bar',
        barGap: '-100%',
        barMaxWidth: 36,
        itemStyle: { color: token.colorPrimary },
        data: members.map((m) => ({
          value: m.load,
          itemStyle: { color: m.status === 'offline' ? token.colorTextQuaternary : m.capacity > 0 && m.load >= m.capacity ? token.colorError : m.load >= m.capacity * 0.8 ? token.colorWarning : token.colorPrimary },
        })),
      },
      {
        name: t('wallboard.chart.capacity'),
        type: 'scatter',
        symbol: 'rect',
        symbolSize: [40, 3],
        itemStyle: { color: token.colorTextSecondary },
        data: members.map((m) => m.capacity),
        z: 3,
      },
    ],
  }), [members, t, token]);
  const choices = teams.filter((x) => x.id !== null && x.members.length > 0);
  return (
    <Card
      size="small"
      title={t('wallboard.chart.loadTitle')}
      extra={
        <Select
          size="small"
          value={team?.id ?? undefined}
          placeholder={t('wallboard.chart.pickTeam')}
          options={choices.map((x) => ({ value: x.id as string, label: x.name }))}
          onChange={onTeam}
          style={{ width: 140 }}
          aria-label={t('wallboard.chart.pickTeam')}
          data-testid="wallboard-load-team"
        />
      }
    >
      {members.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wallboard.chart.noMembers')} style={{ height: HEIGHT - 24, display: 'flex', flexDirection: 'column', justifyContent: 'center', margin: 0 }} />
      ) : (
        <EChart option={option} height={HEIGHT} testId="wallboard-chart-load" />
      )}
    </Card>
  );
}
