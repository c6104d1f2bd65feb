import { App, Button, Form, InputNumber, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { loyaltyApi, type PointsSettings } from './loyalty-api';

/** How points are earned (per yuan paid) and how long they last. */
export function PointsTab() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useAuth();
  const showError = useShowError();
  const errorText = useErrorText();
  const [form] = Form.useForm<PointsSettings>();
  const [saving, setSaving] = useState(false);
  const settings = useRequest((signal) => loyaltyApi.pointsSettings(signal), []);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.settings);
  }, [settings.data, form]);

  if (settings.error && !settings.data) return <LoadError message={errorText(settings.error)} onRetry={settings.reload} />;
  if (!settings.data) return <Spin />;

  const save = async () => {
    let values: PointsSettings;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const saved = await loyaltyApi.savePointsSettings(values);
      settings.setData(() => saved);
      message.success(t('loyalty.points.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} layout="vertical" disabled={!can('loyalty.manage')} style={{ maxWidth: 420 }} data-testid="loyalty-points-settings">
      <Form.Item name="pointsPerYuan" label={t('loyalty.points.perYuan')} extra={t('loyalty.points.perYuanHint')} rules={[{ required: true }]}>
        <InputNumber min={0} max={1000} precision={2} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="pointsValidityMonths" label={t('loyalty.points.validity')} extra={t('loyalty.points.validityHint')} rules={[{ required: true }]}>
        <InputNumber min={1} max={120} precision={0} style={{ width: 160 }} />
      </Form.Item>
      {can('loyalty.manage') && (
        <Button type="primary" loading={saving} onClick={save}>
          {t('loyalty.points.save')}
        </Button>
      )}
    </Form>
  );
}
