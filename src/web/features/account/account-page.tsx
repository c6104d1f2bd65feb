import { App, Button, Card, Flex, Form, Input, Select, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../app/api-client';
import type { Account } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { requiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import type { Locale } from '../../i18n/messages';
import { DEFAULT_TIMEZONE, timezoneOptions } from './timezones';

type AccountForm = { name: string; locale: Locale; timezone: string };

export function AccountPage() {
  const t = useT();
  const { message } = App.useApp();
  const { setAccount } = useAuth();
  const errorText = useErrorText();
  const showError = useShowError();
  const [form] = Form.useForm<AccountForm>();
  const [saving, setSaving] = useState(false);
  const account = useRequest((signal) => api.get<{ account: Account }>('/api/account', undefined, signal).then((r) => r.account), []);
  const zones = useMemo(() => timezoneOptions(account.data?.timezone), [account.data?.timezone]);

  useEffect(() => {
    if (account.data) {
      form.setFieldsValue({ name: account.data.name, locale: account.data.locale, timezone: account.data.timezone || DEFAULT_TIMEZONE });
    }
  }, [account.data, form]);

  const onFinish = async (values: AccountForm) => {
    setSaving(true);
    try {
      const { account: saved } = await api.patch<{ account: Account }>('/api/account', {
        name: values.name.trim(),
        locale: values.locale,
        timezone: values.timezone,
      });
      account.setData(() => saved);
      setAccount(saved);
      message.success(t('account.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t('nav.account')} subtitle={t('account.subtitle')} />
      <Card style={{ maxWidth: 720 }}>
        {account.error && !account.data ? (
          <LoadError message={errorText(account.error)} onRetry={account.reload} />
        ) : (
          <Spin spinning={account.loading}>
            <Form<AccountForm>
              form={form} name="account"
              layout="vertical"
              onFinish={onFinish}
              initialValues={{ locale: 'zh-CN', timezone: DEFAULT_TIMEZONE }}
              style={{ maxWidth: 480 }}
            >
              <Form.Item name="name" label={t('account.name')} rules={[requiredRule(t, t('account.name'))]}>
                <Input maxLength={80} data-testid="account-name-input" />
              </Form.Item>
              <Form.Item name="locale" label={t('account.locale')} extra={t('account.localeHelp')}>
                <Select
                  options={[
                    { value: 'zh-CN', label: t('lang.zh-CN') },
                    { value: 'en', label: t('lang.en') },
                  ]}
                  data-testid="account-locale"
                />
              </Form.Item>
              <Form.Item name="timezone" label={t('account.timezone')} extra={t('account.timezoneHelp')}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={zones} data-testid="account-timezone" />
              </Form.Item>
              <Flex gap={8}>
                <Button type="primary" htmlType="submit" loading={saving} disabled={account.loading} data-testid="account-save">
                  {t('common.save')}
                </Button>
              </Flex>
            </Form>
          </Spin>
        )}
      </Card>
    </>
  );
}
