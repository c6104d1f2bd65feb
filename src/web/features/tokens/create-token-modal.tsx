import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import type { ApiToken, Role } from '../../app/api-types';
import { requiredRule, selectRequiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { tokensApi } from './tokens-api';

type CreateForm = { name: string; role: Role; expiresInDays?: number | null };

type Props = {
  open: boolean;
  roleOptions: { value: Role; label: string }[];
  onClose: () => void;
  onCreated: (token: ApiToken, secret: string) => void;
};

export function CreateTokenModal({ open, roleOptions, onClose, onCreated }: Props) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<CreateForm>();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (values: CreateForm) => {
    setSubmitting(true);
    try {
      const { token, secret } = await tokensApi.create({
        name: values.name.trim(),
        role: values.role,
        expiresInDays: values.expiresInDays ?? undefined,
      });
      onCreated(token, secret);
    } catch (err) {
      showError(err, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('tokens.form.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tokens.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, ...{ 'data-testid': 'token-create-submit' } }}
      mask={{ closable: !submitting }}
      afterClose={() => form.resetFields()}
      width={480}
    >
      <Form<CreateForm> form={form} name="create_token" layout="vertical" onFinish={onFinish} style={{ marginTop: 16 }}>
        <Form.Item name="name" label={t('tokens.form.name')} rules={[requiredRule(t, t('tokens.form.name'))]}>
          <Input placeholder={t('tokens.form.namePlaceholder')} maxLength={80} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="role" label={t('tokens.form.role')} extra={t('tokens.form.roleHelp')} rules={[selectRequiredRule(t, t('tokens.form.role'))]}>
          <Select options={roleOptions} data-testid="token-role" />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.form.expires')}>
          <InputNumber
            min={1}
            max={3650}
            precision={0}
            placeholder={t('tokens.form.expiresPlaceholder')}
            suffix={t('tokens.form.days')}
            style={{ width: '100%' }}
            data-testid="token-expires"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
