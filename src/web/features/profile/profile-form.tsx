import { App, Button, Descriptions, Form, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../app/api-client';
import type { User } from '../../app/api-types';
import { useAuth, useSession } from '../../app/auth-provider';
import { blankToNull } from '../../app/format';
import { requiredRule } from '../../app/form-rules';
import { useI18n } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRolesCatalog } from '../../app/use-roles-catalog';
import type { Locale } from '../../i18n/messages';

type ProfileValues = { name: string; nickname?: string; locale: Locale };

export function ProfileForm() {
  const { t, setLocale } = useI18n();
  const { message } = App.useApp();
  const { setUser } = useAuth();
  const { user } = useSession();
  const { roleLabel, specialisationLabel } = useRolesCatalog();
  const showError = useShowError();
  const [form] = Form.useForm<ProfileValues>();
  const [saving, setSaving] = useState(false);

  // The header's language switch also changes user.locale; keep the form in step with it.
  useEffect(() => {
    form.setFieldValue('locale', user.locale);
  }, [user.locale, form]);

  const onFinish = async (values: ProfileValues) => {
    setSaving(true);
    try {
      const { user: saved } = await api.patch<{ user: User }>('/api/auth/profile', {
        name: values.name.trim(),
        nickname: blankToNull(values.nickname),
        locale: values.locale,
      });
      setUser(saved);
      setLocale(saved.locale);
      message.success(t('profile.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const role = roleLabel(user.role) + (user.specialisation ? ` · ${specialisationLabel(user.specialisation)}` : '');

  return (
    <>
      <Descriptions
        column={1}
        size="small"
        style={{ marginBottom: 20 }}
        items={[
          { key: 'email', label: t('profile.email'), children: user.email },
          { key: 'role', label: t('profile.role'), children: role },
        ]}
      />
      <Form<ProfileValues>
        form={form} name="profile"
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ name: user.name, nickname: user.nickname ?? '', locale: user.locale }}
      >
        <Form.Item name="name" label={t('profile.name')} rules={[requiredRule(t, t('profile.name'))]}>
          <Input maxLength={80} autoComplete="name" data-testid="profile-name" />
        </Form.Item>
        <Form.Item name="nickname" label={t('profile.nickname')} extra={t('profile.nicknameHelp')}>
          <Input maxLength={40} placeholder={t('common.optional')} data-testid="profile-nickname" />
        </Form.Item>
        <Form.Item name="locale" label={t('profile.locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: t('lang.zh-CN') },
              { value: 'en', label: t('lang.en') },
            ]}
            data-testid="profile-locale"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="profile-save">
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}
