import { MessageOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort, isPast } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { consentApi, CONSENT_CHANNELS, CONSENT_SOURCES, type ConsentChannel, type Consents, type ConsentSource, type ConsentStatus, type StartChannel } from './customer-privacy-api';

const START_CHANNELS: readonly StartChannel[] = ['web', 'email', 'phone', 'api'];
type Row = { channel: ConsentChannel; status: ConsentStatus | null; source: ConsentSource | null; at: string | null };

/** 订阅与联系: the customer's opt-ins and opt-outs per channel, their history, the 30-day window, and 主动联系. */
export function ConsentCard({ customerId }: { customerId: string }) {
  const t = useT();
  const { can } = useAuth();
  const errorText = useErrorText();
  const canChange = can('conversations.reply');
  const consents = useRequest((signal) => consentApi.get(customerId, signal), [customerId]);
  const [changing, setChanging] = useState<{ channel: ConsentChannel; status: ConsentStatus } | null>(null);
  const [starting, setStarting] = useState(false);

  const data = consents.data;
  const rows: Row[] = CONSENT_CHANNELS.map((channel) => {
    const c = data?.current.find((x) => x.channel === channel);
    return { channel, status: c?.status ?? null, source: c?.source ?? null, at: c?.occurredAt ?? null };
  });
  const columns: TableColumnsType<Row> = [
    { title: t('consent.start.channel'), key: 'channel', render: (_, r) => t(`consent.channel.${r.channel}`) },
    {
      title: t('consent.title'),
      key: 'status',
      render: (_, r) => (r.status ? <Tag color={r.status === 'opted_in' ? 'green' : 'red'}>{t(`consent.status.${r.status}`)}</Tag> : <Typography.Text type="secondary">{t('consent.status.none')}</Typography.Text>),
    },
    { title: t('consent.source'), key: 'source', render: (_, r) => (r.source ? `${t(`consent.source.${r.source}`)} · ${formatDateTimeShort(r.at)}` : '') },
  ];
  if (canChange) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Space size={0}>
          {r.status !== 'opted_in' && <Button type="link" size="small" onClick={() => setChanging({ channel: r.channel, status: 'opted_in' })}>{t('consent.optIn')}</Button>}
          {r.status !== 'opted_out' && <Button type="link" size="small" danger onClick={() => setChanging({ channel: r.channel, status: 'opted_out' })}>{t('consent.optOut')}</Button>}
        </Space>
      ),
    });
  }

  const windowOpen = Boolean(data?.window.openUntil && !isPast(data.window.openUntil));
  return (
    <Card
      size="small"
      title={t('consent.title')}
      extra={canChange && <Button size="small" icon={<MessageOutlined />} onClick={() => setStarting(true)} data-testid="consent-start">{t('consent.start')}</Button>}
      data-testid="consent-card"
    >
      {consents.error && !data ? (
        <LoadError message={errorText(consents.error)} onRetry={consents.reload} />
      ) : (
        <>
          {data && (
            <Alert
              type={windowOpen ? 'success' : 'warning'}
              showIcon
              style={{ marginBottom: 12 }}
              title={windowOpen ? t('consent.window.open', { until: formatDateTimeShort(data.window.openUntil) }) : t('consent.window.closed')}
            />
          )}
          <Table<Row> rowKey="channel" size="small" columns={columns} dataSource={rows} loading={consents.loading} pagination={false} />
          <ConsentHistory consents={data} />
        </>
      )}
      <ChangeConsentModal customerId={customerId} change={changing} onClose={() => setChanging(null)} onSaved={(next) => { consents.setData(() => next); setChanging(null); }} />
      <StartConversationModal customerId={customerId} open={starting} onClose={() => setStarting(false)} />
    </Card>
  );
}

function ConsentHistory({ consents }: { consents: Consents | undefined }) {
  const t = useT();
  if (!consents?.history.length) return null;
  return (
    <>
      <Typography.Text strong style={{ display: 'block', margin: '12px 0 8px' }}>{t('consent.history')}</Typography.Text>
      <Timeline
        items={consents.history.slice(0, 20).map((h, i) => ({
          key: i,
          color: h.status === 'opted_in' ? 'green' : 'red',
          content: `${formatDateTimeShort(h.occurredAt)} ${t(`consent.channel.${h.channel}`)} ${t(`consent.status.${h.status}`)} · ${t(`consent.source.${h.source}`)}${h.actor ? ` · ${h.actor.name}` : ''}${h.note ? ` · ${h.note}` : ''}`,
        }))}
      />
    </>
  );
}

type ChangeProps = { customerId: string; change: { channel: ConsentChannel; status: ConsentStatus } | null; onClose: () => void; onSaved: (c: Consents) => void };

function ChangeConsentModal({ customerId, change, onClose, onSaved }: ChangeProps) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ source: ConsentSource; note?: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (!change) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      onSaved(await consentApi.change(customerId, [{ ...change, source: v.source, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }]));
      message.success(t('consent.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={Boolean(change)}
      title={change ? `${t(`consent.channel.${change.channel}`)} · ${t(change.status === 'opted_in' ? 'consent.optIn' : 'consent.optOut')}` : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ source: 'customer_request' }}>
        <Form.Item name="source" label={t('consent.source')} rules={[{ required: true }]}>
          <Select options={CONSENT_SOURCES.map((s) => ({ value: s, label: t(`consent.source.${s}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('consent.note')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StartConversationModal({ customerId, open, onClose }: { customerId: string; open: boolean; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useShowError();
  const [channel, setChannel] = useState<StartChannel>('phone');
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    setSaving(true);
    try {
      const { conversation } = await consentApi.startConversation(customerId, channel);
      message.success(t('consent.started'));
      onClose();
      navigate(`/conversations/${encodeURIComponent(conversation.id)}`);
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('consent.start')} okText={t('consent.start')} cancelText={t('common.cancel')} confirmLoading={saving} onOk={submit} onCancel={onClose} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('consent.start.channel')}>
          <Select value={channel} onChange={setChannel} options={START_CHANNELS.map((c) => ({ value: c, label: t(`consent.channel.${c}`) }))} data-testid="consent-start-channel" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
