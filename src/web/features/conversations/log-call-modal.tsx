import { DeleteOutlined, PhoneOutlined, SoundOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Progress, Radio, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ACCEPT_RECORDINGS, MAX_RECORDING_BYTES } from '../../../contracts/attachment-types';
import { useAuth } from '../../app/auth-provider';
import { requiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { callsApi, fileSize, uploadAttachment, type CallDirection } from './attachments-api';
import { newClientId } from './conversations-api';

type Values = { direction: CallDirection; number?: string; name?: string; minutes?: number; seconds?: number; summary?: string };

type Props = {
  /** The conversation the call belongs to; without one, the number finds (or makes) the customer and their phone conversation. */
  conversationId?: string;
  onClose: () => void;
  onLogged?: (conversationId: string) => void;
};

/**
 * 记录通话: direction, number, duration, summary and the recording. The recording is uploaded when
 * the form is saved, into the call's conversation; the same save retried stores the call once.
 */
export function LogCallModal({ conversationId, onClose, onLogged }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [recording, setRecording] = useState<File | null>(null);
  const [recordingError, setRecordingError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const clientId = useRef(newClientId());
  // What the first attempt already did, so a retry after a failure picks up where it stopped.
  const done = useRef<{ conversationId?: string; recordingId?: string }>({ conversationId });
  const picker = useRef<HTMLInputElement>(null);
  const isNew = !conversationId;

  const pick = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_RECORDING_BYTES) {
      setRecordingError(t('call.recordingTooLarge', { limit: `${MAX_RECORDING_BYTES / 1024 / 1024} MB` }));
      return;
    }
    setRecordingError(null);
    setRecording(file);
    done.current.recordingId = undefined;
  };

  const submit = async (values: Values) => {
    setSubmitting(true);
    try {
      if (!done.current.conversationId) {
        const opened = await callsApi.openByPhone(values.number!.trim(), values.name?.trim() || undefined);
        done.current.conversationId = opened.conversation.id;
      }
      const target = done.current.conversationId;
      if (recording && !done.current.recordingId) {
        setProgress(0);
        done.current.recordingId = (await uploadAttachment(target, recording, setProgress)).id;
      }
      await callsApi.log(target, {
        clientId: clientId.current,
        direction: values.direction,
        ...(values.number?.trim() ? { number: values.number.trim() } : {}),
        durationSec: (values.minutes ?? 0) * 60 + (values.seconds ?? 0),
        summary: values.summary?.trim() ?? '',
        ...(done.current.recordingId ? { recordingId: done.current.recordingId } : {}),
      });
      message.success(t('call.saved'));
      onLogged?.(target);
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setSubmitting(false);
      setProgress(null);
    }
  };

  return (
    <Modal
      open
      title={
        <Flex align="center" gap={8}>
          <PhoneOutlined />
          {t(isNew ? 'call.titleNew' : 'call.title')}
        </Flex>
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('call.submit')}
      okButtonProps={{ loading: submitting, ...{ 'data-testid': 'log-call-submit' } }}
      cancelText={t('common.cancel')}
      mask={{ closable: !submitting }}
      width={520}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ direction: 'inbound', minutes: 0, seconds: 0 }} onFinish={(v) => void submit(v)} style={{ marginTop: 16 }} data-testid="log-call-form">
        <Form.Item name="direction" label={t('call.direction')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'inbound', label: t('call.inbound') }, { value: 'outbound', label: t('call.outbound') }]} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="number" label={t('call.number')} rules={isNew ? [requiredRule(t, t('call.number'))] : []} style={{ flex: 1 }}>
            <Input inputMode="tel" maxLength={32} placeholder={isNew ? '138 0013 8000' : t('call.numberPlaceholder')} data-testid="log-call-number" />
          </Form.Item>
          {isNew && (
            <Form.Item name="name" label={t('call.name')} style={{ flex: 1 }}>
              <Input maxLength={80} placeholder={t('common.optional')} data-testid="log-call-name" />
            </Form.Item>
          )}
        </Flex>
        <Form.Item label={t('call.duration')} required>
          <Flex align="center" gap={8}>
            <Form.Item name="minutes" noStyle>
              <InputNumber min={0} max={1440} precision={0} style={{ width: 96 }} suffix={t('call.minutes')} data-testid="log-call-minutes" />
            </Form.Item>
            <Form.Item name="seconds" noStyle>
              <InputNumber min={0} max={59} precision={0} style={{ width: 96 }} suffix={t('call.seconds')} data-testid="log-call-seconds" />
            </Form.Item>
          </Flex>
        </Form.Item>
        <Form.Item name="summary" label={t('call.summary')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} placeholder={t('call.summaryPlaceholder')} data-testid="log-call-summary" />
        </Form.Item>
        <Form.Item label={t('call.recording')} extra={t('call.recordingHint')} validateStatus={recordingError ? 'error' : undefined} help={recordingError ?? undefined}>
          {recording ? (
            <Flex align="center" gap={8} className="sd-reply-file" style={{ maxWidth: '100%' }} data-testid="log-call-recording">
              <SoundOutlined />
              <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }}>
                {recording.name}
              </Typography.Text>
              <Typography.Text type="secondary">{fileSize(recording.size)}</Typography.Text>
              <Tooltip title={t('att.remove')}>
                <Button type="text" size="small" icon={<DeleteOutlined />} disabled={submitting} onClick={() => setRecording(null)} aria-label={t('att.remove')} />
              </Tooltip>
            </Flex>
          ) : (
            <Button icon={<UploadOutlined />} onClick={() => picker.current?.click()} data-testid="log-call-pick">
              {t('call.pickRecording')}
            </Button>
          )}
          <input
            ref={picker}
            type="file"
            style={{ display: 'none' }}
            accept={ACCEPT_RECORDINGS}
            data-testid="log-call-recording-input"
            onChange={(e) => {
              pick(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
          {progress !== null && <Progress percent={progress} size="small" style={{ marginTop: 8 }} />}
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The reply box's 记录通话 button. */
export function LogCallButton({ conversationId, disabled }: { conversationId: string; disabled: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Tooltip title={t('call.log')}>
        <Button type="text" icon={<PhoneOutlined />} disabled={disabled} onClick={() => setOpen(true)} aria-label={t('call.log')} data-testid="log-call-open" />
      </Tooltip>
      {open && <LogCallModal conversationId={conversationId} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The list's 记录电话 button: a call from (or to) any number, found or made into a customer. */
export function NewCallButton({ onLogged }: { onLogged: (conversationId: string) => void }) {
  const t = useT();
  const { can } = useAuth();
  const [open, setOpen] = useState(false);
  if (!can('conversations.reply')) return null;
  return (
    <>
      <Tooltip title={t('call.logNew')}>
        <Button type="text" size="small" icon={<PhoneOutlined />} onClick={() => setOpen(true)} aria-label={t('call.logNew')} data-testid="new-call-open" />
      </Tooltip>
      {open && <LogCallModal onClose={() => setOpen(false)} onLogged={onLogged} />}
    </>
  );
}
