import { Alert, Button, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { routingApi } from './routing-api';
import { RulesTab } from './rules-tab';
import { SettingsTab } from './settings-tab';
import { TesterTab, type LastTest } from './tester-tab';
import { useRoutingOptions } from './use-routing-options';

type TabKey = 'rules' | 'test' | 'settings';
const TABS: readonly TabKey[] = ['rules', 'test', 'settings'];

/** 设置 → 分配规则: which new conversation goes to whom, a tester to try it, and the queue's timers. */
export function RoutingPage() {
  const t = useT();
  useDocumentTitle(t('nav.routing'));
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((k) => k === params.get('tab')) ?? 'rules';
  const setTab = (key: TabKey) => setParams(key === 'rules' ? {} : { tab: key }, { replace: true });
  const options = useRoutingOptions();
  const settings = useRequest((signal) => routingApi.settings(signal), []);
  const s = settings.data;
  const [lastTest, setLastTest] = useState<LastTest | null>(null);

  return (
    <>
      <PageHeader title={t('nav.routing')} subtitle={t('routing.subtitle')} />
      {s && !s.enabled && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('routing.off')}
          action={
            tab !== 'settings' && (
              <Button size="small" onClick={() => setTab('settings')} data-testid="routing-off-open-settings">
                {t('routing.off.open')}
              </Button>
            )
          }
          data-testid="routing-off"
        />
      )}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as TabKey)}
          // One tab in the page at a time: the tester and the editor share field names (渠道, 会员等级).
          destroyOnHidden
          items={[
            {
              key: 'rules',
              label: t('routing.tab.rules'),
              children: <RulesTab options={options} fallbackTeamName={s ? (s.fallbackTeamId ? options.names.team(s.fallbackTeamId) : null) : undefined} onOpenSettings={() => setTab('settings')} />,
            },
            { key: 'test', label: t('routing.tab.test'), children: <TesterTab options={options} last={lastTest} onChange={setLastTest} /> },
            { key: 'settings', label: t('routing.tab.settings'), children: <SettingsTab settings={settings} options={options} /> },
          ]}
          data-testid="routing-tabs"
        />
      </Card>
    </>
  );
}
