import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { Translate } from '../../app/i18n-provider';

/** The list's time column, as chat tools show it: 刚刚, 5 分钟前, 14:05, 昨天, 周三, 3月1日, 2024-03-01. */
export function listTime(iso: string | null | undefined, now: number, t: Translate): string {
  if (!iso) return '';
  const d = dayjs(iso);
  if (!d.isValid()) return '';
  const minutes = Math.floor((now - d.valueOf()) / 60_000);
  if (minutes < 1) return t('conv.time.justNow');
  if (minutes < 60) return t('conv.time.minutesAgo', { n: minutes });
  const today = dayjs(now).startOf('day');
  if (!d.isBefore(today)) return d.format('HH:mm');
  if (!d.isBefore(today.subtract(1, 'day'))) return t('conv.time.yesterday');
  if (!d.isBefore(today.subtract(6, 'day'))) return d.format('ddd');
  if (d.year() === today.year()) return d.format(t('conv.time.dateFormat'));
  return d.format('YYYY-MM-DD');
}

/** The separator above the first message of each day in the timeline. */
export function dayLabel(iso: string, now: number, t: Translate): string {
  const d = dayjs(iso);
  const today = dayjs(now).startOf('day');
  if (!d.isBefore(today)) return t('conv.day.today');
  if (!d.isBefore(today.subtract(1, 'day'))) return t('conv.day.yesterday');
  return d.format(t(d.year() === today.year() ? 'conv.day.format' : 'conv.day.formatYear'));
}

export function dayKey(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD');
}

export function clockTime(iso: string): string {
  return dayjs(iso).format('HH:mm');
}

/** The current time, refreshed every `everyMs`, so "5 分钟前" moves on by itself. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Only web addresses become links: a `javascript:` URL sent by a visitor stays text. */
export function safeHttpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A steady colour per customer, so a name is recognisable down the list. */
const AVATAR_COLORS = ['#1668dc', '#13a8a8', '#7cb305', '#d46b08', '#c41d7f', '#531dab', '#08979c', '#d4380d'];
export function avatarColor(seed: string): string {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return AVATAR_COLORS[Math.abs(hash) % AVATAR_COLORS.length];
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
