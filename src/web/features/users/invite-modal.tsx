import { Alert, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { Invitation, Role, Specialisation } from '../../app/api-types';
import { CopyField } from '../../app/copy-field';
import { formatDateTimeShort } from '../../app/format';
import { requiredRule, selectRequiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { absoluteUrl, usersApi } from './users-api';

type InviteForm = { email: string; role: Role; specialisation?: Specialisation; name?: string };
type Created = { invitation: Invitation; inviteUrl: string };

type Props = {
  open: boolean;
  roleOptions: { value: Role; label: string }[];
  specialisationOptions: { value: Specialisation; label: string }[];
  onClose: () => void;
  onInvited: (invitation: Invitation) => void;
};

export function InviteModal({ open, roleOptions, specialisationOptions, onClose, onInvited }: Props) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<InviteForm>();
  const role = Form.useWatch('role', form);
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  const reset = () => {
    form.resetFields();
    setCreated(null);
  };

  const onFinish = async (values: InviteForm) => {
    setSubmitting(true);
    try {
      const result = await usersApi.invite({
        email: values.email.trim(),
        role: values.role,
        specialisation: values.role === 'agent' ? (values.specialisation ?? null) : null,
        name: values.name?.trim() || null,
      });
      setCreated({ invitation: result.invitation, inviteUrl: absoluteUrl(result.inviteUrl) });
      onInvited(result.invitation);
    } catch (err) {
      showError(err, form);
    } finally {
      setSubmitting(false);
    }
  };

  const footer = created
    ? [
        <Button key="again" onClick={reset}>
          {t('invite.another')}
        </Button>,
        <Button key="done" type="primary" onClick={onClose} data-testid="invite-done">
          {t('common.done')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="submit" type="primary" loading={submitting} onClick={() => form.submit()} data-testid="invite-submit">
          {t('invite.submit')}
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={created ? t('invite.createdTitle') : t('invite.title')}
      onCancel={onClose}
      afterClose={reset}
      footer={footer}
      mask={{ closable: !submitting }}
      width={520}
    >
      {created && (
        <div data-testid="invite-created">
          <Alert type="success" showIcon title={t('invite.createdDesc', { email: created.invitation.email })} style={{ marginBottom: 16 }} />
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {t('invite.link')}
          </Typography.Text>
          <CopyField value={created.inviteUrl} testId="invite-link" copyTestId="invite-copy" />
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 13 }}>
            {t('invite.expires', { time: formatDateTimeShort(created.invitation.expiresAt) })}
          </Typography.Text>
        </div>
      )}
      {/* The form stays mounted (hidden) after success so "invite another" can reset it. */}
      <Form<InviteForm>
        form={form} name="invite"
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ role: 'agent' }}
        style={{ marginTop: 16, display: created ? 'none' : undefined }}
      >
        <Form.Item
          name="email"
          label={t('invite.email')}
          rules={[requiredRule(t, t('invite.email')), { type: 'email', message: t('form.emailInvalid') }]}
        >
          <Input placeholder="name@example.com" autoComplete="off" maxLength={254} data-testid="invite-email" />
        </Form.Item>
        <Form.Item name="role" label={t('invite.role')} rules={[selectRequiredRule(t, t('invite.role'))]}>
          <Select options={roleOptions} data-testid="invite-role" />
        </Form.Item>
        {role === 'agent' && (
          <Form.Item name="specialisation" label={t('invite.specialisation')} extra={t('users.specialisationHelp')}>
            <Select options={specialisationOptions} allowClear placeholder={t('common.optional')} data-testid="invite-specialisation" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('invite.name')}>
          <Input placeholder={t('invite.namePlaceholder')} maxLength={80} data-testid="invite-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
