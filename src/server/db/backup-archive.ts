/**
 * The few regular files of a backup in one ustar archive, so `tar tvf` lists a backup and `tar xf`
 * takes it apart by hand. Only what ShopDesk writes is read back: regular files with short names.
 */

export type ArchiveEntry = { name: string; data: Buffer; mode: number; mtime: Date };

/** The file is not an archive this reader understands: cut short, damaged, or something else. */
export class ArchiveError extends Error {}

const BLOCK = 512;
const MAX_SIZE = 8 ** 11 - 1; // what 11 octal digits hold: 8 GiB

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: ArchiveEntry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  if (name.length > 99) throw new Error(`archive entry name too long: ${entry.name}`);
  if (entry.data.length > MAX_SIZE) throw new Error(`archive entry too large: ${entry.name}`);
  const h = Buffer.alloc(BLOCK);
  name.copy(h, 0);
  h.write(octal(entry.mode & 0o7777, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(entry.data.length, 12), 124, 'latin1');
  h.write(octal(Math.floor(entry.mtime.getTime() / 1000), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0' + '00', 257, 'latin1');
  h.write(octal(checksum(h), 7) + ' ', 148, 'latin1');
  return h;
}

function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum;
}

export function writeArchive(entries: ArchiveEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.data);
    const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function field(h: Buffer, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(h: Buffer, start: number, length: number, what: string): number {
  const text = field(h, start, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`an entry's ${what} is not a number`);
  return parseInt(text, 8);
}

export function readArchive(buf: Buffer): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let at = 0;
  for (;;) {
    if (at + BLOCK > buf.length) throw new ArchiveError('the archive is cut short');
    const h = buf.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return entries;
    if (field(h, 257, 6) !== 'ustar') throw new ArchiveError(at === 0 ? 'it is not a tar archive' : 'an entry header is damaged');
    if (readOctal(h, 148, 8, 'checksum') !== checksum(h)) throw new ArchiveError('an entry header is damaged (checksum)');
    const type = String.fromCharCode(h[156]);
    const name = field(h, 0, 100);
    if (type !== '0' && type !== '\0') throw new ArchiveError(`the entry ${name} is not a regular file`);
    const size = readOctal(h, 124, 12, 'size');
    const start = at + BLOCK;
    if (start + size > buf.length) throw new ArchiveError(`the archive is cut short (in ${name})`);
    entries.push({ name, data: buf.subarray(start, start + size), mode: readOctal(h, 100, 8, 'mode'), mtime: new Date(readOctal(h, 136, 12, 'time') * 1000) });
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
}
