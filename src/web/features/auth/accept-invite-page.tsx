import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, Result, Spin } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../../app/api-client';
import type { InvitationPreview } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { confirmPasswordRules, newPasswordRules, requiredRule } from '../../app/form-rules';
import { useI18n } from '../../app/i18n-provider';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { AuthCard } from './auth-card';

type AcceptForm = { name: string; password: string; confirm: string };

export function AcceptInvitePage() {
  const { locale, t } = useI18n();
  const { token = '' } = useParams();
  const { acceptInvitation } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const showError = useShowError();
  const navigate = useNavigate();
  const [form] = Form.useForm<AcceptForm>();
  const [submitting, setSubmitting] = useState(false);

  const preview = useRequest(
    (signal) => api.get<InvitationPreview>(`/api/invitations/by-token/${encodeURIComponent(token)}`, undefined, signal),
    // The error message comes in the request's language, so a language switch asks again.
    [token, locale],
  );

  const onFinish = async (values: AcceptForm) => {
    setSubmitting(true);
    try {
      const session = await acceptInvitation(token, values.name.trim(), values.password);
      message.success(t('invite.accept.welcome', { account: session.account.name }));
      navigate('/', { replace: true });
    } catch (err) {
      showError(err, form);
      setSubmitting(false);
    }
  };

  if (preview.loading) {
    return (
      <AuthCard title={t('invite.accept.title')}>
        <Flex justify="center" style={{ padding: 32 }}>
          <Spin />
        </Flex>
      </AuthCard>
    );
  }

  if (preview.error || !preview.data) {
    return (
      <AuthCard>
        <Result
          status="warning"
          title={t('invite.accept.invalidTitle')}
          subTitle={
            <>
              {errorText(preview.error)}
              <br />
              {t('invite.accept.invalidHint')}
            </>
          }
          extra={
            <Button type="primary" onClick={() => navigate('/login')}>
              {t('invite.accept.toLogin')}
            </Button>
          }
          style={{ padding: 0 }}
        />
      </AuthCard>
    );
  }

  const invitation = preview.data;
  return (
    <AuthCard title={t('invite.accept.title')}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 20 }}
        title={t('invite.accept.intro', { account: invitation.accountName, role: t(`role.${invitation.role}`) })}
        description={t('invite.accept.expires', { time: formatDateTimeShort(invitation.expiresAt) })}
        data-testid="invite-preview"
      />
      <Form<AcceptForm> form={form} name="accept_invite" layout="vertical" requiredMark={false} onFinish={onFinish} initialValues={{ name: invitation.name ?? '' }}>
        <Form.Item label={t('invite.accept.email')}>
          <Input value={invitation.email} disabled data-testid="accept-email" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('invite.accept.name')}
          rules={[requiredRule(t, t('invite.accept.name'))]}
        >
          <Input prefix={<UserOutlined />} placeholder={t('invite.accept.namePlaceholder')} autoComplete="name" maxLength={80} data-testid="accept-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('invite.accept.password')}
          rules={newPasswordRules(t, t('invite.accept.password'))}
        >
          <Input.Password prefix={<LockOutlined />} placeholder={t('invite.accept.passwordPlaceholder')} autoComplete="new-password" data-testid="accept-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('invite.accept.confirm')}
          dependencies={['password']}
          rules={confirmPasswordRules(t, t('invite.accept.confirm'), 'password')}
        >
          <Input.Password prefix={<LockOutlined />} placeholder={t('invite.accept.confirmPlaceholder')} autoComplete="new-password" data-testid="accept-confirm" />
        </Form.Item>
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="accept-submit">
            {t('invite.accept.submit')}
          </Button>
        </Form.Item>
      </Form>
    </AuthCard>
  );
}
