import { Alert, Checkbox, Divider, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSession } from '../../app/auth-provider';
import { requiredRule, selectRequiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { newClientId } from '../conversations/conversations-api';
import { cleanFields, TypeFieldItems } from './type-fields';
import { assigneeOptions, useWorkOrderPeople } from './use-work-order-people';
import { announceWorkOrderChange, PRIORITIES, workOrdersApi, type Priority, type WorkOrder } from './work-orders-api';

/** What a work order made from a conversation starts with. */
export type WorkOrderSeed = { conversationId?: string; customerId?: string | null; customerName?: string | null; title?: string };

type Values = {
  typeId?: string;
  title: string;
  description?: string;
  fields?: Record<string, unknown>;
  priority: Priority;
  teamId?: string | null;
  assigneeId?: string | null;
  isTracker: boolean;
};

/** 新建工单: the type decides the fields, and the default team and priority (both may be changed). */
export function WorkOrderCreateModal({ seed, onClose, onCreated }: { seed?: WorkOrderSeed; onClose: () => void; onCreated: (wo: WorkOrder) => void }) {
  const t = useT();
  const { user } = useSession();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  // One id for every retry of this form: a lost answer never makes a second work order.
  const clientId = useRef(newClientId());
  const types = useRequest((signal) => workOrdersApi.types(signal), []);
  const people = useWorkOrderPeople();
  const active = useMemo(() => (types.data ?? []).filter((ty) => !ty.archived), [types.data]);
  const typeId = Form.useWatch('typeId', form);
  const teamId = Form.useWatch('teamId', form);
  const type = active.find((ty) => ty.id === typeId);

  useEffect(() => {
    if (types.error) showError(types.error);
  }, [types.error, showError]);

  // A type brings its default team and priority; the agent can still change them.
  const pickType = (id: string) => {
    const next = active.find((ty) => ty.id === id);
    if (!next) return;
    form.setFieldsValue({ priority: next.defaultPriority, teamId: next.defaultTeamId ?? undefined, fields: {} });
  };

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return; // The form shows what is missing.
    }
    if (!v.typeId) return;
    setSaving(true);
    try {
      const wo = await workOrdersApi.create({
        typeId: v.typeId,
        title: v.title.trim(),
        description: v.description?.trim() || null,
        fields: cleanFields(v.fields),
        priority: v.priority,
        teamId: v.teamId ?? null,
        assigneeId: v.assigneeId ?? null,
        isTracker: v.isTracker,
        ...(seed?.conversationId ? { conversationId: seed.conversationId } : {}),
        ...(seed?.customerId ? { customerId: seed.customerId } : {}),
        clientId: clientId.current,
      });
      announceWorkOrderChange(wo.id);
      onCreated(wo);
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const teamOptions = people.teams.map((tm) => ({ value: tm.id, label: tm.parentId ? `— ${tm.name}` : tm.name }));
  if (type?.defaultTeamId && !people.teams.some((tm) => tm.id === type.defaultTeamId)) teamOptions.unshift({ value: type.defaultTeamId, label: type.defaultTeamName ?? type.defaultTeamId });

  return (
    <Modal
      open
      title={t('wo.create.title')}
      width={640}
      okText={t('wo.create.submit')}
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'work-order-create-submit' }}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 240px)', overflowY: 'auto', paddingInlineEnd: 8 } }}
    >
      <div data-testid="work-order-create-modal">
      {seed?.conversationId && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={seed.customerName ? t('wo.create.fromConversation', { name: seed.customerName }) : t('wo.create.fromConversationNoName')}
          data-testid="work-order-create-seed"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ title: seed?.title ?? '', priority: 'normal', isTracker: false }}
        onFinish={() => void submit()}
      >
        <Form.Item name="typeId" label={t('wo.field.type')} rules={[selectRequiredRule(t, t('wo.field.type'))]} extra={type?.description ?? undefined}>
          <Select
            loading={types.loading}
            placeholder={t('wo.create.typePlaceholder')}
            options={active.map((ty) => ({ value: ty.id, label: ty.name }))}
            onChange={pickType}
            notFoundContent={types.loading ? undefined : t('wo.create.noTypes')}
            data-testid="work-order-create-type"
          />
        </Form.Item>
        <Form.Item name="title" label={t('wo.field.title')} rules={[requiredRule(t, t('wo.field.title'))]}>
          <Input maxLength={200} showCount placeholder={t('wo.create.titlePlaceholder')} data-testid="work-order-create-title" />
        </Form.Item>
        <Form.Item name="description" label={t('wo.field.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={10_000} placeholder={t('wo.create.descriptionPlaceholder')} data-testid="work-order-create-description" />
        </Form.Item>
        {type && type.fields.length > 0 && (
          <>
            <Divider titlePlacement="start" plain styles={{ content: { marginInlineStart: 0 } }} style={{ marginTop: 0 }}>
              <Typography.Text type="secondary">{t('wo.create.typeFields', { name: type.name })}</Typography.Text>
            </Divider>
            <TypeFieldItems fields={type.fields} />
          </>
        )}
        <Form.Item name="priority" label={t('wo.field.priority')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={PRIORITIES.map((p) => ({ value: p, label: t(`wo.priority.${p}`) }))} data-testid="work-order-create-priority" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="teamId" label={t('wo.field.team')} style={{ flex: 1, minWidth: 0 }}>
            <Select allowClear showSearch optionFilterProp="label" placeholder={t('wo.create.teamPlaceholder')} options={teamOptions} data-testid="work-order-create-team" />
          </Form.Item>
          <Form.Item name="assigneeId" label={t('wo.field.assignee')} style={{ flex: 1, minWidth: 0 }}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('wo.create.assigneePlaceholder')}
              options={assigneeOptions(people.members, people.teams, teamId, null, { id: user.id, name: user.displayName ?? user.name }, t('common.you'), { team: t('wo.assignee.inTeam'), others: t('wo.assignee.others') })}
              data-testid="work-order-create-assignee"
            />
          </Form.Item>
        </div>
        <Form.Item name="isTracker" valuePropName="checked" extra={t('wo.create.trackerHint')} style={{ marginBottom: 0 }}>
          <Checkbox data-testid="work-order-create-tracker">{t('wo.create.tracker')}</Checkbox>
        </Form.Item>
      </Form>
      </div>
    </Modal>
  );
}
