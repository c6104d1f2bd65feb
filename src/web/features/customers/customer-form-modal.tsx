import { App, Col, DatePicker, Divider, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { blankToNull } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import type { MessageKey } from '../../i18n/messages';
import { SOURCE_PLATFORMS } from '../conversations/customer-panel-api';
import { AttributeInput } from './attribute-input';
import { customersApi, GENDERS, type AttributeDefinition, type AttributeValue, type CustomerInput, type CustomerRecord } from './customers-api';

type FormValues = {
  name?: string;
  nickname?: string;
  gender?: CustomerRecord['gender'];
  birthday?: Dayjs | null;
  phone?: string;
  email?: string;
  province?: string;
  city?: string;
  district?: string;
  sourcePlatform?: CustomerRecord['sourcePlatform'];
  sourceShop?: string;
  attributes?: Record<string, AttributeValue | null>;
};

function initialValues(c: CustomerRecord | undefined): FormValues {
  if (!c) return { gender: 'unknown', attributes: {} };
  return {
    name: c.name ?? '',
    nickname: c.nickname ?? '',
    gender: c.gender,
    birthday: c.birthday ? dayjs(c.birthday) : null,
    // A masked contact is not sent back: the field starts empty for who may not see it.
    phone: c.contactMasked ? undefined : c.phone ?? '',
    email: c.contactMasked ? undefined : c.email ?? '',
    province: c.province ?? '',
    city: c.city ?? '',
    district: c.district ?? '',
    sourcePlatform: c.sourcePlatform,
    sourceShop: c.sourceShop ?? '',
    attributes: Object.fromEntries(c.attributes.map((a) => [a.key, a.value])),
  };
}

function bodyOf(v: FormValues, customer: CustomerRecord | undefined, touched: (name: string) => boolean): CustomerInput {
  const body: CustomerInput = {
    name: blankToNull(v.name),
    nickname: blankToNull(v.nickname),
    gender: v.gender,
    birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
    province: blankToNull(v.province),
    city: blankToNull(v.city),
    district: blankToNull(v.district),
    sourcePlatform: v.sourcePlatform ?? null,
    sourceShop: blankToNull(v.sourceShop),
  };
  const masked = customer?.contactMasked ?? false;
  if (!masked || touched('phone')) body.phone = blankToNull(v.phone);
  if (!masked || touched('email')) body.email = blankToNull(v.email);
  const attributes = Object.entries(v.attributes ?? {}).filter(([key, value]) => !customer || value !== null || customer.attributes.some((a) => a.key === key));
  if (attributes.length) body.attributes = Object.fromEntries(attributes);
  return body;
}

type Props = { customer?: CustomerRecord; attributes: AttributeDefinition[]; onClose: () => void; onSaved: (c: CustomerRecord) => void };

/** New customer, or the whole record edited: profile, contacts, region, source, custom attributes. */
export function CustomerFormModal({ customer, attributes, onClose, onSaved }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);

  const submit = async (values: FormValues) => {
    setSaving(true);
    try {
      const body = bodyOf(values, customer, (name) => form.isFieldTouched(name as keyof FormValues));
      const res = customer ? await customersApi.update(customer.id, body) : await customersApi.create(body);
      message.success(t(customer ? 'customers.saved' : 'customers.created'));
      onSaved(res.customer);
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const half = (name: keyof FormValues, label: MessageKey, input: ReactNode) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={t(label)}>
        {input}
      </Form.Item>
    </Col>
  );

  return (
    <Modal open title={customer ? t('customers.edit') : t('customers.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} width={720} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" initialValues={initialValues(customer)} onFinish={submit} data-testid="customer-form">
        <Row gutter={16}>
          {half('name', 'customers.field.name', <Input maxLength={100} />)}
          {half('nickname', 'customers.field.nickname', <Input maxLength={100} />)}
          {half('gender', 'customers.field.gender', <Select options={GENDERS.map((g) => ({ value: g, label: t(`customers.gender.${g}` as MessageKey) }))} />)}
          {half('birthday', 'customers.field.birthday', <DatePicker style={{ width: '100%' }} />)}
          {half('phone', 'customers.field.phone', <Input maxLength={32} placeholder={customer?.contactMasked ? customer.phone ?? '' : undefined} />)}
          {half('email', 'customers.field.email', <Input maxLength={200} placeholder={customer?.contactMasked ? customer.email ?? '' : undefined} />)}
          <Col xs={24} sm={8}><Form.Item name="province" label={t('customers.field.province')}><Input maxLength={50} /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name="city" label={t('customers.field.city')}><Input maxLength={50} /></Form.Item></Col>
          <Col xs={24} sm={8}><Form.Item name="district" label={t('customers.field.district')}><Input maxLength={50} /></Form.Item></Col>
          {half('sourcePlatform', 'customers.field.sourcePlatform', <Select allowClear options={SOURCE_PLATFORMS.map((p) => ({ value: p, label: t(`customers.platform.${p}` as MessageKey) }))} />)}
          {half('sourceShop', 'customers.field.sourceShop', <Input maxLength={100} />)}
        </Row>
        {attributes.length > 0 && (
          <>
            <Divider titlePlacement="start" plain>{t('customers.attributes')}</Divider>
            <Row gutter={16}>
              {attributes.map((a) => (
                <Col xs={24} sm={12} key={a.key}>
                  <Form.Item name={['attributes', a.key]} label={a.label}>
                    <AttributeInput definition={a} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </>
        )}
      </Form>
    </Modal>
  );
}
