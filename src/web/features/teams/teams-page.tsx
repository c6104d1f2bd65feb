import { Alert, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useDocumentTitle } from '../../app/use-document-title';
import { AgentsTab } from './agents-tab';
import { ProductsTab } from './products-tab';
import { TeamsTab } from './teams-tab';
import { useTeamsData } from './use-teams-data';

type TabKey = 'teams' | 'agents' | 'products';
const TABS: readonly TabKey[] = ['teams', 'agents', 'products'];

/**
 * 设置 → 团队与客服: the supervisor builds the business lines and their groups, names and sizes each
 * agent, and binds products to their dedicated agents. Team leads and dispatchers see it read-only
 * and may still set someone's status.
 */
export function TeamsPage() {
  const t = useT();
  useDocumentTitle(t('nav.teams'));
  const { can } = useAuth();
  const canManage = can('teams.manage');
  const canSetStatus = can('conversations.assign');
  const { teams, agents, replaceAgent } = useTeamsData();
  // Tab names stay plain words (团队 / 客服 / 专属客服): the counts live inside each tab.
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('tab') as TabKey | null;
  const [tab, setTabState] = useState<TabKey>(fromUrl && TABS.includes(fromUrl) ? fromUrl : 'teams');
  // The tab is in the address, so a link or a reload lands on it.
  const setTab = (key: TabKey) => {
    setTabState(key);
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (key === 'teams') next.delete('tab');
      else next.set('tab', key);
      return next;
    }, { replace: true });
  };

  const agentList = agents.data ?? [];

  return (
    <>
      <PageHeader title={t('nav.teams')} subtitle={t('teams.subtitle')} />
      {!canManage && <Alert type="info" showIcon title={t('teams.readOnly')} style={{ marginBottom: 16 }} data-testid="teams-read-only" />}
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as TabKey)}
          items={[
            {
              key: 'teams',
              label: <span data-testid="tab-teams">{t('teams.tab.teams')}</span>,
              children: <TeamsTab teams={teams} agents={agentList} canManage={canManage} onMembershipChanged={agents.reload} />,
            },
            {
              key: 'agents',
              label: <span data-testid="tab-agents">{t('teams.tab.agents')}</span>,
              children: <AgentsTab agents={agents} teams={teams.data ?? []} canManage={canManage} canSetStatus={canSetStatus} replaceAgent={replaceAgent} onTeamsChanged={teams.reload} />,
            },
            {
              key: 'products',
              label: <span data-testid="tab-products">{t('teams.tab.products')}</span>,
              children: <ProductsTab agents={agentList} canManage={canManage} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
