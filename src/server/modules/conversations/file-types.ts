import { ATTACHMENT_TYPES, type FileFamily } from '../../../contracts/attachment-types.ts';

/**
 * What a file really is, from its first bytes. The Content-Type a browser (or a script) declares is
 * only a claim: a page saved as "photo.png" must not be served back as an image, and a type we do
 * not accept must not slip in under a name we do.
 */
type Signature = 'jpeg' | 'png' | 'gif' | 'webp' | 'pdf' | 'zip' | 'ole' | 'mp3' | 'mp4' | 'wav' | 'ogg' | 'text';

const SIGNATURE_OF: Record<string, Signature> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'text',
  'text/csv': 'text',
  'application/msword': 'ole',
  'application/vnd.ms-excel': 'ole',
  'application/vnd.ms-powerpoint': 'ole',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'zip',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'zip',
  'application/zip': 'zip',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'mp4',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
};

/** Other names browsers and systems give the same types. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-pdf': 'application/pdf',
  'application/csv': 'text/csv',
  'text/comma-separated-values': 'text/csv',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/x-mpeg': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-pn-wav': 'audio/wav',
  'application/ogg': 'audio/ogg',
  'audio/vorbis': 'audio/ogg',
  'audio/opus': 'audio/ogg',
};

/** Declared types that say nothing: the bytes and the file name decide. */
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-unknown', 'application/unknown']);

const ascii = (bytes: Uint8Array, start: number, text: string) => text.split('').every((c, i) => bytes[start + i] === c.charCodeAt(0));
const starts = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

const TEXT_SAMPLE = 8192;

/** The signature of the bytes, or null for a binary format we do not accept. */
export function sniff(bytes: Uint8Array): Signature | null {
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'webp';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'wav';
  if (ascii(bytes, 0, '%PDF-')) return 'pdf';
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || starts(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (ascii(bytes, 0, 'OggS')) return 'ogg';
  if (ascii(bytes, 4, 'ftyp')) return 'mp4';
  if (ascii(bytes, 0, 'ID3') || (bytes[0] === 0xff && bytes.length > 1 && (bytes[1] & 0xe0) === 0xe0)) return 'mp3';
  // Text has no signature: it is text if it has no NUL byte (which also keeps out UTF-16 and most binaries).
  const sample = bytes.subarray(0, TEXT_SAMPLE);
  return sample.includes(0) ? null : 'text';
}

function extensionOf(name: string): string {
  const m = /\.([a-z0-9]{1,8})$/i.exec(name);
  return m ? m[1].toLowerCase() : '';
}

export function normaliseType(declared: string | undefined): string {
  const base = (declared ?? '').split(';')[0].trim().toLowerCase();
  return ALIASES[base] ?? base;
}

export type FileCheck =
  | { ok: true; contentType: string; family: FileFamily }
  | { ok: false; reason: 'refused' | 'mismatch' };

/**
 * The content type to store for these bytes, declared as `declared` and named `name`:
 * - a declared type we accept must match the bytes (`mismatch` otherwise: a spoofed type);
 * - a generic type (application/octet-stream) is settled by the bytes and the file extension;
 * - anything else (text/html, image/svg+xml, executables, unknown binaries) is `refused`.
 */
export function checkFile(bytes: Uint8Array, declared: string | undefined, name: string): FileCheck {
  const type = normaliseType(declared);
  const sig = sniff(bytes);
  const ext = extensionOf(name);
  const byExt = Object.entries(ATTACHMENT_TYPES).find(([, t]) => t.ext.includes(ext))?.[0];
  const accept = (contentType: string): FileCheck => ({ ok: true, contentType, family: ATTACHMENT_TYPES[contentType].family });
  if (sig === null) return { ok: false, reason: SIGNATURE_OF[type] ? 'mismatch' : 'refused' };
  if (SIGNATURE_OF[type]) {
    if (SIGNATURE_OF[type] === sig) return accept(type);
    // Windows calls every .csv "application/vnd.ms-excel" when Excel is installed.
    if (type === 'application/vnd.ms-excel' && sig === 'text' && ext === 'csv') return accept('text/csv');
    return { ok: false, reason: 'mismatch' };
  }
  if (!GENERIC.has(type)) return { ok: false, reason: 'refused' };
  if (byExt && SIGNATURE_OF[byExt] === sig) return accept(byExt);
  const only: Partial<Record<Signature, string>> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf', zip: 'application/zip', mp3: 'audio/mpeg', mp4: 'audio/mp4', wav: 'audio/wav', ogg: 'audio/ogg', text: 'text/plain' };
  const guess = only[sig];
  return guess ? accept(guess) : { ok: false, reason: 'refused' };
}

/** Images and audio open in the browser; everything else is downloaded. */
export function isInline(contentType: string): boolean {
  return contentType.startsWith('image/') || contentType.startsWith('audio/');
}

/**
 * A Content-Disposition header for a file name in any language: an ASCII fallback for old clients
 * and the exact UTF-8 name (RFC 5987 / RFC 6266) for the rest, so 退货凭证.pdf keeps its name.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A file name fit to store and send back in a header: no path, no control characters, bounded. */
export function cleanFileName(name: string | undefined, contentType: string): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim().slice(0, 200);
  if (cleaned && cleaned !== '.' && cleaned !== '..') return cleaned;
  const ext = ATTACHMENT_TYPES[contentType]?.ext[0];
  return ext ? `file.${ext}` : 'file';
}
