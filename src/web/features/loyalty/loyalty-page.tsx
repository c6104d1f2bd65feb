import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useDocumentTitle } from '../../app/use-document-title';
import { GiftsTab } from './gifts-tab';
import { PointsTab } from './points-tab';
import { TiersTab } from './tiers-tab';

type TabKey = 'tiers' | 'points' | 'gifts';
const TABS: readonly TabKey[] = ['tiers', 'points', 'gifts'];

/** 设置 → 会员等级与积分: the tiers (with the re-evaluation after a save), the points rules and the gift catalogue. */
export function LoyaltyPage() {
  const t = useT();
  useDocumentTitle(t('nav.loyalty'));
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((k) => k === params.get('tab')) ?? 'tiers';
  const setTab = (key: TabKey) => setParams(key === 'tiers' ? {} : { tab: key }, { replace: true });
  return (
    <>
      <PageHeader title={t('nav.loyalty')} subtitle={t('loyalty.subtitle')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as TabKey)}
          destroyOnHidden
          items={[
            { key: 'tiers', label: t('loyalty.tab.tiers'), children: <TiersTab /> },
            { key: 'points', label: t('loyalty.tab.points'), children: <PointsTab /> },
            { key: 'gifts', label: t('loyalty.tab.gifts'), children: <GiftsTab /> },
          ]}
          data-testid="loyalty-tabs"
        />
      </Card>
    </>
  );
}
