import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { useShowError } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import type { MessageKey } from '../../i18n/messages';
import { ATTRIBUTE_TYPES, customersApi, type AttributeDefinition, type AttributeDefinitionInput } from './customers-api';

const isChoice = (type: string | undefined) => type === 'select' || type === 'multi_select';

function AttributeModal({ definition, onClose, onSaved }: { definition?: AttributeDefinition; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<AttributeDefinitionInput>();
  const [saving, setSaving] = useState(false);
  const type = Form.useWatch('type', form) ?? definition?.type;

  const submit = async (v: AttributeDefinitionInput) => {
    setSaving(true);
    try {
      const options = isChoice(v.type ?? definition?.type) ? v.options ?? [] : [];
      if (definition) await customersApi.updateAttribute(definition.id, { label: v.label, options, sort: v.sort ?? 0 });
      else await customersApi.createAttribute({ ...v, options, sort: v.sort ?? 0 });
      message.success(t('customerAttributes.saved'));
      onSaved();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={definition ? t('customerAttributes.edit') : t('customerAttributes.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" initialValues={definition ?? { type: 'text', options: [], sort: 0 }} onFinish={submit} data-testid="attribute-form">
        <Form.Item name="label" label={t('customerAttributes.col.label')} rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="key" label={t('customerAttributes.col.key')} extra={t('customerAttributes.keyHelp')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/ }]}>
          <Input maxLength={40} disabled={Boolean(definition)} />
        </Form.Item>
        <Form.Item name="type" label={t('customerAttributes.col.type')} rules={[{ required: true }]}>
          <Select disabled={Boolean(definition)} options={ATTRIBUTE_TYPES.map((k) => ({ value: k, label: t(`customerAttributes.type.${k}` as MessageKey) }))} />
        </Form.Item>
        {isChoice(type) && (
          <Form.Item name="options" label={t('customerAttributes.col.options')} extra={t('customerAttributes.optionsHelp')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，']} />
          </Form.Item>
        )}
        <Form.Item name="sort" label={t('customerAttributes.col.sort')}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 设置 → 客户属性: the shop's own fields of the customer record (肤质, 兴趣, 尺码 …). */
export function CustomerAttributesPage() {
  const t = useT();
  useDocumentTitle(t('nav.customerAttributes'));
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const canManage = can('account.manage');
  const list = useRequest((signal) => customersApi.attributes(signal).then((r) => r.items), []);
  const [editing, setEditing] = useState<AttributeDefinition | 'new' | null>(null);

  const remove = async (d: AttributeDefinition) => {
    try {
      await customersApi.deleteAttribute(d.id);
      message.success(t('customerAttributes.deleted'));
      list.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <>
      <PageHeader
        title={t('nav.customerAttributes')}
        subtitle={t('customerAttributes.subtitle')}
        extra={canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="attribute-create">{t('customerAttributes.create')}</Button>}
      />
      {!canManage && <Alert type="info" showIcon title={t('customerAttributes.readOnly')} style={{ marginBottom: 16 }} />}
      <Card>
        <Table<AttributeDefinition>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: t('customerAttributes.empty') }}
          data-testid="attribute-table"
          columns={[
            { key: 'label', title: t('customerAttributes.col.label'), dataIndex: 'label' },
            { key: 'key', title: t('customerAttributes.col.key'), render: (_, d) => <code>{d.key}</code> },
            { key: 'type', title: t('customerAttributes.col.type'), render: (_, d) => t(`customerAttributes.type.${d.type}` as MessageKey) },
            { key: 'options', title: t('customerAttributes.col.options'), render: (_, d) => d.options.map((o) => <Tag key={o}>{o}</Tag>) },
            { key: 'sort', title: t('customerAttributes.col.sort'), dataIndex: 'sort', width: 80 },
            ...(canManage
              ? [{
                  key: 'actions',
                  title: t('common.actions'),
                  width: 120,
                  render: (_: unknown, d: AttributeDefinition) => (
                    <Space>
                      <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(d)} />
                      <Popconfirm title={t('customerAttributes.deleteConfirm', { label: d.label })} onConfirm={() => remove(d)} okButtonProps={{ danger: true }}>
                        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('customerAttributes.delete')} />
                      </Popconfirm>
                    </Space>
                  ),
                }]
              : []),
          ]}
        />
      </Card>
      {editing && (
        <AttributeModal
          definition={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}
