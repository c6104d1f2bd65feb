import { Rng, Weighted } from './demo-random.ts';

// The sales calendar of a Chinese online shop over the days before "now", in China time (UTC+8,
// no daylight saving): 双十一 and 618 dwarf everything, 年货节 fills the weeks before the Spring
// Festival, and the festival itself is quiet because couriers stop.

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** 春节 (first day of the lunar year) by Gregorian year, as [month, day]. */
const SPRING_FESTIVAL: Readonly<Record<number, readonly [number, number]>> = {
  2015: [2, 19], 2016: [2, 8], 2017: [1, 28], 2018: [2, 16], 2019: [2, 5], 2020: [1, 25], 2021: [2, 12],
  2022: [2, 1], 2023: [1, 22], 2024: [2, 10], 2025: [1, 29], 2026: [2, 17], 2027: [2, 6], 2028: [1, 26],
  2029: [2, 13], 2030: [2, 3], 2031: [1, 23], 2032: [2, 11], 2033: [1, 31], 2034: [2, 19], 2035: [2, 8],
  2036: [1, 28], 2037: [2, 15], 2038: [2, 4], 2039: [1, 24], 2040: [2, 12],
};

export type Promo = 'double11' | '618' | 'newyear' | 'women' | 'double12';

export type SalesDay = {
  /** Midnight China time, as epoch ms. */
  startMs: number;
  weight: number;
  promo: Promo | null;
  /** The one day of a festival (11-11, 6-18) when orders pour in at midnight. */
  peak: boolean;
  summer: boolean;
};

// Orders by hour of day, China time: a lunch bump, an afternoon plateau, the evening peak.
const HOURS = [0.6, 0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.25, 0.5, 0.9, 1.1, 1.1, 1.0, 1.0, 1.1, 1.1, 1.0, 0.9, 0.9, 1.1, 1.4, 1.6, 1.5, 1.0];
const PEAK_HOURS = HOURS.map((w, h) => (h === 0 ? w * 12 : h === 1 ? w * 4 : h === 20 || h === 21 ? w * 2 : w));
const hourIndex = Array.from({ length: 24 }, (_, h) => h);
const normalHours = new Weighted(hourIndex, HOURS);
const peakHours = new Weighted(hourIndex, PEAK_HOURS);

// Sunday to Saturday.
const WEEKDAY = [1.1, 0.98, 0.97, 0.97, 0.98, 0.95, 1.05];

function springFestivalMs(year: number): number {
  const [m, d] = SPRING_FESTIVAL[year] ?? [2, 1];
  return Date.UTC(year, m - 1, d);
}

function describeDay(dateUtcMs: number): { weight: number; promo: Promo | null; peak: boolean; summer: boolean } {
  const date = new Date(dateUtcMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  let weight = WEEKDAY[date.getUTCDay()];
  let promo: Promo | null = null;
  let peak = false;

  if ((month === 10 && day >= 20) || (month === 11 && day <= 12)) {
    promo = month === 11 && day <= 11 ? 'double11' : null;
    weight *= month === 10 ? 1.3 : day === 11 ? 12 : day === 12 ? 2 : 1.8;
    peak = month === 11 && day === 11;
  } else if (month === 6 && day <= 18) {
    promo = '618';
    weight *= day === 18 ? 6 : day === 1 ? 2.5 : 1.5;
    peak = day === 18;
  } else if (month === 3 && day >= 3 && day <= 8) {
    promo = 'women';
    weight *= day === 8 ? 3.5 : 1.4;
  } else if (month === 12 && day >= 10 && day <= 13) {
    promo = day === 12 ? 'double12' : null;
    weight *= day === 12 ? 3 : 1.4;
  } else if (month === 5 && day === 20) {
    weight *= 1.8;
  } else if (month === 12 && (day === 24 || day === 25)) {
    weight *= 1.3;
  }

  // Spring Festival of this year or the next (late December runs into 年货节 of the coming year).
  for (const y of [year, year + 1]) {
    const daysToFestival = Math.round((springFestivalMs(y) - dateUtcMs) / DAY_MS);
    if (daysToFestival >= 10 && daysToFestival <= 30) {
      promo ??= 'newyear';
      weight *= 1.5;
    } else if (daysToFestival >= -6 && daysToFestival <= 3) {
      weight *= 0.35;
    } else if (daysToFestival >= -12 && daysToFestival < -6) {
      weight *= 0.8;
    }
  }
  return { weight, promo, peak, summer: month >= 5 && month <= 9 };
}

export class SalesCalendar {
  readonly days: SalesDay[];
  readonly firstMs: number;
  readonly nowMs: number;
  private readonly byWeight: Weighted<number>;

  /** The `count` days that end with today (China time); today counts for the part already gone. */
  constructor(now: Date, count = 730) {
    this.nowMs = now.getTime();
    const todayStart = Math.floor((this.nowMs + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
    this.firstMs = todayStart - (count - 1) * DAY_MS;
    this.days = [];
    for (let i = 0; i < count; i++) {
      const startMs = this.firstMs + i * DAY_MS;
      const info = describeDay(startMs + CHINA_OFFSET_MS);
      // A shop that grows about a third over two years.
      let weight = info.weight * (1 + (0.35 * i) / count);
      if (i === count - 1) weight *= Math.max(0.01, (this.nowMs - startMs) / DAY_MS);
      this.days.push({ startMs, ...info, weight });
    }
    this.byWeight = new Weighted(this.days.map((_, i) => i), this.days.map((d) => d.weight));
  }

  /** The day at cumulative share u in [0, 1): drawing u uniformly gives the seasonal mix. */
  dayAt(u: number): number {
    return this.byWeight.indexAt(Math.min(u, 0.999999999));
  }

  /** A moment on the given day, by the hour-of-day profile; never after now. */
  timeOn(dayIndex: number, rng: Rng): number {
    const day = this.days[dayIndex];
    const hour = (day.peak ? peakHours : normalHours).draw(rng);
    const t = day.startMs + hour * HOUR_MS + rng.int(HOUR_MS);
    if (t < this.nowMs) return t;
    return day.startMs + Math.floor(rng.next() * Math.max(1, this.nowMs - day.startMs));
  }
}
