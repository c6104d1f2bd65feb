import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Row, Spin, Statistic, Table, Tabs, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useT, type Translate } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { EChart, escapeHtml, type ChartOption } from '../../app/echart';
import { AGE_KEYS, percent, reportsApi, type AgeReport, type AgeTeamRow, type HitRow } from './reports-api';

const OK = '#52c41a';
const BAD = '#ff4d4f';
const AGE_COLORS = ['#95de64', '#ffd666', '#ffa940', '#ff4d4f'];
const rateValue = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** Hit rate per category as bars, the tooltip telling met / total. */
function rateBars(t: Translate, rows: HitRow[]): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', formatter: (p: unknown) => {
      const item = (p as Array<{ dataIndex: number }>)[0];
      const r = rows[item.dataIndex];
      return `${escapeHtml(r.name)}<br/>${t('woReports.rate')}：${percent(r.rate)}<br/>${t('woReports.metOfTotal', { met: r.met, total: r.total })}`;
    } },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, width: 80, overflow: 'truncate' } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ type: 'bar', barMaxWidth: 36, data: rows.map((r) => ({ value: rateValue(r.rate) ?? 0, itemStyle: { color: r.rate !== null && r.rate < 0.9 ? BAD : OK } })), label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => percent(rows[p.dataIndex].rate) } }],
  };
}

function monthChart(t: Translate, rows: HitRow[]): ChartOption {
  return {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: [t('woReports.met'), t('woReports.breached'), t('woReports.rate')] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.key) },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } }],
    series: [
      { name: t('woReports.met'), type: 'bar', stack: 'n', barMaxWidth: 32, color: OK, data: rows.map((r) => r.met) },
      { name: t('woReports.breached'), type: 'bar', stack: 'n', barMaxWidth: 32, color: BAD, data: rows.map((r) => r.breached) },
      { name: t('woReports.rate'), type: 'line', yAxisIndex: 1, color: '#1677ff', connectNulls: false, data: rows.map((r) => rateValue(r.rate)), tooltip: { valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${v}%`) } },
    ],
  };
}

function ageChart(t: Translate, rows: AgeTeamRow[]): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 90, overflow: 'truncate' } },
    series: AGE_KEYS.map((k, i) => ({ name: t(`woReports.age.${k}`), type: 'bar', stack: 'age', barMaxWidth: 24, color: AGE_COLORS[i], data: rows.map((r) => r[k]) })),
  };
}

function HitTable({ rows, testId, nameTitle }: { rows: HitRow[]; testId: string; nameTitle: string }) {
  const t = useT();
  return (
    <Table<HitRow>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      data-testid={testId}
      columns={[
        { title: nameTitle, dataIndex: 'name' },
        { title: t('woReports.total'), dataIndex: 'total', align: 'right', width: 100 },
        { title: t('woReports.met'), dataIndex: 'met', align: 'right', width: 100 },
        { title: t('woReports.breached'), dataIndex: 'breached', align: 'right', width: 100 },
        { title: t('woReports.rate'), dataIndex: 'rate', align: 'right', width: 110, render: (r: number | null) => <Typography.Text type={r !== null && r < 0.9 ? 'danger' : undefined}>{percent(r)}</Typography.Text> },
      ]}
    />
  );
}

function AgeTable({ report }: { report: AgeReport }) {
  const t = useT();
  return (
    <Table<AgeTeamRow>
      size="small"
      rowKey={(r) => r.teamId ?? ''}
      pagination={false}
      dataSource={report.byTeam}
      data-testid="wor-age-table"
      columns={[
        { title: t('woReports.team'), dataIndex: 'name' },
        ...AGE_KEYS.map((k) => ({ title: t(`woReports.age.${k}`), dataIndex: k, align: 'right' as const, width: 110 })),
        { title: t('woReports.total'), key: 'sum', align: 'right' as const, width: 100, render: (_: unknown, r: AgeTeamRow) => AGE_KEYS.reduce((n, k) => n + r[k], 0) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}><Typography.Text strong>{t('woReports.allTeams')}</Typography.Text></Table.Summary.Cell>
          {report.buckets.map((b, i) => <Table.Summary.Cell key={b.key} index={i + 1} align="right"><Typography.Text strong>{b.count}</Typography.Text></Table.Summary.Cell>)}
          <Table.Summary.Cell index={5} align="right"><Typography.Text strong>{report.total}</Typography.Text></Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

const chartOrEmpty = (rows: unknown[], chart: React.ReactNode) => (rows.length ? chart : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={null} style={{ height: 216, margin: 0, paddingTop: 60 }} />);

/** 工单报表: SLA hit rate by team, type and month, and the open work orders by age. */
export function WorkOrderReportsPage() {
  const t = useT();
  useDocumentTitle(t('nav.workOrderReports'));
  const errorText = useErrorText();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(5, 'month').startOf('month'), dayjs().startOf('month')]);
  const from = range[0].format('YYYY-MM');
  const to = range[1].format('YYYY-MM');
  const sla = useRequest((s) => reportsApi.sla(from, to, s), [from, to]);
  const age = useRequest((s) => reportsApi.age(s), []);

  const totals = useMemo(() => {
    const rows = sla.data?.byMonth ?? [];
    const total = rows.reduce((n, r) => n + r.total, 0);
    const met = rows.reduce((n, r) => n + r.met, 0);
    return { total, met, breached: total - met, rate: total ? met / total : null };
  }, [sla.data]);
  const options = useMemo(() => sla.data && {
    team: rateBars(t, sla.data.byTeam),
    type: rateBars(t, sla.data.byType),
    month: monthChart(t, sla.data.byMonth),
  }, [sla.data, t]);
  const ageOption = useMemo(() => age.data && ageChart(t, age.data.byTeam), [age.data, t]);
  const reload = () => { sla.reload(); age.reload(); };

  const error = (sla.error && !sla.data ? sla.error : null) ?? (age.error && !age.data ? age.error : null);
  if (error) return <LoadError message={errorText(error)} onRetry={reload} />;

  return (
    <div data-testid="wor-page">
      <PageHeader
        title={t('nav.workOrderReports')}
        subtitle={t('woReports.subtitle')}
        extra={
          <>
            <DatePicker.RangePicker
              picker="month"
              value={range}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), 'month')}
              onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
              style={{ width: 240 }}
              data-testid="wor-range"
            />
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} data-testid="wor-refresh" />
            </Tooltip>
          </>
        }
      />
      {!sla.data || !age.data || !options || !ageOption ? (
        <Spin style={{ display: 'block', marginTop: 48 }} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col span={6}><Card size="small"><Statistic title={t('woReports.stat.total')} value={totals.total} data-testid="wor-stat-total" /></Card></Col>
            <Col span={6}><Card size="small"><Statistic title={t('woReports.stat.rate')} value={percent(totals.rate)} valueStyle={{ color: totals.rate !== null && totals.rate < 0.9 ? BAD : undefined }} data-testid="wor-stat-rate" /></Card></Col>
            <Col span={6}><Card size="small"><Statistic title={t('woReports.stat.breached')} value={totals.breached} data-testid="wor-stat-breached" /></Card></Col>
            <Col span={6}><Card size="small"><Statistic title={t('woReports.stat.open')} value={age.data.total} suffix={age.data.buckets[3].count ? <Typography.Text type="danger" style={{ fontSize: 13 }}>{t('woReports.stat.overWeek', { count: age.data.buckets[3].count })}</Typography.Text> : null} data-testid="wor-stat-open" /></Card></Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('woReports.chart.byTeam')}>{chartOrEmpty(sla.data.byTeam, <EChart option={options.team} height={240} testId="wor-chart-team" />)}</Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('woReports.chart.byType')}>{chartOrEmpty(sla.data.byType, <EChart option={options.type} height={240} testId="wor-chart-type" />)}</Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('woReports.chart.byMonth')}><EChart option={options.month} height={260} testId="wor-chart-month" /></Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('woReports.chart.age')}>{chartOrEmpty(age.data.byTeam, <EChart option={ageOption} height={260} testId="wor-chart-age" />)}</Card>
            </Col>
            <Col span={24}>
              <Card size="small" styles={{ body: { paddingTop: 0 } }}>
                <Tabs
                  data-testid="wor-tables"
                  items={[
                    { key: 'team', label: t('woReports.table.byTeam'), children: <HitTable rows={sla.data.byTeam} nameTitle={t('woReports.team')} testId="wor-table-team" /> },
                    { key: 'type', label: t('woReports.table.byType'), children: <HitTable rows={sla.data.byType} nameTitle={t('woReports.type')} testId="wor-table-type" /> },
                    { key: 'month', label: t('woReports.table.byMonth'), children: <HitTable rows={sla.data.byMonth} nameTitle={t('woReports.month')} testId="wor-table-month" /> },
                    { key: 'age', label: t('woReports.table.age'), children: <AgeTable report={age.data} /> },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>{t('woReports.footnote')}</Typography.Paragraph>
        </>
      )}
    </div>
  );
}
