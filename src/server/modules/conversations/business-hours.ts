/**
 * Business hours (营业时间) of an inbox: a week of opening periods in the shop's time zone. Outside
 * them the widget offers the leave-a-message form, whoever is signed in.
 */
export type Period = { from: string; to: string };
export type BusinessHours = { enabled: boolean; timezone: string; week: Period[][] };

/** Monday to Friday 09:00–18:00 and weekends 10:00–17:00, Beijing time: what most shops start from. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  enabled: false,
  timezone: 'Asia/Shanghai',
  week: [0, 1, 2, 3, 4].map(() => [{ from: '09:00', to: '18:00' }]).concat([5, 6].map(() => [{ from: '10:00', to: '17:00' }])),
};

export function businessHoursOf(settings: unknown): BusinessHours {
  const hours = (settings as { businessHours?: BusinessHours } | null)?.businessHours;
  return hours ?? DEFAULT_BUSINESS_HOURS;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const WEEKDAY: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Whether `now` falls in an opening period; a period whose end is before its start runs past midnight. */
export function isOpen(hours: BusinessHours, now: Date): boolean {
  if (!hours.enabled) return true;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: hours.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAY[get('weekday')] ?? 0;
  const at = Number(get('hour')) * 60 + Number(get('minute'));
  const yesterday = (day + 6) % 7;
  if ((hours.week[day] ?? []).some((p) => (minutes(p.from) <= minutes(p.to) ? at >= minutes(p.from) && at < minutes(p.to) : at >= minutes(p.from)))) return true;
  // The tail of yesterday's overnight period (e.g. 20:00–02:00).
  return (hours.week[yesterday] ?? []).some((p) => minutes(p.from) > minutes(p.to) && at < minutes(p.to));
}

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
