export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

// Shown first: where the shops that use ShopDesk and their buyers mostly are.
const PREFERRED = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Asia/Seoul', 'UTC'];

function offsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export type TimezoneOption = { value: string; label: string };

/** Every IANA zone the browser knows, labelled with today's UTC offset, the preferred ones first. */
export function timezoneOptions(current?: string): TimezoneOption[] {
  const now = new Date();
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [...PREFERRED];
  }
  const all = Array.from(new Set([...PREFERRED, ...zones, ...(current ? [current] : [])]));
  const options = all.flatMap((zone) => {
    try {
      return [{ zone, offset: offsetMinutes(zone, now) }];
    } catch {
      return [];
    }
  });
  const rank = (zone: string) => {
    const i = PREFERRED.indexOf(zone);
    return i === -1 ? PREFERRED.length : i;
  };
  options.sort((a, b) => rank(a.zone) - rank(b.zone) || a.offset - b.offset || a.zone.localeCompare(b.zone));
  return options.map(({ zone, offset }) => ({ value: zone, label: `(${formatOffset(offset)}) ${zone}` }));
}
