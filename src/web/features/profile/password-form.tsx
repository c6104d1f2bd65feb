import { App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api-client';
import { confirmPasswordRules, newPasswordRules } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';

type PasswordValues = { currentPassword: string; newPassword: string; confirm: string };

export function PasswordForm() {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<PasswordValues>();
  const [saving, setSaving] = useState(false);

  const onFinish = async (values: PasswordValues) => {
    setSaving(true);
    try {
      await api.post<void>('/api/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      form.resetFields();
      message.success(t('password.changed'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<PasswordValues> form={form} name="change_password" layout="vertical" onFinish={onFinish}>
      {/* A hidden username helps password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" hidden readOnly />
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('form.required', { field: t('password.current') }) }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('password.new')} extra={t('password.newHelp')} rules={newPasswordRules(t, t('password.new'))}>
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={confirmPasswordRules(t, t('password.confirm'), 'newPassword')}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving} data-testid="password-submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}
