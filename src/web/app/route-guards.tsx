import { Button, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Permission } from './api-types';
import { useAuth } from './auth-provider';
import { useT } from './i18n-provider';
import { ForbiddenPage } from './result-pages';

export type LoginRedirectState = { from?: string };

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

export function Unreachable() {
  const t = useT();
  const { reload } = useAuth();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Result
        status="500"
        title={t('app.connectFailed')}
        subTitle={t('app.connectFailedHint')}
        extra={
          <Button type="primary" onClick={reload}>
            {t('common.retry')}
          </Button>
        }
      />
    </Flex>
  );
}

/** Signed-in pages: while the session loads, a spinner; without one, the login page, then back here. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, signedOut } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'unreachable') return <Unreachable />;
  if (status === 'anonymous') {
    const from = signedOut ? undefined : `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/login" replace state={{ from } satisfies LoginRedirectState} />;
  }
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useAuth();
  return can(permission) ? <>{children}</> : <ForbiddenPage />;
}
