import { App, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { keyAccountsApi, type Visit } from './key-accounts-api';

type Props = { visit: Visit | null; onClose: () => void; onDone: (result: { visit: Visit; next: Visit | null }) => void };

/** 完成回访: records the outcome of a return visit; the server schedules the next by the key account's rhythm. */
export function CompleteVisitModal({ visit, onClose, onDone }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<{ outcome: string }>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (visit) form.resetFields();
  }, [visit, form]);

  const submit = async () => {
    if (!visit) return;
    const { outcome } = await form.validateFields();
    setSaving(true);
    try {
      const result = await keyAccountsApi.complete(visit.id, outcome);
      message.success(result.next ? t('keyAccounts.complete.next', { at: formatDateTimeShort(result.next.dueAt) }) : t('keyAccounts.complete.done'));
      onDone(result);
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={Boolean(visit)}
      title={t('keyAccounts.complete.title', { name: visit?.customerName ?? visit?.company ?? '' })}
      okText={t('keyAccounts.complete')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="complete-visit-form">
        <Form.Item name="outcome" label={t('keyAccounts.complete.outcome')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('keyAccounts.complete.outcomePlaceholder')} data-testid="visit-outcome" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
