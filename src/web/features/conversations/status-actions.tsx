import { CheckCircleOutlined, ClockCircleOutlined, DownOutlined, HourglassOutlined, RedoOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Dropdown, Modal, Space, theme, type MenuProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import type { ConversationSummary } from '../../app/api-types';
import type { Translate } from '../../app/i18n-provider';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { conversationsApi } from './conversations-api';
import { workspaceApi } from './workspace-api';

type Props = { conversation: ConversationSummary; onChange: (c: ConversationSummary) => void };
type Action = 'resolve' | 'reopen' | 'pending' | 'snooze';
type Preset = '1h' | 'tonight' | 'tomorrow';

/** The snooze presets from now: in an hour, tonight at 20:00 (while that is more than an hour away), tomorrow at 9:00. */
export function snoozePresets(now: Dayjs): { key: Preset; until: Dayjs }[] {
  const tonight = now.hour(20).minute(0).second(0).millisecond(0);
  return [
    { key: '1h', until: now.add(1, 'hour').second(0).millisecond(0) },
    ...(tonight.diff(now, 'minute') > 60 ? [{ key: 'tonight' as const, until: tonight }] : []),
    { key: 'tomorrow', until: now.add(1, 'day').hour(9).minute(0).second(0).millisecond(0) },
  ];
}

/** When a snoozed conversation comes back, as the header and the list say it: 今天 20:00, 明天 09:00, 3月2日 09:00. */
export function snoozeTime(iso: string, t: Translate): string {
  const d = dayjs(iso);
  const today = dayjs().startOf('day');
  if (d.isBefore(today.add(1, 'day'))) return t('conv.snooze.todayAt', { time: d.format('HH:mm') });
  if (d.isBefore(today.add(2, 'day'))) return t('conv.snooze.tomorrowAt', { time: d.format('HH:mm') });
  return `${d.format(t('conv.time.dateFormat'))} ${d.format('HH:mm')}`;
}

/**
 * 解决 with the other ways a conversation leaves the open list in its menu: 待处理 (waiting for the
 * customer) and 稍后处理 (until a time). Alt+P and Alt+Z reach them from anywhere on the page.
 */
export function StatusActions({ conversation: c, onChange }: Props) {
  const t = useT();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState<Action | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [custom, setCustom] = useState<Dayjs | null | undefined>(undefined);

  const run = async (action: Action, until?: Dayjs) => {
    setBusy(action);
    try {
      const updated =
        action === 'resolve'
          ? await conversationsApi.resolve(c.id)
          : action === 'reopen'
            ? await conversationsApi.reopen(c.id)
            : action === 'pending'
              ? await workspaceApi.pending(c.id)
              : await workspaceApi.snooze(c.id, until!.toDate());
      onChange(updated);
      message.success(
        action === 'resolve'
          ? t('conv.resolvedDone')
          : action === 'reopen'
            ? t('conv.reopenedDone')
            : action === 'pending'
              ? t('conv.pendingDone')
              : t('conv.snoozedDone', { time: snoozeTime(updated.snoozedUntil ?? until!.toISOString(), t) }),
      );
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  // Alt+P: pending; Alt+Z: the snooze menu. By the key's place, so a Mac's Option letters work too.
  const keys = useRef({ status: c.status, run, busy });
  useEffect(() => {
    keys.current = { status: c.status, run, busy };
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || (e.code !== 'KeyP' && e.code !== 'KeyZ')) return;
      const { status, run: go, busy: working } = keys.current;
      if (status === 'resolved' || working) return;
      e.preventDefault();
      if (e.code === 'KeyP' && status !== 'pending') void go('pending');
      if (e.code === 'KeyZ') setMenuOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (c.status === 'resolved') {
    return (
      <Button icon={<RedoOutlined />} loading={busy === 'reopen'} onClick={() => void run('reopen')} data-testid="conversation-reopen">
        {t('conv.actions.reopen')}
      </Button>
    );
  }

  const presets = snoozePresets(dayjs());
  const items: MenuProps['items'] = [
    ...(c.status !== 'open' ? [{ key: 'reopen', icon: <RedoOutlined />, label: t('conv.actions.reopen') }] : []),
    ...(c.status !== 'pending' ? [{ key: 'pending', icon: <HourglassOutlined />, label: <span title={t('conv.actions.pendingHint')}>{t('conv.actions.pending')}</span>, extra: 'Alt+P' }] : []),
    {
      key: 'snooze',
      icon: <ClockCircleOutlined />,
      label: <span title={t('conv.actions.snoozeHint')}>{t('conv.actions.snooze')}</span>,
      children: [
        ...presets.map((p) => ({ key: `snooze:${p.key}`, label: t(`conv.snooze.${p.key}`), extra: p.until.format('MM-DD HH:mm') })),
        { type: 'divider' as const },
        { key: 'snooze:custom', label: t('conv.snooze.custom') },
      ],
    },
  ];
  const onMenu: MenuProps['onClick'] = ({ key }) => {
    setMenuOpen(false);
    if (key === 'reopen' || key === 'pending') return void run(key);
    if (key === 'snooze:custom') return setCustom(dayjs().add(1, 'day').hour(9).minute(0).second(0));
    const preset = snoozePresets(dayjs()).find((p) => `snooze:${p.key}` === key);
    if (preset) void run('snooze', preset.until);
  };

  return (
    <>
      <Space.Compact>
        <Button icon={<CheckCircleOutlined />} loading={busy === 'resolve'} onClick={() => void run('resolve')} style={{ color: token.colorSuccess, borderColor: token.colorSuccessBorder }} data-testid="conversation-resolve">
          {t('conv.actions.resolve')}
        </Button>
        <Dropdown menu={{ items, onClick: onMenu }} trigger={['click']} open={menuOpen} onOpenChange={setMenuOpen} placement="bottomRight">
          <Button icon={<DownOutlined />} loading={busy === 'pending' || busy === 'snooze' || busy === 'reopen'} style={{ borderColor: token.colorSuccessBorder }} aria-label={`${t('conv.actions.pending')} / ${t('conv.actions.snooze')}`} data-testid="conversation-status-menu" />
        </Dropdown>
      </Space.Compact>
      <Modal
        open={custom !== undefined}
        title={t('conv.snooze.customTitle')}
        onCancel={() => setCustom(undefined)}
        okButtonProps={{ disabled: !custom || !custom.isAfter(dayjs()), 'data-testid': 'snooze-custom-ok' } as never}
        onOk={() => {
          if (custom && custom.isAfter(dayjs())) void run('snooze', custom);
          setCustom(undefined);
        }}
        destroyOnHidden
        width={360}
      >
        <DatePicker
          showTime={{ format: 'HH:mm', minuteStep: 5 }}
          format="YYYY-MM-DD HH:mm"
          value={custom ?? null}
          onChange={(v) => setCustom(v)}
          disabledDate={(d) => d.isBefore(dayjs().startOf('day')) || d.isAfter(dayjs().add(89, 'day'))}
          placeholder={t('conv.snooze.pick')}
          style={{ width: '100%' }}
          status={custom && !custom.isAfter(dayjs()) ? 'error' : undefined}
          data-testid="snooze-custom-picker"
        />
        {custom && !custom.isAfter(dayjs()) && <div style={{ color: token.colorError, marginTop: 6, fontSize: 12 }}>{t('conv.snooze.past')}</div>}
      </Modal>
    </>
  );
}
