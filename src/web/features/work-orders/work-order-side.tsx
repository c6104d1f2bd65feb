import { EditOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth, useSession } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { requiredRule } from '../../app/form-rules';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { avatarColor } from '../conversations/conversation-format';
import { cleanFields, TypeFieldItems, TypeFieldValues } from './type-fields';
import { assigneeOptions, type WorkOrderPeople } from './use-work-order-people';
import { PRIORITIES, workOrdersApi, type Priority, type WorkOrder, type WorkOrderPatch } from './work-orders-api';

export type SideCardProps = { workOrder: WorkOrder; canWork: boolean; onChange: (wo: WorkOrder) => void };

export function useSave(w: WorkOrder, onChange: (wo: WorkOrder) => void) {
  const showError = useShowError();
  const [busy, setBusy] = useState<string | null>(null);
  const save = async (key: string, run: () => Promise<WorkOrder>) => {
    setBusy(key);
    try {
      onChange(await run());
      return true;
    } catch (err) {
      showError(err);
      return false;
    } finally {
      setBusy(null);
    }
  };
  const patch = (key: string, p: WorkOrderPatch) => save(key, () => workOrdersApi.update(w.id, p));
  return { busy, save, patch };
}

/** 处理: priority, team and assignee, each changed on the spot. */
export function HandlingCard({ workOrder: w, canWork, onChange, people }: SideCardProps & { people: WorkOrderPeople }) {
  const t = useT();
  const { user } = useSession();
  const { busy, patch } = useSave(w, onChange);
  const me = { id: user.id, name: user.displayName ?? user.name };
  const teamOptions = people.teams.map((tm) => ({ value: tm.id, label: tm.parentId ? `— ${tm.name}` : tm.name }));
  if (w.team && !people.teams.some((tm) => tm.id === w.team?.id)) teamOptions.unshift({ value: w.team.id, label: w.team.name });
  return (
    <Card size="small" title={t('wo.handling.title')} data-testid="work-order-handling">
      <div className="sd-wo-kv">
        <div className="sd-wo-kv-row">
          <div className="sd-wo-kv-label">{t('wo.field.priority')}</div>
          <div className="sd-wo-kv-value">
            <Select<Priority>
              size="small"
              style={{ width: '100%' }}
              value={w.priority}
              disabled={!canWork}
              loading={busy === 'priority'}
              onChange={(priority) => void patch('priority', { priority })}
              options={PRIORITIES.map((p) => ({ value: p, label: t(`wo.priority.${p}`) }))}
              data-testid="work-order-priority-select"
            />
          </div>
        </div>
        <div className="sd-wo-kv-row">
          <div className="sd-wo-kv-label">{t('wo.field.team')}</div>
          <div className="sd-wo-kv-value">
            <Select
              size="small"
              style={{ width: '100%' }}
              value={w.team?.id ?? null}
              disabled={!canWork}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('wo.noTeam')}
              loading={busy === 'team'}
              onChange={(teamId) => void patch('team', { teamId: teamId ?? null })}
              options={teamOptions}
              data-testid="work-order-team-select"
            />
          </div>
        </div>
        <div className="sd-wo-kv-row">
          <div className="sd-wo-kv-label">{t('wo.field.assignee')}</div>
          <div className="sd-wo-kv-value">
            <Select
              size="small"
              style={{ width: '100%' }}
              value={w.assignee?.id ?? null}
              disabled={!canWork}
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('wo.unassigned')}
              loading={busy === 'assignee'}
              onChange={(assigneeId) => void patch('assignee', { assigneeId: assigneeId ?? null })}
              options={assigneeOptions(people.members, people.teams, w.team?.id, w.assignee, me, t('common.you'), { team: t('wo.assignee.inTeam'), others: t('wo.assignee.others') })}
              data-testid="work-order-assignee-select"
            />
            {canWork && w.assignee?.id !== user.id && (
              <Button type="link" size="small" style={{ padding: 0, height: 'auto', fontSize: 12 }} loading={busy === 'me'} onClick={() => void patch('me', { assigneeId: user.id })} data-testid="work-order-assign-me">
                {t('wo.handling.assignMe')}
              </Button>
            )}
          </div>
        </div>
        <div className="sd-wo-kv-row">
          <div className="sd-wo-kv-label">{t('wo.field.createdBy')}</div>
          <div className="sd-wo-kv-value">
            {w.createdBy?.name ?? t('wo.ev.system')}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {formatDateTimeShort(w.createdAt)}
            </Typography.Text>
          </div>
        </div>
        {w.customer && (
          <div className="sd-wo-kv-row">
            <div className="sd-wo-kv-label">{t('wo.col.customer')}</div>
            <div className="sd-wo-kv-value">
              <CustomerLink customer={w.customer} />
            </div>
          </div>
        )}
      </div>
    </Card>
  );
}

function CustomerLink({ customer }: { customer: { id: string; name: string | null } }) {
  const t = useT();
  const { can } = useAuth();
  const name = customer.name ?? t('wo.customer.unnamed');
  return can('customers.read') ? <Link to={`/customers/${encodeURIComponent(customer.id)}`}>{name}</Link> : <>{name}</>;
}

/** The type's own fields (订单号, 快递单号 …), with an editor for them and the title and description. */
export function DetailsCard({ workOrder: w, canWork, onChange }: SideCardProps) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  return (
    <Card
      size="small"
      title={t('wo.details.title', { type: w.typeName })}
      extra={
        canWork && (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="work-order-edit">
            {t('common.edit')}
          </Button>
        )
      }
      data-testid="work-order-details"
    >
      <TypeFieldValues fields={w.typeFields} values={w.fields} />
      {editing && <EditModal workOrder={w} onClose={() => setEditing(false)} onSaved={(wo) => { setEditing(false); onChange(wo); }} />}
    </Card>
  );
}

function EditModal({ workOrder: w, onClose, onSaved }: { workOrder: WorkOrder; onClose: () => void; onSaved: (wo: WorkOrder) => void }) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<{ title: string; description?: string; fields?: Record<string, unknown> }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    let v: { title: string; description?: string; fields?: Record<string, unknown> };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      onSaved(await workOrdersApi.update(w.id, { title: v.title.trim(), description: v.description?.trim() || null, fields: cleanFields(v.fields) }));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('wo.edit.title', { number: w.number })} width={600} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} okText={t('common.save')} okButtonProps={{ 'data-testid': 'work-order-edit-submit' }} destroyOnHidden styles={{ body: { maxHeight: 'calc(100vh - 240px)', overflowY: 'auto', paddingInlineEnd: 8 } }}>
      <Form form={form} layout="vertical" initialValues={{ title: w.title, description: w.description ?? '', fields: w.fields }}>
        <Form.Item name="title" label={t('wo.field.title')} rules={[requiredRule(t, t('wo.field.title'))]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="description" label={t('wo.field.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={10_000} />
        </Form.Item>
        <TypeFieldItems fields={w.typeFields} />
      </Form>
    </Modal>
  );
}

/** 关注人: who is told of every change; the caller can watch or stop. */
export function WatchersCard({ workOrder: w, onChange }: SideCardProps) {
  const t = useT();
  const { busy, save } = useSave(w, onChange);
  return (
    <Card
      size="small"
      title={t('wo.watchers.title', { count: w.watchers.length })}
      extra={
        <Button
          size="small"
          type={w.watching ? 'default' : 'primary'}
          ghost={!w.watching}
          icon={w.watching ? <EyeInvisibleOutlined /> : <EyeOutlined />}
          loading={busy === 'watch'}
          onClick={() => void save('watch', () => (w.watching ? workOrdersApi.unwatch(w.id) : workOrdersApi.watch(w.id)))}
          data-testid="work-order-watch"
          data-watching={w.watching ? 'true' : 'false'}
        >
          {w.watching ? t('wo.watchers.unwatch') : t('wo.watchers.watch')}
        </Button>
      }
      data-testid="work-order-watchers"
    >
      {w.watchers.length === 0 ? (
        <Typography.Text type="secondary">{t('wo.watchers.none')}</Typography.Text>
      ) : (
        <Flex wrap gap={6}>
          {w.watchers.map((p) => (
            <Flex key={p.id} align="center" gap={4} className="sd-wo-person">
              <Avatar size={20} style={{ background: avatarColor(p.id), fontSize: 11 }}>
                {p.name.slice(0, 1)}
              </Avatar>
              <span>{p.name}</span>
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}
