import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from './i18n-provider';

export function NotFoundPage() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('error.404.title')}
      subTitle={t('error.404.desc')}
      extra={
        <Button type="primary" onClick={() => navigate('/')} data-testid="back-home">
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

export function ForbiddenPage() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={t('error.403.title')}
      subTitle={t('error.403.desc')}
      extra={
        <Button type="primary" onClick={() => navigate('/')} data-testid="back-home">
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

/** A load failure inside a page, with the server's message and a retry. */
export function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  const t = useT();
  return (
    <Result
      status="warning"
      title={t('common.loadFailed')}
      subTitle={message}
      extra={<Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
