import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Divider, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { blankToNull } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { keyAccountsApi, membersApi, VISIT_UNITS, type KeyAccount, type KeyAccountInput, type VisitUnit } from './key-accounts-api';

type Contact = { name: string; title?: string; phone?: string; email?: string };
type Values = {
  managerId?: string;
  company?: string;
  contacts?: Contact[];
  contractTerms?: string;
  notes?: string;
  discountPercent?: number | null;
  paymentTerms?: string;
  visitN?: number | null;
  visitUnit?: VisitUnit;
  nextVisitAt?: Dayjs | null;
};

type Props = { customerId: string; open: boolean; current: KeyAccount | null; onClose: () => void; onSaved: (ka: KeyAccount) => void };

function initialValues(ka: KeyAccount | null): Values {
  return {
    managerId: ka?.manager?.id,
    company: ka?.company ?? '',
    contacts: (ka?.contacts ?? []).map((c) => ({ name: c.name, title: c.title ?? '', phone: c.phone ?? '', email: c.email ?? '' })),
    contractTerms: ka?.contractTerms ?? '',
    notes: ka?.notes ?? '',
    discountPercent: ka?.discountPercent ?? null,
    paymentTerms: ka?.paymentTerms ?? '',
    visitN: ka?.visitEvery?.n ?? null,
    visitUnit: ka?.visitEvery?.unit ?? 'month',
    nextVisitAt: ka?.nextVisitAt ? dayjs(ka.nextVisitAt) : null,
  };
}

/** Contacts shown masked (138****5678) are not sent back, so a masked value is never saved over the real one. */
function toInput(v: Values): KeyAccountInput {
  const masked = (s: string | undefined) => Boolean(s && s.includes('*'));
  const hasMasked = (v.contacts ?? []).some((c) => masked(c.phone) || masked(c.email));
  const contacts = (v.contacts ?? []).map((c) => ({ name: c.name.trim(), title: blankToNull(c.title), phone: blankToNull(c.phone), email: blankToNull(c.email) }));
  return {
    managerId: v.managerId ?? null,
    company: blankToNull(v.company),
    ...(hasMasked ? {} : { contacts }),
    contractTerms: blankToNull(v.contractTerms),
    notes: blankToNull(v.notes),
    discountPercent: v.discountPercent ?? null,
    paymentTerms: blankToNull(v.paymentTerms),
    visitEvery: v.visitN ? { n: v.visitN, unit: v.visitUnit ?? 'month' } : null,
    ...(v.nextVisitAt ? { nextVisitAt: v.nextVisitAt.toISOString() } : {}),
  };
}

export function KeyAccountModal({ customerId, open, current, onClose, onSaved }: Props) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const members = useRequest((signal) => membersApi.list(signal), [], open);

  useEffect(() => {
    if (open) form.setFieldsValue(initialValues(current));
  }, [open, current, form]);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      onSaved(await keyAccountsApi.save(customerId, toInput(values)));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t('keyAccounts.form.title')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={saving} onOk={submit} onCancel={onClose} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="key-account-form">
        <Form.Item name="managerId" label={t('keyAccounts.form.manager')} extra={t('keyAccounts.form.managerHelp')}>
          <Select allowClear showSearch optionFilterProp="label" loading={members.loading} options={(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))} data-testid="key-account-manager" />
        </Form.Item>
        <Form.Item name="company" label={t('keyAccounts.form.company')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('keyAccounts.form.contacts')}>
          <Form.List name="contacts">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, max: 60 }]}>
                      <Input placeholder={t('keyAccounts.form.contactName')} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} rules={[{ max: 60 }]}>
                      <Input placeholder={t('keyAccounts.form.contactTitle')} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'phone']} rules={[{ max: 40 }]}>
                      <Input placeholder={t('keyAccounts.form.contactPhone')} style={{ width: 130 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'email']} rules={[{ max: 200 }]}>
                      <Input placeholder={t('keyAccounts.form.contactEmail')} style={{ width: 160 }} />
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                  </Space>
                ))}
                {fields.length < 20 && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                    {t('keyAccounts.form.addContact')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="contractTerms" label={t('keyAccounts.form.contractTerms')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="notes" label={t('keyAccounts.form.notes')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Divider plain>{t('keyAccounts.form.policy')}</Divider>
        <Space wrap size="large">
          <Form.Item name="discountPercent" label={t('keyAccounts.form.discount')} extra={t('keyAccounts.form.discountHelp')}>
            <InputNumber min={0.01} max={99.99} step={1} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="paymentTerms" label={t('keyAccounts.form.paymentTerms')} rules={[{ max: 200 }]}>
            <Input placeholder={t('keyAccounts.form.paymentPlaceholder')} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Divider plain>{t('keyAccounts.form.visits')}</Divider>
        <Space wrap size="large" align="start">
          <Form.Item label={t('keyAccounts.form.every')}>
            <Space.Compact>
              <Form.Item name="visitN" noStyle>
                <InputNumber min={1} max={365} placeholder={t('keyAccounts.form.noSchedule')} style={{ width: 150 }} data-testid="key-account-visit-n" />
              </Form.Item>
              <Form.Item name="visitUnit" noStyle>
                <Select style={{ width: 100 }} options={VISIT_UNITS.map((u) => ({ value: u, label: t(`keyAccounts.unit.${u}`) }))} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
          <Form.Item name="nextVisitAt" label={t('keyAccounts.form.nextVisit')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
