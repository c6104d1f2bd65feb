import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { Role, Specialisation, User } from '../../app/api-types';
import { blankToNull } from '../../app/format';
import { requiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { usersApi, type UserPatch } from './users-api';

type EditForm = { name: string; displayName?: string; nickname?: string; role: Role; specialisation?: Specialisation | null };

type Props = {
  user: User | null;
  /** Whether the role may change: not one's own, not the owner's, and only to a role one may grant. */
  roleEditable: boolean;
  roleOptions: { value: Role; label: string }[];
  /** Every role, to show a role the actor may not grant (the owner's) in the disabled select. */
  allRoleOptions: { value: Role; label: string }[];
  specialisationOptions: { value: Specialisation; label: string }[];
  onClose: () => void;
  onSaved: (user: User) => void;
};

export function EditUserModal({ user, roleEditable, roleOptions, allRoleOptions, specialisationOptions, onClose, onSaved }: Props) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<EditForm>();
  const role = Form.useWatch('role', form);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!user) return;
    form.resetFields();
    form.setFieldsValue({
      name: user.name,
      displayName: user.displayName ?? '',
      nickname: user.nickname ?? '',
      role: user.role,
      specialisation: user.specialisation,
    });
  }, [user, form]);

  const onFinish = async (values: EditForm) => {
    if (!user) return;
    setSubmitting(true);
    const patch: UserPatch = {
      name: values.name.trim(),
      displayName: blankToNull(values.displayName),
      nickname: blankToNull(values.nickname),
      specialisation: values.role === 'agent' ? (values.specialisation ?? null) : null,
    };
    if (roleEditable && values.role !== user.role) patch.role = values.role;
    try {
      onSaved(await usersApi.update(user.id, patch));
    } catch (err) {
      showError(err, form);
    } finally {
      setSubmitting(false);
    }
  };

  const options = roleEditable ? roleOptions : allRoleOptions;

  return (
    <Modal
      open={Boolean(user)}
      title={t('users.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submitting, ...{ 'data-testid': 'user-edit-submit' } }}
      mask={{ closable: !submitting }}
      width={520}
    >
      <Form<EditForm> form={form} name="edit_user" layout="vertical" onFinish={onFinish} style={{ marginTop: 16 }}>
        <Form.Item name="name" label={t('users.col.name')} rules={[requiredRule(t, t('users.col.name'))]}>
          <Input maxLength={80} data-testid="user-edit-name" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.col.displayName')} extra={t('users.displayNameHelp')}>
          <Input maxLength={40} placeholder={t('common.optional')} data-testid="user-edit-display-name" />
        </Form.Item>
        <Form.Item name="nickname" label={t('users.col.nickname')} extra={t('users.nicknameHelp')}>
          <Input maxLength={40} placeholder={t('common.optional')} data-testid="user-edit-nickname" />
        </Form.Item>
        <Form.Item name="role" label={t('users.col.role')} extra={roleEditable ? undefined : t('users.roleLocked')}>
          <Select options={options} disabled={!roleEditable} data-testid="user-edit-role" />
        </Form.Item>
        {role === 'agent' && (
          <Form.Item name="specialisation" label={t('users.col.specialisation')} extra={t('users.specialisationHelp')}>
            <Select options={specialisationOptions} allowClear placeholder={t('common.optional')} data-testid="user-edit-specialisation" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
