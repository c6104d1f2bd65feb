/**
 * CSV as shops export it: UTF-8 (with or without a BOM) or GBK/GB18030 (Taobao and JD back offices),
 * comma-separated, fields quoted with "" when they hold commas, quotes or line breaks.
 */
export type CsvEncoding = 'utf-8' | 'gb18030';

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK). */
export function detectEncoding(bytes: Uint8Array): CsvEncoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding): string {
  const text = new TextDecoder(encoding).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export type CsvRecord = { line: number; fields: string[] };

/** The records of the text with the line each starts on (a quoted field may span lines); blank lines are skipped. */
export function* parseCsv(text: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let ended = false;
    while (i < n && !ended) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (c === '"') quoted = false;
        else {
          if (c === '\n') line++;
          field += c;
        }
        i++;
        continue;
      }
      if (c === '"' && field === '') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        line++;
        ended = true;
      } else field += c;
      i++;
    }
    fields.push(field);
    if (fields.length === 1 && fields[0].trim() === '') continue;
    yield { line: start, fields };
  }
}

/** A field for a CSV file: quoted when it must be. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
