import { Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useRef, useState } from 'react';
import { RECEPTION_STEPS, type QuickReply, type ReceptionStep } from '../../app/api-types';
import { requiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import type { MessageKey } from '../../i18n/messages';
import { quickRepliesApi, VARIABLES, variableLabel, type QuickReplyScope } from './quick-replies-api';

type FormValues = { shortcut: string; title: string; step?: ReceptionStep | null; body: string };

type Props = {
  /** Open for a new reply (`editing` null) or to change one. */
  open: boolean;
  scope: QuickReplyScope;
  editing: QuickReply | null;
  onClose: () => void;
  onSaved: (reply: QuickReply, created: boolean) => void;
};

export function QuickReplyModal({ open, scope, editing, onClose, onSaved }: Props) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<FormValues>();
  const [submitting, setSubmitting] = useState(false);
  const bodyRef = useRef<TextAreaRef>(null);

  useEffect(() => {
    if (!open) return;
    if (editing) form.setFieldsValue({ shortcut: editing.shortcut, title: editing.title, step: editing.step, body: editing.body });
    else form.resetFields();
  }, [open, editing, form]);

  /** Puts `{{variable}}` at the cursor of the text (or in place of the selection). */
  const insertVariable = (variable: string) => {
    const el = bodyRef.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('body') ?? '';
    const token = `{{${variable}}}`;
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? start;
    form.setFieldValue('body', current.slice(0, start) + token + current.slice(end));
    void form.validateFields(['body']).catch(() => undefined);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const onFinish = async (values: FormValues) => {
    setSubmitting(true);
    try {
      const input = { shortcut: values.shortcut.trim(), title: values.title.trim(), body: values.body.trim(), step: values.step ?? null };
      const saved = editing ? await quickRepliesApi.update(scope, editing.id, input) : await quickRepliesApi.create(scope, input);
      onSaved(saved, !editing);
    } catch (err) {
      showError(err, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t(editing ? 'qr.form.editTitle' : 'qr.form.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, ...{ 'data-testid': 'quick-reply-submit' } }}
      mask={{ closable: !submitting }}
      afterClose={() => form.resetFields()}
      width={560}
      forceRender
    >
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
        {t(scope === 'shared' ? 'qr.form.scopeShared' : 'qr.form.scopePersonal')}
      </Typography.Text>
      <Form<FormValues> form={form} name="quick_reply" layout="vertical" onFinish={onFinish} style={{ marginTop: 16 }}>
        <Flex gap={12}>
          <Form.Item
            name="shortcut"
            label={t('qr.form.shortcut')}
            extra={t('qr.form.shortcutHelp')}
            rules={[requiredRule(t, t('qr.form.shortcut')), { pattern: /^[^\s/]+$/, message: t('qr.form.shortcutInvalid') }]}
            style={{ flex: 1 }}
          >
            <Input prefix="/" maxLength={32} placeholder={t('qr.form.shortcutPlaceholder')} data-testid="quick-reply-shortcut" />
          </Form.Item>
          <Form.Item name="step" label={t('qr.form.step')} style={{ width: 160 }}>
            <Select
              allowClear
              placeholder={t('qr.form.stepPlaceholder')}
              options={RECEPTION_STEPS.map((s, i) => ({ value: s, label: `${i + 1}. ${t(`qr.step.${s}` as MessageKey)}` }))}
              data-testid="quick-reply-step"
            />
          </Form.Item>
        </Flex>
        <Form.Item name="title" label={t('qr.form.title')} rules={[requiredRule(t, t('qr.form.title'))]}>
          <Input maxLength={80} placeholder={t('qr.form.titlePlaceholder')} data-testid="quick-reply-title" />
        </Form.Item>
        <Form.Item label={t('qr.form.body')} required style={{ marginBottom: 0 }}>
          <Flex wrap gap={6} align="center" style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('qr.form.insertVar')}
            </Typography.Text>
            {VARIABLES.map((v) => (
              <Button key={v} size="small" onMouseDown={(e) => e.preventDefault()} onClick={() => insertVariable(v)} data-testid={`quick-reply-var-${v}`}>
                {variableLabel(t, v)}
              </Button>
            ))}
          </Flex>
          <Form.Item name="body" rules={[requiredRule(t, t('qr.form.body'))]}>
            <Input.TextArea ref={bodyRef} maxLength={2000} showCount autoSize={{ minRows: 4, maxRows: 10 }} placeholder={t('qr.form.bodyPlaceholder')} data-testid="quick-reply-body" />
          </Form.Item>
        </Form.Item>
      </Form>
    </Modal>
  );
}
