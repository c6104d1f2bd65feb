import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, ColorPicker, Empty, Form, Input, Modal, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Label } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { PageHeader } from '../../app/page-header';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { LabelTag } from './label-tags';
import { labelsApi, LABEL_COLORS, type LabelInput } from './labels-api';

/** 会话标签: the team's labels, kept by leads; everyone who replies puts them on conversations. */
export function LabelsPage() {
  const t = useT();
  useDocumentTitle(t('nav.labels'));
  const { message } = App.useApp();
  const { can } = useAuth();
  const errorText = useErrorText();
  const showError = useShowError();
  const canManage = can('labels.manage');
  const list = useRequest((signal) => labelsApi.list(signal), []);
  const [editing, setEditing] = useState<Label | null | undefined>(undefined);

  const onDelete = async (label: Label) => {
    try {
      await labelsApi.remove(label.id);
      list.setData((items) => (items ?? []).filter((l) => l.id !== label.id));
      message.success(t('labels.deleted'));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<Label> = [
    { title: t('labels.col.name'), key: 'name', render: (_, l) => <LabelTag label={l} /> },
    {
      title: t('labels.col.conversations'),
      dataIndex: 'conversations',
      key: 'conversations',
      width: 140,
      render: (n: number) => (n > 0 ? <Link to="/conversations">{n}</Link> : <Typography.Text type="secondary">0</Typography.Text>),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, l) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(l)} data-testid={`label-edit-${l.name}`}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('labels.deleteConfirm', { name: l.name, count: l.conversations })} okText={t('common.delete')} okButtonProps={{ danger: true }} cancelText={t('common.cancel')} onConfirm={() => onDelete(l)}>
            <Button type="link" size="small" danger data-testid={`label-delete-${l.name}`}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.labels')}
        subtitle={t('labels.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="label-create">
              {t('labels.create')}
            </Button>
          )
        }
      />
      <Card>
        {!canManage && <Alert type="info" showIcon title={t('labels.readOnly')} style={{ marginBottom: 12 }} data-testid="labels-readonly" />}
        {list.error && !list.data ? (
          <LoadError message={errorText(list.error)} onRetry={list.reload} />
        ) : (
          <Table<Label>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data ?? []}
            loading={list.loading}
            pagination={(list.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('labels.empty')} /> }}
            data-testid="labels-table"
          />
        )}
      </Card>
      <LabelModal
        editing={editing}
        nextColor={LABEL_COLORS[(list.data?.length ?? 0) % LABEL_COLORS.length]}
        onClose={() => setEditing(undefined)}
        onSaved={(label, created) => {
          list.setData((items) => {
            const rest = (items ?? []).filter((l) => l.id !== label.id);
            return [...rest, label].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
          });
          message.success(t(created ? 'labels.created' : 'labels.saved'));
          setEditing(undefined);
        }}
      />
    </>
  );
}

type ModalProps = { editing: Label | null | undefined; nextColor: string; onClose: () => void; onSaved: (label: Label, created: boolean) => void };

function LabelModal({ editing, nextColor, onClose, onSaved }: ModalProps) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<{ name: string; color: string }>();
  const [saving, setSaving] = useState(false);
  const open = editing !== undefined;

  useEffect(() => {
    if (open) form.setFieldsValue({ name: editing?.name ?? '', color: editing?.color ?? nextColor });
  }, [open, editing, nextColor, form]);

  const submit = async () => {
    const values = await form.validateFields();
    const input: LabelInput = { name: values.name.trim(), color: typeof values.color === 'string' ? values.color : nextColor };
    setSaving(true);
    try {
      const label = editing ? await labelsApi.update(editing.id, input) : await labelsApi.create(input);
      onSaved(label, !editing);
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t(editing ? 'labels.form.editTitle' : 'labels.form.createTitle')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden width={420}>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <Form.Item name="name" label={t('labels.form.name')} rules={[{ required: true, whitespace: true, max: 30 }]}>
          <Input placeholder={t('labels.form.namePlaceholder')} maxLength={30} autoFocus data-testid="label-name" />
        </Form.Item>
        <Form.Item name="color" label={t('labels.form.color')} getValueFromEvent={(c: { toHexString(): string }) => c.toHexString()}>
          <ColorPicker format="hex" disabledAlpha presets={[{ label: '', colors: [...LABEL_COLORS] }]} showText data-testid="label-color" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
