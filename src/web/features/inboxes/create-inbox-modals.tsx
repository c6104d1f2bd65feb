import { Alert, Button, Collapse, Form, Input, InputNumber, Modal, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { CopyField } from '../../app/copy-field';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { inboxesApi, type Inbox, type SmtpInput, type SourcePlatform } from './inboxes-api';

export const PLATFORMS: SourcePlatform[] = ['taobao', 'tmall', 'jd', 'shopify', 'web'];

/** The SMTP fields, shared by creating an email inbox and editing one. */
export function SmtpFields({ passwordSet }: { passwordSet?: boolean }) {
  const t = useT();
  return (
    <>
      <Form.Item name={['smtp', 'host']} label={t('inbox.smtp.host')} extra={t('inbox.smtp.hostHint')}>
        <Input placeholder="smtp.exmail.qq.com" data-testid="smtp-host" />
      </Form.Item>
      <Form.Item name={['smtp', 'port']} label={t('inbox.smtp.port')}>
        <InputNumber min={1} max={65535} placeholder="465" style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name={['smtp', 'secure']} label={t('inbox.smtp.secure')} valuePropName="checked" extra={t('inbox.smtp.secureHint')}>
        <Switch />
      </Form.Item>
      <Form.Item name={['smtp', 'user']} label={t('inbox.smtp.user')}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name={['smtp', 'password']} label={t('inbox.smtp.password')} extra={passwordSet ? t('inbox.smtp.passwordKept') : undefined}>
        <Input.Password autoComplete="new-password" placeholder={passwordSet ? '••••••••' : undefined} />
      </Form.Item>
    </>
  );
}

/** Only the SMTP fields that were filled in; none at all means "receive only". */
export function smtpFrom(values: { smtp?: SmtpInput }): SmtpInput | undefined {
  const s = values.smtp;
  if (!s?.host) return undefined;
  return { host: s.host.trim(), port: s.port ?? 465, secure: s.secure ?? true, user: s.user?.trim() || null, ...(s.password ? { password: s.password } : {}) };
}

export function CreateEmailInboxModal({ onClose, onCreated }: { onClose: () => void; onCreated: (inbox: Inbox) => void }) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const res = await inboxesApi.createEmail({ name: values.name, address: values.address, displayName: values.displayName || undefined, smtp: smtpFrom(values) });
      onCreated(res.inbox);
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('inbox.new.email')} onOk={() => void submit()} onCancel={onClose} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={busy} width={560} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ smtp: { port: 465, secure: true } }}>
        <Form.Item name="name" label={t('inbox.field.name')} rules={[{ required: true, max: 40 }]}>
          <Input placeholder={t('inbox.placeholder.emailName')} data-testid="email-inbox-name" />
        </Form.Item>
        <Form.Item name="address" label={t('inbox.email.address')} rules={[{ required: true, type: 'email', message: t('inbox.email.addressInvalid') }]} extra={t('inbox.email.addressHint')}>
          <Input placeholder="service@example.com" data-testid="email-inbox-address" />
        </Form.Item>
        <Form.Item name="displayName" label={t('inbox.email.displayName')}>
          <Input placeholder={t('inbox.placeholder.displayName')} maxLength={80} />
        </Form.Item>
        <Collapse ghost items={[{ key: 'smtp', label: t('inbox.smtp.section'), children: <SmtpFields /> }]} />
      </Form>
    </Modal>
  );
}

export function CreateApiInboxModal({ onClose, onCreated }: { onClose: () => void; onCreated: (inbox: Inbox) => void }) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<{ secret: string; messagesUrl: string } | null>(null);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const res = await inboxesApi.createApi({ name: values.name, platform: values.platform, webhookUrl: values.webhookUrl || null });
      onCreated(res.inbox);
      setSecret({ secret: res.webhookSecret, messagesUrl: res.settings.messagesUrl });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  if (secret) {
    return (
      <Modal open title={t('inbox.api.createdTitle')} onCancel={onClose} mask={{ closable: false }} footer={<Button type="primary" onClick={onClose}>{t('tokens.secret.done')}</Button>} width={600}>
        <Alert type="warning" showIcon title={t('inbox.api.secretOnce')} style={{ margin: '16px 0' }} />
        <Typography.Text strong>{t('inbox.api.secret')}</Typography.Text>
        <CopyField value={secret.secret} monospace testId="api-webhook-secret" />
        <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
          {t('inbox.api.messagesUrl')}
        </Typography.Text>
        <CopyField value={secret.messagesUrl} monospace />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('inbox.api.tokenHint')}
        </Typography.Paragraph>
      </Modal>
    );
  }
  return (
    <Modal open title={t('inbox.new.api')} onOk={() => void submit()} onCancel={onClose} okText={t('common.create')} cancelText={t('common.cancel')} confirmLoading={busy} width={560} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ platform: 'taobao' }}>
        <Form.Item name="name" label={t('inbox.field.name')} rules={[{ required: true, max: 40 }]}>
          <Input placeholder={t('inbox.placeholder.apiName')} data-testid="api-inbox-name" />
        </Form.Item>
        <Form.Item name="platform" label={t('inbox.api.platform')} extra={t('inbox.api.platformHint')}>
          <Select options={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))} />
        </Form.Item>
        <Form.Item name="webhookUrl" label={t('inbox.api.webhookUrl')} rules={[{ type: 'url', message: t('inbox.api.webhookUrlInvalid') }]} extra={t('inbox.api.webhookUrlHint')}>
          <Input placeholder="https://connector.example.com/shopdesk/webhook" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
