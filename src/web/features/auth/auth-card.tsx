import { Card, Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { AppLogo } from '../../app/app-logo';
import { useT } from '../../app/i18n-provider';
import { LanguageSwitch } from '../../app/language-switch';
import { useDocumentTitle } from '../../app/use-document-title';

/** The frame of the pages seen before signing in: a centred card under the product name. */
export function AuthCard({ title, subtitle, children }: { title?: string; subtitle?: ReactNode; children: ReactNode }) {
  const t = useT();
  useDocumentTitle(title);
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      style={{
        minHeight: '100vh',
        background: `radial-gradient(circle at 20% 0%, ${token.colorPrimaryBg} 0, transparent 45%), radial-gradient(circle at 90% 100%, #e6fffb 0, transparent 40%), ${token.colorBgLayout}`,
      }}
    >
      <Flex justify="flex-end" style={{ padding: '16px 24px' }}>
        <LanguageSwitch type="default" />
      </Flex>
      <Flex flex={1} vertical align="center" justify="center" style={{ padding: '0 16px 48px' }}>
        <Flex vertical align="center" gap={8} style={{ marginBottom: 24 }}>
          <AppLogo size={44} />
          <Typography.Text type="secondary" style={{ fontSize: 15 }}>
            {t('app.tagline')}
          </Typography.Text>
        </Flex>
        <Card style={{ width: '100%', maxWidth: 400, boxShadow: token.boxShadowTertiary }} styles={{ body: { padding: 32 } }}>
          {title && (
            <Typography.Title level={4} style={{ marginTop: 0, marginBottom: subtitle ? 4 : 24, textAlign: 'center' }}>
              {title}
            </Typography.Title>
          )}
          {subtitle && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 24, textAlign: 'center' }}>
              {subtitle}
            </Typography.Paragraph>
          )}
          {children}
        </Card>
        <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
          {t('app.copyright', { year: new Date().getFullYear() })}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
