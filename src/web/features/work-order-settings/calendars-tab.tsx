import { CloudDownloadOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { settingsApi, type CalendarDay, type SlaCalendar, type SlaCalendarInput, type WorkPeriod } from './settings-api';

type FormValues = { name: string; timezone: string; week: WorkPeriod[][]; days: CalendarDay[]; makeUpHours: WorkPeriod[] };

const CLOCK = /^([01]\d|2[0-4]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;
const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Singapore', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'];
const byDate = (a: CalendarDay, b: CalendarDay) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** One day's periods (or a list of periods), HH:MM to HH:MM; none is closed. */
function PeriodsEditor({ name, label, testId }: { name: (string | number)[]; label: string; testId: string }) {
  const t = useT();
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => (
        <Flex gap={8} align="center" wrap style={{ minHeight: 40 }} data-testid={testId}>
          <Typography.Text style={{ width: 72 }}>{label}</Typography.Text>
          {rows.length === 0 && <Tag>{t('woSettings.calendars.closed')}</Tag>}
          {rows.map((row) => (
            <Space.Compact key={row.key} size="small">
              <Form.Item name={[row.name, 'from']} noStyle rules={[{ required: true, pattern: CLOCK, message: t('woSettings.calendars.clockRule') }]}>
                <Input style={{ width: 62 }} placeholder="09:00" />
              </Form.Item>
              <Input style={{ width: 28, pointerEvents: 'none', textAlign: 'center', paddingInline: 0 }} placeholder="–" disabled />
              <Form.Item name={[row.name, 'to']} noStyle rules={[{ required: true, pattern: CLOCK, message: t('woSettings.calendars.clockRule') }]}>
                <Input style={{ width: 62 }} placeholder="18:00" />
              </Form.Item>
              <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('woSettings.remove')} />
            </Space.Compact>
          ))}
          {rows.length < 6 && <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ from: '09:00', to: '18:00' })}>{t('woSettings.calendars.addPeriod')}</Button>}
        </Flex>
      )}
    </Form.List>
  );
}

/** Holidays (放假) and make-up working days (调休上班), by date. */
function DaysEditor() {
  const t = useT();
  return (
    <Form.List name="days">
      {(rows, { add, remove }, { errors }) => (
        <>
          <Form.ErrorList errors={errors} />
          <div style={{ maxHeight: 240, overflowY: 'auto', border: '1px solid rgba(5,5,5,0.06)', borderRadius: 6, padding: '8px 8px 0' }} data-testid="wos-calendar-days">
            {rows.length === 0 && <Typography.Paragraph type="secondary">{t('woSettings.calendars.noDays')}</Typography.Paragraph>}
            {rows.map((row) => (
              <Flex key={row.key} gap={8} align="flex-start" data-testid="wos-calendar-day-row">
                <Form.Item name={[row.name, 'date']} rules={[{ required: true, pattern: DATE, message: 'YYYY-MM-DD' }]} style={{ marginBottom: 8 }}>
                  <Input style={{ width: 120 }} placeholder="2026-10-01" />
                </Form.Item>
                <Form.Item name={[row.name, 'kind']} style={{ marginBottom: 8 }}>
                  <Select style={{ width: 130 }} options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`woSettings.calendars.kind.${k}`) }))} />
                </Form.Item>
                <Form.Item name={[row.name, 'name']} rules={[{ max: 40 }]} style={{ marginBottom: 8, flex: 1 }}>
                  <Input placeholder={t('woSettings.calendars.dayName')} />
                </Form.Item>
                <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('woSettings.remove')} />
              </Flex>
            ))}
          </div>
          <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => add({ date: '', kind: 'holiday', name: '' })} data-testid="wos-calendar-day-add">{t('woSettings.calendars.addDay')}</Button>
        </>
      )}
    </Form.List>
  );
}

/** 服务时间: the working week the SLA clock runs on, with public holidays and make-up working days. */
export function CalendarsTab() {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const calendars = useRequest((s) => settingsApi.calendars(s), []);
  const [editing, setEditing] = useState<SlaCalendar | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [importing, setImporting] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const weekday = (d: number) => t(`woSettings.weekday.${d}` as 'woSettings.weekday.1');

  if (calendars.error && !calendars.data) return <LoadError message={errorText(calendars.error)} onRetry={calendars.reload} />;

  const open = (c: SlaCalendar | 'new') => {
    setEditing(c);
    form.resetFields();
    form.setFieldsValue(c === 'new'
      ? { name: '', timezone: 'Asia/Shanghai', week: [0, 1, 2, 3, 4].map(() => [{ from: '09:00', to: '18:00' }]).concat([[], []]), days: [], makeUpHours: [] }
      : { name: c.name, timezone: c.timezone, week: c.week, days: c.days.map((d) => ({ ...d, name: d.name ?? '' })), makeUpHours: c.makeUpHours ?? [] });
  };

  /** China's holidays from the server, merged in: a date already listed takes the official kind and name. */
  const importHolidays = async () => {
    setImporting(true);
    try {
      const official = await settingsApi.publicHolidays();
      const current: CalendarDay[] = (form.getFieldValue('days') ?? []).filter((d: CalendarDay) => d?.date);
      const merged = new Map(current.map((d) => [d.date, d]));
      let added = 0;
      for (const d of official) {
        if (!merged.has(d.date)) added += 1;
        merged.set(d.date, { ...d, name: d.name ?? '' });
      }
      form.setFieldsValue({ days: [...merged.values()].sort(byDate) });
      message.success(t('woSettings.calendars.imported', { count: added }));
    } catch (err) {
      showError(err);
    } finally {
      setImporting(false);
    }
  };

  const save = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: SlaCalendarInput = {
      name: v.name,
      timezone: v.timezone,
      week: v.week.map((day) => day ?? []),
      days: (v.days ?? []).map((d) => ({ date: d.date, kind: d.kind, ...(d.name?.trim() ? { name: d.name.trim() } : {}) })).sort(byDate),
      makeUpHours: v.makeUpHours?.length ? v.makeUpHours : null,
    };
    setSaving(true);
    try {
      if (editing === 'new') await settingsApi.createCalendar(body);
      else if (editing) await settingsApi.updateCalendar(editing.id, body);
      message.success(t('woSettings.saved'));
      setEditing(null);
      calendars.reload();
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (c: SlaCalendar) => {
    try {
      await settingsApi.deleteCalendar(c.id);
      message.success(t('woSettings.deleted'));
      calendars.reload();
    } catch (err) {
      showError(err);
    }
  };

  /** "周一至周五 09:00–18:00；周六 10:00–16:00": runs of days with the same hours said once. */
  const weekText = (week: WorkPeriod[][]) => {
    const hours = (i: number) => (week[i] ?? []).map((p) => `${p.from}–${p.to}`).join('、');
    const parts: string[] = [];
    for (let i = 0; i < 7; i++) {
      if (!hours(i)) continue;
      let j = i;
      while (j + 1 < 7 && hours(j + 1) === hours(i)) j++;
      const days = j === i ? weekday(WEEKDAYS[i]) : t('woSettings.calendars.dayRange', { from: weekday(WEEKDAYS[i]), to: weekday(WEEKDAYS[j]) });
      parts.push(`${days} ${hours(i)}`);
      i = j;
    }
    return parts.join('；');
  };

  return (
    <div data-testid="wos-calendars">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={12}>
        <Typography.Text type="secondary">{t('woSettings.calendars.hint')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="wos-calendar-add">{t('woSettings.calendars.add')}</Button>
      </Flex>
      <Table<SlaCalendar>
        rowKey="id"
        size="middle"
        loading={calendars.loading}
        dataSource={calendars.data ?? []}
        pagination={false}
        data-testid="wos-calendars-table"
        columns={[
          { title: t('woSettings.calendars.name'), dataIndex: 'name', width: 180 },
          { title: t('woSettings.calendars.timezone'), dataIndex: 'timezone', width: 130 },
          { title: t('woSettings.calendars.week'), dataIndex: 'week', render: (w: WorkPeriod[][]) => <Typography.Text ellipsis={{ tooltip: weekText(w) }} style={{ maxWidth: 360 }}>{weekText(w) || t('woSettings.calendars.closed')}</Typography.Text> },
          {
            title: t('woSettings.calendars.days'), dataIndex: 'days', width: 180,
            render: (days: CalendarDay[]) => t('woSettings.calendars.daysCount', { holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length }),
          },
          { title: t('woSettings.usedBy'), dataIndex: 'usedBy', width: 90, render: (n: number) => t('woSettings.calendars.usedBy', { count: n }) },
          {
            title: t('woSettings.actions'), key: 'actions', width: 130,
            render: (_, c) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open(c)} data-testid={`wos-calendar-edit-${c.id}`}>{t('woSettings.edit')}</Button>
                <Popconfirm title={t('woSettings.deleteConfirm')} onConfirm={() => remove(c)}>
                  <Button type="link" size="small" danger>{t('woSettings.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('woSettings.calendars.add') : t('woSettings.calendars.edit')}
        onCancel={() => setEditing(null)}
        onOk={save}
        okText={t('woSettings.save')}
        confirmLoading={saving}
        width={760}
        destroyOnHidden
        styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingRight: 8 } }}
        okButtonProps={{ 'data-testid': 'wos-calendar-save' } as ButtonProps}
      >
        <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
          <Flex gap={12} wrap>
            <Form.Item name="name" label={t('woSettings.calendars.name')} rules={[{ required: true, whitespace: true, max: 60 }]} style={{ width: 240 }}>
              <Input data-testid="wos-calendar-name" />
            </Form.Item>
            <Form.Item name="timezone" label={t('woSettings.calendars.timezone')} rules={[{ required: true }]} style={{ width: 220 }}>
              <Select showSearch options={ZONES.map((z) => ({ value: z, label: z }))} data-testid="wos-calendar-timezone" />
            </Form.Item>
          </Flex>
          <Typography.Text strong>{t('woSettings.calendars.week')}</Typography.Text>
          <div style={{ margin: '8px 0 16px' }} data-testid="wos-calendar-week">
            {WEEKDAYS.map((d, i) => <PeriodsEditor key={d} name={['week', i]} label={weekday(d)} testId={`wos-calendar-week-${i}`} />)}
          </div>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('woSettings.calendars.days')}</Typography.Text>
            <Button icon={<CloudDownloadOutlined />} loading={importing} onClick={importHolidays} data-testid="wos-calendar-import-holidays">{t('woSettings.calendars.import')}</Button>
          </Flex>
          <DaysEditor />
          <div style={{ marginTop: 16 }}>
            <Typography.Text strong>{t('woSettings.calendars.makeUpHours')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{t('woSettings.calendars.makeUpHint')}</Typography.Paragraph>
            <PeriodsEditor name={['makeUpHours']} label={t('woSettings.calendars.kind.workday')} testId="wos-calendar-makeup" />
          </div>
        </Form>
      </Modal>
    </div>
  );
}
