import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useI18n, useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { minutesText, PRIORITIES, settingsApi, type EscalationLevel, type Priority, type SlaPolicy, type SlaPolicyInput, type SlaTargetRow } from './settings-api';

/** Targets in the form are hours (0.5 = 30 minutes): how a shop thinks of them. */
type FormTarget = { priority: Priority | null; tierId: string | null; fr: number | null; nr: number | null; res: number | null };
type FormValues = { name: string; calendarId: string | null; targets: FormTarget[]; reminderPercent: number; escalation: Array<Omit<EscalationLevel, 'level'>> };

const toHours = (m: number | null) => (m === null ? null : Math.round((m / 60) * 100) / 100);
const toMinutes = (h: number | null | undefined) => (h === null || h === undefined ? null : Math.max(1, Math.round(h * 60)));
const ANY = '__any__';

function HoursInput({ name }: { name: (string | number)[] }) {
  const t = useT();
  return (
    <Form.Item name={name} style={{ marginBottom: 0 }}>
      <InputNumber min={0.1} max={8760} step={1} style={{ width: 110 }} suffix={t('woSettings.unit.h')} placeholder={t('woSettings.policies.inherit')} />
    </Form.Item>
  );
}

/** Priority × tier rows; the most specific row that matches a work order wins, target by target. */
function TargetsEditor({ tiers }: { tiers: Array<{ value: string; label: string }> }) {
  const t = useT();
  return (
    <Form.List name="targets">
      {(rows, { add, remove }, { errors }) => (
        <div data-testid="wos-policy-targets">
          <Form.ErrorList errors={errors} />
          <Flex gap={8} style={{ marginBottom: 4 }}>
            {[['woSettings.policies.priority', 120], ['woSettings.policies.tier', 140], ['woSettings.target.first_response', 110], ['woSettings.target.next_response', 110], ['woSettings.target.resolution', 110]].map(([key, w]) => (
              <Typography.Text key={key} type="secondary" style={{ width: w as number, fontSize: 12 }}>{t(key as 'woSettings.policies.priority')}</Typography.Text>
            ))}
          </Flex>
          {rows.map((row) => (
            <Flex key={row.key} gap={8} align="center" style={{ marginBottom: 8 }} data-testid="wos-policy-target-row">
              <Form.Item name={[row.name, 'priority']} style={{ marginBottom: 0 }} getValueProps={(v) => ({ value: v ?? ANY })} normalize={(v) => (v === ANY ? null : v)}>
                <Select style={{ width: 120 }} options={[{ value: ANY, label: t('woSettings.policies.anyPriority') }, ...PRIORITIES.map((p) => ({ value: p, label: t(`woSettings.priority.${p}`) }))]} />
              </Form.Item>
              <Form.Item name={[row.name, 'tierId']} style={{ marginBottom: 0 }} getValueProps={(v) => ({ value: v ?? ANY })} normalize={(v) => (v === ANY ? null : v)}>
                <Select style={{ width: 140 }} options={[{ value: ANY, label: t('woSettings.policies.anyTier') }, ...tiers]} />
              </Form.Item>
              <HoursInput name={[row.name, 'fr']} />
              <HoursInput name={[row.name, 'nr']} />
              <HoursInput name={[row.name, 'res']} />
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} disabled={rows.length <= 1} aria-label={t('woSettings.remove')} />
            </Flex>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ priority: 'urgent', tierId: null, fr: null, nr: null, res: null })} disabled={rows.length >= 100} data-testid="wos-policy-target-add">
            {t('woSettings.policies.addRow')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

function EscalationEditor() {
  const t = useT();
  return (
    <Form.List name="escalation">
      {(rows, { add, remove }, { errors }) => (
        <div data-testid="wos-policy-escalation">
          <Form.ErrorList errors={errors} />
          {rows.map((row, i) => (
            <Flex key={row.key} gap={8} align="center" style={{ marginBottom: 8 }} data-testid="wos-policy-escalation-row">
              <Typography.Text style={{ width: 64 }}>{t('woSettings.policies.level', { level: i + 1 })}</Typography.Text>
              <Typography.Text type="secondary">{t('woSettings.policies.overdueBy')}</Typography.Text>
              <Form.Item name={[row.name, 'afterMinutes']} style={{ marginBottom: 0 }} rules={[{ required: true, message: t('woSettings.required') }]}>
                <InputNumber min={0} max={43200} step={30} style={{ width: 120 }} suffix={t('woSettings.unit.m')} />
              </Form.Item>
              <Typography.Text type="secondary">{t('woSettings.policies.notify')}</Typography.Text>
              <Form.Item name={[row.name, 'notify']} style={{ marginBottom: 0 }}>
                <Select style={{ width: 120 }} options={(['team_lead', 'supervisor'] as const).map((n) => ({ value: n, label: t(`woSettings.notify.${n}`) }))} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('woSettings.remove')} />
            </Flex>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ afterMinutes: rows.length ? 120 * rows.length : 0, notify: rows.length ? 'supervisor' : 'team_lead' })} disabled={rows.length >= 5} data-testid="wos-policy-escalation-add">
            {t('woSettings.policies.addLevel')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

/** SLA 策略: time targets by priority and tier, on a service calendar, with a reminder and escalation levels. */
export function PoliciesTab() {
  const t = useT();
  const { locale } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const policies = useRequest((s) => settingsApi.policies(s), []);
  const calendars = useRequest((s) => settingsApi.calendars(s), []);
  const tiers = useRequest((s) => settingsApi.tiers(s).catch(() => []), []);
  const [editing, setEditing] = useState<SlaPolicy | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const units = { h: t('woSettings.unit.h'), m: t('woSettings.unit.m') };
  const tierOptions = (tiers.data ?? []).map((tr) => ({ value: tr.key, label: locale === 'zh-CN' ? tr.nameZh : tr.nameEn }));
  const tierName = (key: string | null) => (key === null ? t('woSettings.policies.anyTier') : tierOptions.find((o) => o.value === key)?.label ?? key);

  if (policies.error && !policies.data) return <LoadError message={errorText(policies.error)} onRetry={policies.reload} />;

  const open = (p: SlaPolicy | 'new') => {
    setEditing(p);
    form.resetFields();
    form.setFieldsValue(p === 'new'
      ? { name: '', calendarId: calendars.data?.[0]?.id ?? null, targets: [{ priority: null, tierId: null, fr: 4, nr: 8, res: 24 }], reminderPercent: 80, escalation: [{ afterMinutes: 0, notify: 'team_lead' }] }
      : {
          name: p.name, calendarId: p.calendarId, reminderPercent: Math.round(p.reminderShare * 100),
          targets: p.targets.map((r) => ({ priority: r.priority, tierId: r.tierId, fr: toHours(r.firstResponseMinutes), nr: toHours(r.nextResponseMinutes), res: toHours(r.resolutionMinutes) })),
          escalation: p.escalation.map((e) => ({ afterMinutes: e.afterMinutes, notify: e.notify })),
        });
  };

  const save = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: SlaPolicyInput = {
      name: v.name,
      calendarId: v.calendarId ?? null,
      targets: v.targets.map((r): SlaTargetRow => ({ priority: r.priority ?? null, tierId: r.tierId ?? null, firstResponseMinutes: toMinutes(r.fr), nextResponseMinutes: toMinutes(r.nr), resolutionMinutes: toMinutes(r.res) })),
      reminderShare: v.reminderPercent / 100,
      escalation: (v.escalation ?? []).map((e, i) => ({ level: i + 1, afterMinutes: e.afterMinutes, notify: e.notify })),
    };
    setSaving(true);
    try {
      if (editing === 'new') await settingsApi.createPolicy(body);
      else if (editing) await settingsApi.updatePolicy(editing.id, body);
      message.success(t('woSettings.saved'));
      setEditing(null);
      policies.reload();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (p: SlaPolicy) => {
    try {
      await settingsApi.deletePolicy(p.id);
      message.success(t('woSettings.deleted'));
      policies.reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div data-testid="wos-policies">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={12}>
        <Typography.Text type="secondary">{t('woSettings.policies.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="wos-policy-add">{t('woSettings.policies.add')}</Button>
      </Flex>
      <Table<SlaPolicy>
        rowKey="id"
        size="middle"
        loading={policies.loading}
        dataSource={policies.data ?? []}
        pagination={false}
        data-testid="wos-policies-table"
        expandable={{
          expandedRowRender: (p) => (
            <Table<SlaTargetRow>
              size="small"
              pagination={false}
              rowKey={(r) => `${r.priority}|${r.tierId}`}
              dataSource={p.targets}
              columns={[
                { title: t('woSettings.policies.priority'), dataIndex: 'priority', render: (v: Priority | null) => (v ? t(`woSettings.priority.${v}`) : t('woSettings.policies.anyPriority')) },
                { title: t('woSettings.policies.tier'), dataIndex: 'tierId', render: (v: string | null) => tierName(v) },
                { title: t('woSettings.target.first_response'), dataIndex: 'firstResponseMinutes', render: (v: number | null) => minutesText(v, units) },
                { title: t('woSettings.target.next_response'), dataIndex: 'nextResponseMinutes', render: (v: number | null) => minutesText(v, units) },
                { title: t('woSettings.target.resolution'), dataIndex: 'resolutionMinutes', render: (v: number | null) => minutesText(v, units) },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('woSettings.policies.name'), dataIndex: 'name' },
          { title: t('woSettings.policies.calendar'), dataIndex: 'calendarName', render: (v: string | null) => v ?? t('woSettings.policies.allDay') },
          {
            title: t('woSettings.policies.catchAll'), key: 'catchAll',
            render: (_, p) => {
              const r = p.targets.find((x) => x.priority === null && x.tierId === null);
              return r ? t('woSettings.policies.summary', { fr: minutesText(r.firstResponseMinutes, units), res: minutesText(r.resolutionMinutes, units) }) : '—';
            },
          },
          { title: t('woSettings.policies.reminder'), dataIndex: 'reminderShare', width: 90, render: (v: number) => `${Math.round(v * 100)}%` },
          { title: t('woSettings.policies.escalation'), dataIndex: 'escalation', width: 100, render: (v: EscalationLevel[]) => t('woSettings.policies.levels', { count: v.length }) },
          { title: t('woSettings.usedBy'), dataIndex: 'usedBy', width: 90, render: (n: number) => t('woSettings.policies.usedBy', { count: n }) },
          {
            title: t('woSettings.actions'), key: 'actions', width: 130,
            render: (_, p) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open(p)} data-testid={`wos-policy-edit-${p.id}`}>{t('woSettings.edit')}</Button>
                <Popconfirm title={t('woSettings.deleteConfirm')} onConfirm={() => remove(p)}>
                  <Button type="link" size="small" danger>{t('woSettings.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('woSettings.policies.add') : t('woSettings.policies.edit')}
        onCancel={() => setEditing(null)}
        onOk={save}
        okText={t('woSettings.save')}
        confirmLoading={saving}
        width={780}
        destroyOnHidden
        styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingRight: 8 } }}
        okButtonProps={{ 'data-testid': 'wos-policy-save' } as ButtonProps}
      >
        <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
          <Flex gap={12} wrap>
            <Form.Item name="name" label={t('woSettings.policies.name')} rules={[{ required: true, whitespace: true, max: 60 }]} style={{ width: 220 }}>
              <Input data-testid="wos-policy-name" />
            </Form.Item>
            <Form.Item name="calendarId" label={t('woSettings.policies.calendar')} style={{ width: 220 }} getValueProps={(v) => ({ value: v ?? ANY })} normalize={(v) => (v === ANY ? null : v)}>
              <Select options={[{ value: ANY, label: t('woSettings.policies.allDay') }, ...(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))]} data-testid="wos-policy-calendar" />
            </Form.Item>
            <Form.Item name="reminderPercent" label={t('woSettings.policies.reminder')} tooltip={t('woSettings.policies.reminderHint')} rules={[{ required: true }]} style={{ width: 150 }}>
              <InputNumber min={10} max={100} step={5} suffix="%" style={{ width: '100%' }} data-testid="wos-policy-reminder" />
            </Form.Item>
          </Flex>
          <Typography.Text strong>{t('woSettings.policies.targets')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('woSettings.policies.targetsHint')}</Typography.Paragraph>
          <TargetsEditor tiers={tierOptions} />
          <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>{t('woSettings.policies.escalation')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('woSettings.policies.escalationHint')}</Typography.Paragraph>
          <EscalationEditor />
        </Form>
      </Modal>
    </div>
  );
}
