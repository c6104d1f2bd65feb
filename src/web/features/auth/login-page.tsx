import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { FullPageSpin, type LoginRedirectState } from '../../app/route-guards';
import { useErrorText } from '../../app/use-api-error';
import { AuthCard } from './auth-card';

type LoginForm = { email: string; password: string };

/** Only paths inside this app are followed after signing in; anything else goes home. */
function safeTarget(from: unknown): string {
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/login')) return '/';
  return from;
}

export function LoginPage() {
  const t = useT();
  const { status, login } = useAuth();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = safeTarget((location.state as LoginRedirectState | null)?.from);

  if (status === 'loading') return <FullPageSpin />;
  if (status === 'authenticated' && !submitting) return <Navigate to={target} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.email.trim(), values.password);
      navigate(target, { replace: true });
    } catch (err) {
      setError(errorText(err));
      form.setFieldValue('password', '');
      setSubmitting(false);
    }
  };

  return (
    <AuthCard title={t('login.title')} subtitle={t('login.welcome')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 20 }} data-testid="login-error" />}
      <Form<LoginForm> form={form} name="login" layout="vertical" requiredMark={false} onFinish={onFinish} size="large">
        <Form.Item
          name="email"
          label={t('login.email')}
          rules={[
            { required: true, message: t('form.required', { field: t('login.email') }) },
            { type: 'email', message: t('form.emailInvalid') },
          ]}
        >
          <Input
            prefix={<MailOutlined />}
            placeholder={t('login.emailPlaceholder')}
            autoComplete="username"
            inputMode="email"
            autoFocus
            data-testid="login-email"
          />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('form.required', { field: t('login.password') }) }]}>
          <Input.Password
            prefix={<LockOutlined />}
            placeholder={t('login.passwordPlaceholder')}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Form.Item>
        <Form.Item style={{ marginBottom: 12 }}>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('login.forgotHint')}
      </Typography.Text>
    </AuthCard>
  );
}
