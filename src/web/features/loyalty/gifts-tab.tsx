import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { loyaltyApi, type Gift, type GiftInput } from './loyalty-api';

const EMPTY: GiftInput = { kind: 'gift', name: '', description: '', pointsCost: 100, stock: null, active: true };

function GiftModal({ gift, onClose, onSaved }: { gift: Gift | 'new'; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<GiftInput>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    let values: GiftInput;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const body = { ...values, stock: values.stock ?? null, description: values.description ?? '' };
      if (gift === 'new') await loyaltyApi.createGift(body);
      else await loyaltyApi.updateGift(gift.id, body);
      message.success(t('loyalty.gifts.saved'));
      onSaved();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t(gift === 'new' ? 'loyalty.gifts.add' : 'loyalty.gifts.edit')} onCancel={onClose} onOk={save} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={gift === 'new' ? EMPTY : gift}>
        <Form.Item name="kind" label={t('loyalty.gifts.kind')}>
          <Select options={(['gift', 'coupon'] as const).map((k) => ({ value: k, label: t(`loyalty.gifts.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('loyalty.gifts.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('loyalty.gifts.description')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item name="pointsCost" label={t('loyalty.gifts.cost')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="stock" label={t('loyalty.gifts.stock')} extra={t('loyalty.gifts.stockHint')}>
          <InputNumber min={0} max={100_000_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="active" label={t('loyalty.gifts.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The catalogue of gifts and coupons points are redeemed for. */
export function GiftsTab() {
  const t = useT();
  const { can } = useAuth();
  const editable = can('loyalty.manage');
  const showError = useShowError();
  const errorText = useErrorText();
  const gifts = useRequest((signal) => loyaltyApi.gifts(signal), []);
  const [editing, setEditing] = useState<Gift | 'new' | null>(null);

  if (gifts.error && !gifts.data) return <LoadError message={errorText(gifts.error)} onRetry={gifts.reload} />;

  const remove = async (g: Gift) => {
    try {
      await loyaltyApi.deleteGift(g.id);
      gifts.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div data-testid="loyalty-gifts">
      {editable && (
        <Button icon={<PlusOutlined />} type="primary" style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
          {t('loyalty.gifts.add')}
        </Button>
      )}
      <Table<Gift>
        rowKey="id"
        loading={gifts.loading && !gifts.data}
        dataSource={gifts.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('loyalty.gifts.empty') }}
        columns={[
          { title: t('loyalty.gifts.name'), dataIndex: 'name', render: (name: string, g) => (<Space>{name}{!g.active && <Tag>{t('loyalty.gifts.inactive')}</Tag>}</Space>) },
          { title: t('loyalty.gifts.kind'), dataIndex: 'kind', render: (k: Gift['kind']) => t(`loyalty.gifts.kind.${k}`) },
          { title: t('loyalty.gifts.cost'), dataIndex: 'pointsCost', align: 'right' },
          { title: t('loyalty.gifts.stock'), dataIndex: 'stock', align: 'right', render: (s: number | null) => (s === null ? t('loyalty.gifts.unlimited') : s) },
          ...(editable
            ? [{
                key: 'actions',
                render: (_: unknown, g: Gift) => (
                  <Space>
                    <Button size="small" onClick={() => setEditing(g)}>{t('loyalty.gifts.edit')}</Button>
                    <Popconfirm title={t('loyalty.gifts.deleteConfirm', { name: g.name })} onConfirm={() => remove(g)}>
                      <Button size="small" danger>{t('loyalty.gifts.delete')}</Button>
                    </Popconfirm>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      {editing && <GiftModal gift={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); gifts.reload(); }} />}
    </div>
  );
}
