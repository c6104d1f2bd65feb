import { Card, Col, Row } from 'antd';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';

export function ProfilePage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('nav.profile')} subtitle={t('profile.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('profile.basic')} style={{ height: '100%' }}>
            <ProfileForm />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('password.title')} style={{ height: '100%' }}>
            <PasswordForm />
          </Card>
        </Col>
      </Row>
    </>
  );
}
