import dayjs from 'dayjs';

/** Local time as the back office shows it: 2025-03-01 14:05:09. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

export function formatDateTimeShort(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso;
}

export function isPast(iso: string | null | undefined): boolean {
  return Boolean(iso) && dayjs(iso).isBefore(dayjs());
}

/** Empty input fields mean "no value": the API wants null there, not "". */
export function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
