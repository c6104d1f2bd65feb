import { FullscreenExitOutlined, FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, ConfigProvider, Empty, Flex, Row, Spin, Statistic, Tooltip, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useRealtimeStatus } from '../../app/realtime';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { AgentsChart, LoadChart, QueueChart } from './wallboard-charts';
import { formatWait, type Wallboard } from './wallboard-api';
import { AtRiskList, TeamsTable } from './wallboard-tables';
import { useWallboard } from './use-wallboard';
import './wallboard.css';

/** 调度大屏: what the dispatcher keeps open on the big screen and a team lead checks at a laptop. */
export function WallboardPage() {
  const t = useT();
  useDocumentTitle(t('nav.wallboard'));
  const errorText = useErrorText();
  const { data, error, updatedAt, refresh } = useWallboard();
  const box = useRef<HTMLDivElement>(null);
  const fullscreen = useFullscreen(box);
  const [teamId, setTeamId] = useState<string | null>(null);

  // The load chart shows the chosen team, or the first with members (the chosen one may be deleted).
  const teams = data?.teams ?? [];
  const withMembers = teams.filter((x) => x.id !== null && x.members.length > 0);
  const shownTeam = withMembers.some((x) => x.id === teamId) ? teamId : (withMembers[0]?.id ?? null);

  let body: ReactNode;
  if (!data) {
    body = error ? <LoadError message={errorText(error)} onRetry={refresh} /> : <Flex justify="center" style={{ padding: 80 }}><Spin /></Flex>;
  } else {
    const hasTeams = teams.some((x) => x.id !== null);
    body = (
      <Flex vertical gap={16}>
        <Totals board={data} />
        {hasTeams ? (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={16}>
                <TeamsTable teams={teams} targetSeconds={data.firstResponseTargetSeconds} selected={shownTeam} onSelect={setTeamId} />
              </Col>
              <Col xs={24} xl={8}>
                <AtRiskList teams={teams} total={data.totals.atRisk} targetSeconds={data.firstResponseTargetSeconds} />
              </Col>
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12} xxl={8}>
                <QueueChart teams={teams} targetSeconds={data.firstResponseTargetSeconds} />
              </Col>
              <Col xs={24} lg={12} xxl={8}>
                <AgentsChart teams={teams.filter((x) => x.id !== null)} />
              </Col>
              <Col xs={24} lg={24} xxl={8}>
                <LoadChart teams={teams} teamId={shownTeam} onTeam={setTeamId} />
              </Col>
            </Row>
          </>
        ) : (
          <NoTeams />
        )}
      </Flex>
    );
  }

  return (
    // In full screen only the board is shown: its popups (the team picker, tooltips) must open inside it.
    <ConfigProvider getPopupContainer={() => (fullscreen.on && box.current) || document.body}>
      <div ref={box} className="wallboard" data-testid="wallboard">
        <PageHeader
          title={t('nav.wallboard')}
          subtitle={data ? t('wallboard.subtitle', { target: formatWait(data.firstResponseTargetSeconds) }) : undefined}
          extra={
            <>
              <Freshness updatedAt={updatedAt} error={data && error ? errorText(error) : null} />
              <Tooltip title={t('common.refresh')}>
                <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t('common.refresh')} data-testid="wallboard-refresh" />
              </Tooltip>
              {fullscreen.supported && (
                <Button icon={fullscreen.on ? <FullscreenExitOutlined /> : <FullscreenOutlined />} onClick={fullscreen.toggle} data-testid="wallboard-fullscreen">
                  {t(fullscreen.on ? 'wallboard.exitFullscreen' : 'wallboard.fullscreen')}
                </Button>
              )}
            </>
          }
        />
        {body}
      </div>
    </ConfigProvider>
  );
}

function Totals({ board }: { board: Wallboard }) {
  const t = useT();
  const { token } = theme.useToken();
  const { totals, firstResponseTargetSeconds: target } = board;
  const frt = totals.avgFirstResponseSeconds;
  const items: Array<{ key: string; title: string; value: ReactNode; color?: string }> = [
    { key: 'queue', title: t('wallboard.total.queue'), value: totals.queue, color: totals.queue > 0 ? token.colorWarningText : undefined },
    { key: 'online', title: t('wallboard.total.online'), value: totals.online, color: token.colorSuccessText },
    { key: 'today', title: t('wallboard.total.today'), value: totals.conversationsToday },
    { key: 'frt', title: t('wallboard.total.avgFirstResponse'), value: formatWait(frt), color: frt !== null && frt > target ? token.colorErrorText : undefined },
    { key: 'atRisk', title: t('wallboard.total.atRisk'), value: totals.atRisk, color: totals.atRisk > 0 ? token.colorErrorText : undefined },
  ];
  return (
    <Flex gap={16} wrap>
      {items.map((item) => (
        <Card key={item.key} size="small" style={{ flex: '1 1 160px', minWidth: 0 }} data-testid={`wallboard-total-${item.key}`}>
          <Statistic title={item.title} value={item.value as number | string} styles={{ content: { color: item.color, fontSize: 28, fontVariantNumeric: 'tabular-nums' } }} />
        </Card>
      ))}
    </Flex>
  );
}

/** 更新于 10:05:09, with the live connection's state; a failed refresh says so while the old figures stay. */
function Freshness({ updatedAt, error }: { updatedAt: Date | null; error: string | null }) {
  const t = useT();
  const live = useRealtimeStatus() === 'open';
  if (!updatedAt) return null;
  const text = t('wallboard.updatedAt', { time: dayjs(updatedAt).format('HH:mm:ss') });
  return (
    <Tooltip title={error ? t('wallboard.refreshFailed', { message: error }) : live ? t('wallboard.live') : t('wallboard.reconnecting')}>
      <Flex align="center" style={{ height: 32 }} data-testid="wallboard-updated">
        <Badge status={error ? 'error' : live ? 'processing' : 'default'} text={<Typography.Text type={error ? 'danger' : 'secondary'}>{text}</Typography.Text>} />
      </Flex>
    </Tooltip>
  );
}

function NoTeams() {
  const t = useT();
  const { can } = useAuth();
  return (
    <Card>
      <Empty description={<Flex vertical gap={4}><Typography.Text strong>{t('wallboard.empty.title')}</Typography.Text><Typography.Text type="secondary">{t('wallboard.empty.desc')}</Typography.Text></Flex>} data-testid="wallboard-empty">
        {can('users.read') ? (
          <Link to="/settings/teams">
            <Button type="primary">{t('wallboard.empty.action')}</Button>
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('wallboard.empty.askAdmin')}</Typography.Text>
        )}
      </Empty>
    </Card>
  );
}

/** Full screen for the board alone (no menu, no header): the dispatcher's wall display. */
function useFullscreen(box: RefObject<HTMLDivElement | null>) {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const onChange = () => setOn(document.fullscreenElement === box.current && box.current !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [box]);
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void box.current?.requestFullscreen();
  };
  return { on, toggle, supported: typeof document !== 'undefined' && document.fullscreenEnabled };
}
