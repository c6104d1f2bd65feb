import { Checkbox, Flex, Select, Switch, Typography } from 'antd';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';

export type Period = { from: string; to: string };
export type BusinessHours = { enabled: boolean; timezone: string; week: Period[][] };

const DAYS: MessageKey[] = ['inbox.hours.mon', 'inbox.hours.tue', 'inbox.hours.wed', 'inbox.hours.thu', 'inbox.hours.fri', 'inbox.hours.sat', 'inbox.hours.sun'];
const TIMES = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`).map((v) => ({ value: v, label: v }));
const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Singapore', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'];

/**
 * 营业时间 as a form control: a switch, the time zone, and each weekday open or closed with one
 * period (from–to; a "to" before "from" runs past midnight). Extra periods set through the API stay
 * on days this form does not touch.
 */
export function BusinessHoursField({ value, onChange }: { value?: BusinessHours; onChange?: (v: BusinessHours) => void }) {
  const t = useT();
  if (!value) return null;
  const set = (next: Partial<BusinessHours>) => onChange?.({ ...value, ...next });
  const setDay = (day: number, periods: Period[]) => set({ week: value.week.map((p, i) => (i === day ? periods : p)) });
  return (
    <Flex vertical gap={8} data-testid="business-hours">
      <Flex align="center" gap={8}>
        <Switch checked={value.enabled} onChange={(enabled) => set({ enabled })} data-testid="business-hours-enabled" />
        <Typography.Text>{t(value.enabled ? 'inbox.hours.on' : 'inbox.hours.off')}</Typography.Text>
      </Flex>
      {value.enabled && (
        <>
          <Select
            value={value.timezone}
            onChange={(timezone) => set({ timezone })}
            options={(ZONES.includes(value.timezone) ? ZONES : [value.timezone, ...ZONES]).map((z) => ({ value: z, label: z }))}
            style={{ width: 220 }}
            aria-label={t('inbox.hours.timezone')}
          />
          {DAYS.map((label, day) => {
            const periods = value.week[day] ?? [];
            const open = periods.length > 0;
            const first = periods[0] ?? { from: '09:00', to: '18:00' };
            return (
              <Flex key={label} align="center" gap={8} wrap>
                <Checkbox checked={open} onChange={(e) => setDay(day, e.target.checked ? [first] : [])} style={{ width: 72 }}>
                  {t(label)}
                </Checkbox>
                {open ? (
                  <>
                    <Select size="small" value={first.from} options={TIMES} onChange={(from) => setDay(day, [{ ...first, from }, ...periods.slice(1)])} style={{ width: 90 }} />
                    <span>–</span>
                    <Select size="small" value={first.to} options={TIMES} onChange={(to) => setDay(day, [{ ...first, to }, ...periods.slice(1)])} style={{ width: 90 }} />
                    {first.to <= first.from && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('inbox.hours.overnight')}</Typography.Text>}
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('inbox.hours.closed')}</Typography.Text>
                )}
              </Flex>
            );
          })}
        </>
      )}
    </Flex>
  );
}
