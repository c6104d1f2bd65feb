import { App, Button, Flex, Form, InputNumber, Spin, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Translate } from '../../app/i18n-provider';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import type { RequestState } from '../../app/use-request';
import { TreeSelectInput } from './pickers';
import { routingApi, type RoutingSettings } from './routing-api';
import type { RoutingOptions } from './use-routing-options';

/** "90 秒" → "1 分 30 秒", "7200 秒" → "2 小时": how long a number of seconds is, said plainly. */
export function humanizeSeconds(t: Translate, seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts: string[] = [];
  if (h) parts.push(t('routing.duration.hours', { n: h }));
  if (m) parts.push(t('routing.duration.minutes', { n: m }));
  if (s || parts.length === 0) parts.push(t('routing.duration.seconds', { n: s }));
  return parts.join(' ');
}

type DurationProps = { id?: string; value?: number | null; onChange?: (v: number | null) => void; min: number; max: number; unit: 'seconds' | 'minutes'; 'aria-label'?: string; 'data-testid'?: string };

/** A number of seconds (or minutes), with how long that is beside it once it passes a minute. */
function DurationInput({ value, onChange, min, max, unit, ...rest }: DurationProps) {
  const t = useT();
  const seconds = value == null ? null : unit === 'minutes' ? value * 60 : value;
  return (
    <Flex align="center" gap={12}>
      <InputNumber {...rest} value={value} onChange={(v) => onChange?.(typeof v === 'number' ? Math.round(v) : null)} min={min} max={max} precision={0} suffix={t(unit === 'minutes' ? 'routing.duration.minuteUnit' : 'routing.duration.secondUnit')} style={{ width: 160 }} />
      {seconds !== null && seconds >= (unit === 'minutes' ? 3600 : 60) && <Typography.Text type="secondary">{t('routing.duration.equals', { text: humanizeSeconds(t, seconds) })}</Typography.Text>}
    </Flex>
  );
}

type Props = { settings: RequestState<RoutingSettings>; options: RoutingOptions };

/** Automatic assignment and the queue: where unmatched and long-waiting chats go, and the timers. */
export function SettingsTab({ settings, options }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const [form] = Form.useForm<RoutingSettings>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  if (settings.error && !settings.data) return <LoadError message={errorText(settings.error)} onRetry={settings.reload} />;
  if (!settings.data) return <Spin />;

  const save = async () => {
    let values: RoutingSettings;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const saved = await routingApi.updateSettings({ ...values, fallbackTeamId: values.fallbackTeamId ?? null });
      settings.setData(() => saved);
      message.success(t('routing.settings.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="horizontal"
      labelCol={{ flex: '220px' }}
      labelWrap
      wrapperCol={{ flex: 1 }}
      colon={false}
      requiredMark={false}
      initialValues={settings.data}
      onFinish={() => void save()}
      style={{ maxWidth: 820 }}
      name="routing-settings"
    >
      <Form.Item name="enabled" label={t('routing.settings.enabled')} valuePropName="checked" extra={t('routing.settings.enabledHint')}>
        <Switch aria-label={t('routing.settings.enabled')} data-testid="routing-enabled" onChange={() => void form.validateFields(['fallbackTeamId']).catch(() => undefined)} />
      </Form.Item>
      <Form.Item
        name="fallbackTeamId"
        label={t('routing.settings.fallback')}
        extra={t('routing.settings.fallbackHint')}
        dependencies={['enabled']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value) => (getFieldValue('enabled') && !value ? Promise.reject(new Error(t('routing.settings.needsFallback'))) : Promise.resolve()),
          }),
        ]}
      >
        <TreeSelectInput options={options.teamOptions} allowClear aria-label={t('routing.settings.fallback')} placeholder={t('routing.settings.fallbackPlaceholder')} data-testid="routing-fallback" />
      </Form.Item>
      <Form.Item name="overflowAfterSeconds" label={t('routing.settings.overflow')} extra={t('routing.settings.overflowHint')} rules={[{ required: true, message: t('form.required', { field: t('routing.settings.overflow') }) }]}>
        <DurationInput unit="seconds" min={10} max={86_400} aria-label={t('routing.settings.overflow')} data-testid="routing-overflow" />
      </Form.Item>
      <Form.Item name="answerTimeoutSeconds" label={t('routing.settings.answerTimeout')} extra={t('routing.settings.answerTimeoutHint')} rules={[{ required: true, message: t('form.required', { field: t('routing.settings.answerTimeout') }) }]}>
        <DurationInput unit="seconds" min={10} max={86_400} aria-label={t('routing.settings.answerTimeout')} data-testid="routing-answer-timeout" />
      </Form.Item>
      <Form.Item name="autoAwayMinutes" label={t('routing.settings.autoAway')} extra={t('routing.settings.autoAwayHint')} rules={[{ required: true, message: t('form.required', { field: t('routing.settings.autoAway') }) }]}>
        <DurationInput unit="minutes" min={0} max={1440} aria-label={t('routing.settings.autoAway')} data-testid="routing-auto-away" />
      </Form.Item>
      <Form.Item name="firstResponseTargetSeconds" label={t('routing.settings.firstResponse')} extra={t('routing.settings.firstResponseHint')} rules={[{ required: true, message: t('form.required', { field: t('routing.settings.firstResponse') }) }]}>
        <DurationInput unit="seconds" min={5} max={86_400} aria-label={t('routing.settings.firstResponse')} data-testid="routing-first-response" />
      </Form.Item>
      <Form.Item label=" ">
        <Button type="primary" htmlType="submit" loading={saving} data-testid="routing-settings-save">
          {t('routing.settings.save')}
        </Button>
      </Form.Item>
    </Form>
  );
}
