import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';

export function WallboardPage() {
  const t = useT();
  return <PageHeader title={t('nav.wallboard')} />;
}
