import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useDocumentTitle } from '../../app/use-document-title';
import { CalendarsTab } from './calendars-tab';
import { PoliciesTab } from './policies-tab';
import { TypesTab } from './types-tab';

type TabKey = 'types' | 'policies' | 'calendars';
const TABS: readonly TabKey[] = ['types', 'policies', 'calendars'];

/** 设置 → 工单: work order types, SLA policies and service calendars. */
export function WorkOrderSettingsPage() {
  const t = useT();
  useDocumentTitle(t('nav.workOrderSettings'));
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((k) => k === params.get('tab')) ?? 'types';
  const setTab = (key: TabKey) => setParams(key === 'types' ? {} : { tab: key }, { replace: true });
  return (
    <>
      <PageHeader title={t('nav.workOrderSettings')} subtitle={t('woSettings.subtitle')} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as TabKey)}
          destroyOnHidden
          items={[
            { key: 'types', label: <span data-testid="wos-tab-types">{t('woSettings.tab.types')}</span>, children: <TypesTab /> },
            { key: 'policies', label: <span data-testid="wos-tab-policies">{t('woSettings.tab.policies')}</span>, children: <PoliciesTab /> },
            { key: 'calendars', label: <span data-testid="wos-tab-calendars">{t('woSettings.tab.calendars')}</span>, children: <CalendarsTab /> },
          ]}
          data-testid="wos-tabs"
        />
      </Card>
    </>
  );
}
