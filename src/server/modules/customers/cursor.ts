import { AppError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/locale.ts';

/**
 * Opaque keyset cursors of the customer list and the timeline: "c1." and the page boundary as
 * base64url JSON. The prefix lets the schema refuse text that is no cursor at all.
 */
const PREFIX = 'c1.';

export function encodeCursor(values: unknown[]): string {
  return PREFIX + Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function cursorError(locale: Locale): AppError {
  const detail = locale === 'en' ? 'cursor: not a cursor of this list; reload from the first page' : 'cursor: 分页游标无效，请从第一页重新加载';
  return new AppError('validation_failed', { field: 'cursor', vars: { detail } });
}

/** The values of a cursor, or a validation error when it is not one of ours. */
export function decodeCursor(text: string, locale: Locale): unknown[] {
  if (!text.startsWith(PREFIX)) throw cursorError(locale);
  try {
    const values = JSON.parse(Buffer.from(text.slice(PREFIX.length), 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values)) return values;
  } catch {
    // falls through to the error
  }
  throw cursorError(locale);
}
