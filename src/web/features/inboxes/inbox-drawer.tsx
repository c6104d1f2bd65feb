import { App, Alert, Button, ColorPicker, Descriptions, Drawer, Flex, Form, Input, InputNumber, Popconfirm, Select, Spin, Switch, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { CopyField } from '../../app/copy-field';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { WebhookDeliveries } from '../channels/webhook-deliveries';
import { PLATFORMS, SmtpFields, smtpFrom } from './create-inbox-modals';
import { BusinessHoursField } from './business-hours-field';
import { inboxesApi, type Inbox } from './inboxes-api';

type Props = { inbox: Inbox; onClose: () => void; onChanged: (inbox: Inbox) => void };

/** One inbox's settings: what shoppers see, how it connects, and (for connectors) what was delivered. */
export function InboxDrawer({ inbox, onClose, onChanged }: Props) {
  const t = useT();
  const tabs = [
    { key: 'general', label: t('inbox.tab.general'), children: <GeneralForm inbox={inbox} onChanged={onChanged} /> },
    { key: 'connect', label: t('inbox.tab.connect'), children: <ConnectSection inbox={inbox} onChanged={onChanged} /> },
    ...(inbox.channel === 'api' ? [{ key: 'deliveries', label: t('inbox.tab.deliveries'), children: <WebhookDeliveries inboxId={inbox.id} /> }] : []),
  ];
  return (
    <Drawer open title={inbox.name} size={inbox.channel === 'api' ? 860 : 600} onClose={onClose} destroyOnHidden data-testid="inbox-drawer">
      <Tabs items={tabs} />
    </Drawer>
  );
}

function GeneralForm({ inbox, onChanged }: { inbox: Inbox; onChanged: (inbox: Inbox) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const web = inbox.channel === 'web';
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const color = typeof v.color === 'string' ? v.color : v.color?.toHexString?.();
      const updated = await inboxesApi.update(inbox.id, web ? { name: v.name, greeting: v.greeting ?? '', color, offline: v.offline, limits: v.limits, businessHours: v.businessHours } : { name: v.name });
      onChanged(updated);
      message.success(t('common.saved'));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ name: inbox.name, greeting: inbox.greeting, color: inbox.color, offline: inbox.offline, limits: inbox.limits, businessHours: inbox.businessHours }} onFinish={() => void save()}>
      <Form.Item name="name" label={t('inbox.field.name')} rules={[{ required: true, max: 40 }]}>
        <Input data-testid="inbox-name" />
      </Form.Item>
      {web && (
        <>
          <Form.Item name="greeting" label={t('inbox.field.greeting')} extra={t('inbox.field.greetingHint')}>
            <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} data-testid="inbox-greeting" />
          </Form.Item>
          <Form.Item name="color" label={t('inbox.field.color')}>
            <ColorPicker format="hex" disabledAlpha presets={[{ label: '', colors: ['#1677ff', '#c2185b', '#fa541c', '#13c2c2', '#52c41a', '#722ed1'] }]} />
          </Form.Item>
          <Form.Item name="offline" label={t('inbox.field.offline')} valuePropName="checked" extra={t('inbox.field.offlineHint')}>
            <Switch data-testid="inbox-offline" />
          </Form.Item>
          <Form.Item name="businessHours" label={t('inbox.hours.title')} extra={t('inbox.hours.hint')}>
            <BusinessHoursField />
          </Form.Item>
          <Typography.Title level={5}>{t('inbox.limits.title')}</Typography.Title>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('inbox.limits.hint')}
          </Typography.Paragraph>
          <Flex gap={16} wrap>
            <Form.Item name={['limits', 'messagesPerMinute']} label={t('inbox.limits.messages')} rules={[{ required: true }]}>
              <InputNumber min={10} max={1_000_000} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name={['limits', 'newVisitorsPerMinute']} label={t('inbox.limits.visitors')} rules={[{ required: true }]}>
              <InputNumber min={10} max={1_000_000} style={{ width: 180 }} />
            </Form.Item>
          </Flex>
        </>
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="inbox-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}

function ConnectSection({ inbox, onChanged }: { inbox: Inbox; onChanged: (inbox: Inbox) => void }) {
  if (inbox.channel === 'web') return <WebEmbed inbox={inbox} />;
  if (inbox.channel === 'email') return <EmailConnect inbox={inbox} onChanged={onChanged} />;
  if (inbox.channel === 'api') return <ApiConnect inbox={inbox} onChanged={onChanged} />;
  return <PhoneConnect />;
}

function PhoneConnect() {
  const t = useT();
  return <Alert type="info" showIcon title={t('inbox.phone.hint')} />;
}

function WebEmbed({ inbox }: { inbox: Inbox }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const embed = useRequest((signal) => inboxesApi.embed(inbox.id, signal), [inbox.id]);
  const [revealed, setRevealed] = useState(false);
  if (embed.error && !embed.data) return <LoadError message={errorText(embed.error)} onRetry={embed.reload} />;
  if (!embed.data) return <Spin />;
  const rotate = async () => {
    try {
      const r = await inboxesApi.rotateIdentitySecret(inbox.id);
      embed.setData((d) => (d ? { ...d, identitySecret: r.identitySecret } : d));
      setRevealed(true);
      message.success(t('inbox.web.rotated'));
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Text strong>{t('inbox.web.snippet')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 8px' }}>
          {t('inbox.web.snippetHint')}
        </Typography.Paragraph>
        <CopyField value={embed.data.snippet} monospace testId="inbox-snippet" />
      </div>
      <div>
        <Typography.Text strong>{t('inbox.web.secret')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 8px' }}>
          {t('inbox.web.secretHint')}
        </Typography.Paragraph>
        {revealed ? (
          <CopyField value={embed.data.identitySecret} monospace testId="inbox-identity-secret" />
        ) : (
          <Button onClick={() => setRevealed(true)} data-testid="inbox-reveal-secret">
            {t('inbox.web.reveal')}
          </Button>
        )}
        <Popconfirm title={t('inbox.web.rotateConfirm')} onConfirm={() => void rotate()} okText={t('inbox.rotate')} cancelText={t('common.cancel')}>
          <Button danger type="link">
            {t('inbox.rotate')}
          </Button>
        </Popconfirm>
      </div>
      <div>
        <Typography.Text strong>{t('inbox.web.signExample')}</Typography.Text>
        <pre className="sd-json" style={{ marginTop: 8 }} data-testid="inbox-sign-example">
          {signingExample(t('inbox.web.signServer'), t('inbox.web.signPage'))}
        </pre>
      </div>
      <div>
        <Typography.Text strong>{t('inbox.web.demo')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
          {t('inbox.web.demoHint')}{' '}
          <Typography.Link href="/demo" target="_blank" rel="noreferrer">
            /demo
          </Typography.Link>
        </Typography.Paragraph>
      </div>
    </Flex>
  );
}

/** What the shop's server runs: the signature covers the customer id and its expiry (Unix seconds). */
function signingExample(serverComment: string, pageComment: string): string {
  return [
    `// ${serverComment}`,
    "const crypto = require('node:crypto');",
    'const expiresAt = Math.floor(Date.now() / 1000) + 3600;',
    'const signature = crypto',
    "  .createHmac('sha256', process.env.SHOPDESK_IDENTITY_SECRET)",
    '  .update(`${customerId}.${expiresAt}`)',
    "  .digest('hex');",
    '',
    `// ${pageComment}`,
    'window.ShopDeskSettings = { identity: { customerId, expiresAt, signature } };',
  ].join('\n');
}

function EmailConnect({ inbox, onChanged }: { inbox: Inbox; onChanged: (inbox: Inbox) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const settings = useRequest((signal) => inboxesApi.email(inbox.id, signal), [inbox.id]);
  const [busy, setBusy] = useState(false);
  if (settings.error && !settings.data) return <LoadError message={errorText(settings.error)} onRetry={settings.reload} />;
  if (!settings.data) return <Spin />;
  const s = settings.data.settings;
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const smtp = smtpFrom(v);
      const res = await inboxesApi.updateEmail(inbox.id, { address: v.address, displayName: v.displayName ?? '', smtp: smtp ?? (s.smtp ? null : undefined) });
      settings.setData(() => res);
      onChanged(res.inbox);
      message.success(t('common.saved'));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const rotate = async () => {
    try {
      const res = await inboxesApi.rotateEmailKey(inbox.id);
      settings.setData(() => res);
      message.success(t('inbox.email.keyRotated'));
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('inbox.email.inboundUrl')}>
          <CopyField value={s.inboundUrl} monospace />
        </Descriptions.Item>
        <Descriptions.Item label={t('inbox.email.inboundKey')}>
          <CopyField value={s.inboundKey} monospace />
          <Popconfirm title={t('inbox.email.rotateConfirm')} onConfirm={() => void rotate()} okText={t('inbox.rotate')} cancelText={t('common.cancel')}>
            <Button danger type="link" style={{ paddingInline: 0 }}>
              {t('inbox.rotate')}
            </Button>
          </Popconfirm>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('inbox.email.relayHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ address: s.address, displayName: s.displayName, smtp: s.smtp ? { host: s.smtp.host, port: s.smtp.port, secure: s.smtp.secure, user: s.smtp.user } : { port: 465, secure: true } }} onFinish={() => void save()}>
        <Form.Item name="address" label={t('inbox.email.address')} rules={[{ required: true, type: 'email', message: t('inbox.email.addressInvalid') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="displayName" label={t('inbox.email.displayName')}>
          <Input maxLength={80} />
        </Form.Item>
        <Typography.Title level={5}>{t('inbox.smtp.section')}</Typography.Title>
        {!s.smtp && <Alert type="warning" showIcon title={t('inbox.smtp.none')} style={{ marginBottom: 12 }} />}
        <SmtpFields passwordSet={s.smtp?.passwordSet} />
        <Button type="primary" htmlType="submit" loading={busy} data-testid="email-save">
          {t('common.save')}
        </Button>
      </Form>
    </Flex>
  );
}

function ApiConnect({ inbox, onChanged }: { inbox: Inbox; onChanged: (inbox: Inbox) => void }) {
  const t = useT();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const settings = useRequest((signal) => inboxesApi.apiSettings(inbox.id, signal), [inbox.id]);
  const [busy, setBusy] = useState(false);
  if (settings.error && !settings.data) return <LoadError message={errorText(settings.error)} onRetry={settings.reload} />;
  if (!settings.data) return <Spin />;
  const s = settings.data.settings;
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const res = await inboxesApi.updateApi(inbox.id, { platform: v.platform, webhookUrl: v.webhookUrl || null, enabled: v.enabled });
      settings.setData(() => res);
      onChanged(res.inbox);
      message.success(t('common.saved'));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const rotate = async () => {
    try {
      const res = await inboxesApi.rotateWebhookSecret(inbox.id);
      settings.setData(() => ({ inbox: res.inbox, settings: res.settings }));
      modal.info({ title: t('inbox.api.secret'), width: 560, content: <CopyField value={res.webhookSecret} monospace testId="api-webhook-secret" /> });
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('inbox.api.messagesUrl')}>
          <CopyField value={s.messagesUrl} monospace />
        </Descriptions.Item>
        <Descriptions.Item label={t('inbox.api.secret')}>
          <Typography.Text code>{s.webhookSecretHint}</Typography.Text>
          <Popconfirm title={t('inbox.api.rotateConfirm')} onConfirm={() => void rotate()} okText={t('inbox.rotate')} cancelText={t('common.cancel')}>
            <Button danger type="link">
              {t('inbox.rotate')}
            </Button>
          </Popconfirm>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
        {t('inbox.api.tokenHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ platform: s.platform, webhookUrl: s.webhookUrl ?? '', enabled: s.enabled }} onFinish={() => void save()}>
        <Form.Item name="platform" label={t('inbox.api.platform')} extra={t('inbox.api.platformHint')}>
          <Select options={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))} style={{ maxWidth: 240 }} />
        </Form.Item>
        <Form.Item name="webhookUrl" label={t('inbox.api.webhookUrl')} rules={[{ type: 'url', message: t('inbox.api.webhookUrlInvalid') }]} extra={t('inbox.api.webhookUrlHint')}>
          <Input />
        </Form.Item>
        <Form.Item name="enabled" label={t('inbox.api.enabled')} valuePropName="checked" extra={t('inbox.api.enabledHint')}>
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="api-save">
          {t('common.save')}
        </Button>
      </Form>
    </Flex>
  );
}
