/**
 * The calendar an SLA clock runs on (服务时间): a week of working periods in the shop's time zone, and
 * the dates that break the week — public holidays (放假) and the make-up working days (调休上班) China
 * moves around them. A calendar of `null` is round the clock (7×24).
 */
export type WorkPeriod = { from: string; to: string };

export type CalendarDay = {
  /** A local date in the calendar's time zone, YYYY-MM-DD. */
  date: string;
  /** 'holiday': nothing runs that day; 'workday': a make-up working day, on `makeUpHours`. */
  kind: 'holiday' | 'workday';
  name?: string;
};

export type SlaCalendar = {
  timezone: string;
  /** Monday first, seven entries; an empty day is closed. A period whose end is not after its start runs past midnight. */
  week: WorkPeriod[][];
  days: CalendarDay[];
  /** The hours of a make-up working day; when absent, Monday's. */
  makeUpHours?: WorkPeriod[];
};

/** Monday to Friday 09:00–18:00, Beijing time, with China's public holidays: an operations team's week. */
export function defaultSlaCalendar(): SlaCalendar {
  return {
    timezone: 'Asia/Shanghai',
    week: [0, 1, 2, 3, 4].map(() => [{ from: '09:00', to: '18:00' }]).concat([[], []]),
    days: CHINA_PUBLIC_HOLIDAYS.map((d) => ({ ...d })),
  };
}

const range = (name: string, from: string, to: string): CalendarDay[] => {
  const out: CalendarDay[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    out.push({ date: d.toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return out;
};
const workday = (name: string, date: string): CalendarDay => ({ date, kind: 'workday', name });

/**
 * China's public holidays and make-up working days as the State Council's notices set them
 * (国务院办公厅关于部分节假日安排的通知), for 2025 and 2026. Each year's are published in the
 * November before; a shop adds the next year's in 设置 → 服务时间 (they are the calendar's `days`).
 */
export const CHINA_PUBLIC_HOLIDAYS: readonly CalendarDay[] = [
  ...range('元旦', '2025-01-01', '2025-01-01'),
  workday('春节调休', '2025-01-26'),
  ...range('春节', '2025-01-28', '2025-02-04'),
  workday('春节调休', '2025-02-08'),
  ...range('清明节', '2025-04-04', '2025-04-06'),
  workday('劳动节调休', '2025-04-27'),
  ...range('劳动节', '2025-05-01', '2025-05-05'),
  ...range('端午节', '2025-05-31', '2025-06-02'),
  workday('国庆节调休', '2025-09-28'),
  ...range('国庆节、中秋节', '2025-10-01', '2025-10-08'),
  workday('国庆节调休', '2025-10-11'),

  ...range('元旦', '2026-01-01', '2026-01-03'),
  workday('元旦调休', '2026-01-04'),
  workday('春节调休', '2026-02-14'),
  ...range('春节', '2026-02-15', '2026-02-23'),
  workday('春节调休', '2026-02-28'),
  ...range('清明节', '2026-04-04', '2026-04-06'),
  ...range('劳动节', '2026-05-01', '2026-05-05'),
  workday('劳动节调休', '2026-05-09'),
  ...range('端午节', '2026-06-19', '2026-06-21'),
  workday('国庆节调休', '2026-09-20'),
  ...range('中秋节', '2026-09-25', '2026-09-27'),
  ...range('国庆节', '2026-10-01', '2026-10-07'),
  workday('国庆节调休', '2026-10-10'),
];
