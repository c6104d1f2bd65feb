import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { FIELD_KINDS, PRIORITIES, settingsApi, type TypeField, type WorkOrderType, type WorkOrderTypeInput } from './settings-api';

type FormValues = Omit<WorkOrderTypeInput, 'fields'> & { fields: TypeField[] };

/** The fields a work order of the type asks for: key, label, kind, options of a select, required. */
function FieldsEditor() {
  const t = useT();
  return (
    <Form.List name="fields">
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="wos-type-fields">
          <Form.ErrorList errors={errors} />
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="flex-start" wrap={false} style={{ marginBottom: 4 }} data-testid="wos-type-field-row">
              <Form.Item name={[field.name, 'label']} rules={[{ required: true, max: 40, message: t('woSettings.field.labelRule') }]} style={{ width: 130, marginBottom: 8 }}>
                <Input placeholder={t('woSettings.field.label')} />
              </Form.Item>
              <Form.Item name={[field.name, 'key']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('woSettings.field.keyRule') }]} style={{ width: 150, marginBottom: 8 }}>
                <Input placeholder={t('woSettings.field.key')} />
              </Form.Item>
              <Form.Item name={[field.name, 'kind']} style={{ width: 100, marginBottom: 8 }}>
                <Select options={FIELD_KINDS.map((k) => ({ value: k, label: t(`woSettings.field.kind.${k}`) }))} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {({ getFieldValue }) =>
                  getFieldValue(['fields', field.name, 'kind']) === 'select' ? (
                    <Form.Item name={[field.name, 'options']} rules={[{ required: true, type: 'array', min: 1, message: t('woSettings.field.optionsRule') }]} style={{ flex: 1, minWidth: 160, marginBottom: 8 }}>
                      <Select mode="tags" tokenSeparators={[',', '，', '、']} placeholder={t('woSettings.field.options')} open={false} />
                    </Form.Item>
                  ) : (
                    <div style={{ flex: 1, minWidth: 160 }} />
                  )
                }
              </Form.Item>
              <Form.Item name={[field.name, 'required']} valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox>{t('woSettings.field.required')}</Checkbox>
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('woSettings.field.remove')} />
            </Flex>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ key: '', label: '', kind: 'text', required: false })} disabled={fields.length >= 30} data-testid="wos-type-field-add">
            {t('woSettings.field.add')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/** 工单类型: what customer service can hand over, each with its fields, default team, priority and SLA policy. */
export function TypesTab() {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const types = useRequest((s) => settingsApi.types(s), []);
  const policies = useRequest((s) => settingsApi.policies(s), []);
  const teams = useRequest((s) => settingsApi.teams(s).catch(() => []), []);
  const [editing, setEditing] = useState<WorkOrderType | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();

  if (types.error && !types.data) return <LoadError message={errorText(types.error)} onRetry={types.reload} />;

  const open = (type: WorkOrderType | 'new') => {
    setEditing(type);
    form.resetFields();
    form.setFieldsValue(type === 'new'
      ? { name: '', description: '', fields: [], defaultTeamId: null, defaultPriority: 'normal', slaPolicyId: policies.data?.[0]?.id ?? null }
      : { name: type.name, description: type.description ?? '', fields: type.fields, defaultTeamId: type.defaultTeamId, defaultPriority: type.defaultPriority, slaPolicyId: type.slaPolicyId });
  };

  const save = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body: WorkOrderTypeInput = {
      ...values,
      description: values.description?.trim() || null,
      fields: (values.fields ?? []).map((f) => ({ key: f.key, label: f.label, kind: f.kind, required: Boolean(f.required), ...(f.kind === 'select' ? { options: f.options ?? [] } : {}) })),
    };
    setSaving(true);
    try {
      if (editing === 'new') await settingsApi.createType(body);
      else if (editing) await settingsApi.updateType(editing.id, body);
      message.success(t('woSettings.saved'));
      setEditing(null);
      types.reload();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      types.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div data-testid="wos-types">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={12}>
        <Typography.Text type="secondary">{t('woSettings.types.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="wos-type-add">{t('woSettings.types.add')}</Button>
      </Flex>
      <Table<WorkOrderType>
        rowKey="id"
        size="middle"
        loading={types.loading}
        dataSource={types.data ?? []}
        pagination={false}
        data-testid="wos-types-table"
        columns={[
          { title: t('woSettings.types.name'), dataIndex: 'name', render: (name: string, r) => <Space>{name}{r.archived && <Tag>{t('woSettings.types.archivedTag')}</Tag>}</Space> },
          { title: t('woSettings.types.fields'), dataIndex: 'fields', render: (fields: TypeField[]) => (fields.length ? <Typography.Text ellipsis style={{ maxWidth: 260 }}>{fields.map((f) => f.label).join('、')}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>) },
          { title: t('woSettings.types.team'), dataIndex: 'defaultTeamName', width: 130, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('woSettings.types.noTeam')}</Typography.Text> },
          { title: t('woSettings.types.priority'), dataIndex: 'defaultPriority', width: 90, render: (p: WorkOrderType['defaultPriority']) => t(`woSettings.priority.${p}`) },
          { title: t('woSettings.types.policy'), dataIndex: 'slaPolicyName', width: 130, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('woSettings.types.noPolicy')}</Typography.Text> },
          {
            title: t('woSettings.actions'), key: 'actions', width: 190,
            render: (_, r) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open(r)} data-testid={`wos-type-edit-${r.id}`}>{t('woSettings.edit')}</Button>
                {r.archived ? (
                  <Button type="link" size="small" onClick={() => act(() => settingsApi.updateType(r.id, { archived: false }), t('woSettings.types.restored'))}>{t('woSettings.types.restore')}</Button>
                ) : (
                  <Popconfirm title={t('woSettings.types.archiveConfirm')} onConfirm={() => act(() => settingsApi.updateType(r.id, { archived: true }), t('woSettings.types.archived'))}>
                    <Button type="link" size="small" data-testid={`wos-type-archive-${r.id}`}>{t('woSettings.types.archive')}</Button>
                  </Popconfirm>
                )}
                <Tooltip title={t('woSettings.types.deleteHint')}>
                  <Popconfirm title={t('woSettings.deleteConfirm')} onConfirm={() => act(() => settingsApi.deleteType(r.id), t('woSettings.deleted'))}>
                    <Button type="link" size="small" danger>{t('woSettings.delete')}</Button>
                  </Popconfirm>
                </Tooltip>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('woSettings.types.add') : t('woSettings.types.edit')}
        onCancel={() => setEditing(null)}
        onOk={save}
        okText={t('woSettings.save')}
        confirmLoading={saving}
        width={860}
        destroyOnHidden
        styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingRight: 8 } }}
        okButtonProps={{ 'data-testid': 'wos-type-save' } as ButtonProps}
      >
        <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
          <Flex gap={12} wrap>
            <Form.Item name="name" label={t('woSettings.types.name')} rules={[{ required: true, whitespace: true, max: 40 }]} style={{ width: 220 }}>
              <Input data-testid="wos-type-name" />
            </Form.Item>
            <Form.Item name="defaultTeamId" label={t('woSettings.types.team')} style={{ width: 180 }}>
              <Select allowClear placeholder={t('woSettings.types.noTeam')} options={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))} data-testid="wos-type-team" />
            </Form.Item>
            <Form.Item name="defaultPriority" label={t('woSettings.types.priority')} style={{ width: 110 }}>
              <Select options={PRIORITIES.map((p) => ({ value: p, label: t(`woSettings.priority.${p}`) }))} />
            </Form.Item>
            <Form.Item name="slaPolicyId" label={t('woSettings.types.policy')} style={{ width: 180 }}>
              <Select allowClear placeholder={t('woSettings.types.noPolicy')} options={(policies.data ?? []).map((p) => ({ value: p.id, label: p.name }))} data-testid="wos-type-policy" />
            </Form.Item>
          </Flex>
          <Form.Item name="description" label={t('woSettings.types.description')} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
          <Typography.Text strong>{t('woSettings.types.fields')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('woSettings.types.fieldsHint')}</Typography.Paragraph>
          <FieldsEditor />
        </Form>
      </Modal>
    </div>
  );
}
