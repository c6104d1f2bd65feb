import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets kept at rest (an email inbox's SMTP password) are sealed with AES-256-GCM under the
 * server's key. A sealed value reads `v1:` + base64(iv | tag | ciphertext): the version names the
 * format and the key, so a later key can be added beside this one. Each value is sealed for what it
 * belongs to (its context, as associated data), so a value copied onto another record does not open.
 */

export const SECRET_KEY_FILE = 'secret.key';
export const SECRET_KEY_FORMAT = 'must be 32 bytes written as base64 (44 characters, e.g. the output of `openssl rand -base64 32`) or as 64 hex characters';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^(v\d+):([A-Za-z0-9+/]+={0,2})$/;

/** A sealed value that cannot be opened: changed, cut short, or sealed with another key. */
export class SecretError extends Error {}

/** The key itself is missing or malformed (a damaged key file). */
export class SecretKeyError extends Error {}

export type SecretBox = {
  seal(plain: string, context: string): string;
  open(value: string, context: string): string;
  /** A key of its own for one purpose (signing links …), derived from the server's key (HKDF): the same on every node that shares the key. */
  derive(purpose: string): Buffer;
};

/** A 32-byte key written as base64 (base64url too, padding optional) or as 64 hex characters; null for anything else. */
export function decodeSecretKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) return null;
  const key = Buffer.from(t, 'base64');
  return key.length === KEY_BYTES ? key : null;
}

/** Whether a stored value is sealed; a value from before sealing (plain text) is not. */
export function isSealed(value: string): boolean {
  const m = SEALED.exec(value);
  return m !== null && Buffer.from(m[2], 'base64').length >= IV_BYTES + TAG_BYTES;
}

export function sealWith(key: Buffer, plain: string, context: string): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
}

export function openWith(key: Buffer, value: string, context: string): string {
  const m = SEALED.exec(value);
  if (!m) throw new SecretError('the value is not sealed');
  if (m[1] !== VERSION) throw new SecretError(`the value was sealed with key version ${m[1]}, which this server does not have`);
  const raw = Buffer.from(m[2], 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretError('the sealed value is cut short');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretError('the sealed value cannot be opened: it was changed, or it was sealed with another key');
  }
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = decodeSecretKey(text);
  if (!key) throw new SecretKeyError(`${file} holds no usable secret key: it ${SECRET_KEY_FORMAT}. Restore the file from a backup; a new key cannot open what the old one sealed`);
  return key;
}

/**
 * The key in `secret.key` of the data directory, made once (mode 0600) when there is none. The new
 * key is written aside and linked into place, which fails if another process made the file first:
 * then every process reads that one.
 */
export function readOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing) return existing;
  fs.mkdirSync(dataDir, { recursive: true });
  const content = `${crypto.randomBytes(KEY_BYTES).toString('base64')}\n`;
  const draft = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(draft, content, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(draft, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A file system without hard links: an exclusive create still lets only one process win.
    if (code !== 'EEXIST') writeExclusive(file, content);
  } finally {
    fs.rmSync(draft, { force: true });
  }
  return readKeyFile(file)!;
}

function writeExclusive(file: string, content: string): void {
  try {
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * The server's box: the configured key, or else the data directory's key file, read (or made) on
 * first use, so a process that never seals anything leaves no file behind.
 */
export function secretBoxFor(source: { key?: Buffer; dataDir: string }): SecretBox {
  let key = source.key;
  const currentKey = () => (key ??= readOrCreateKeyFile(source.dataDir));
  return {
    seal: (plain, context) => sealWith(currentKey(), plain, context),
    open: (value, context) => openWith(currentKey(), value, context),
    derive: (purpose) => Buffer.from(crypto.hkdfSync('sha256', currentKey(), Buffer.alloc(0), `shopdesk:${purpose}`, KEY_BYTES)),
  };
}

let installed: SecretBox | undefined;

/** Set at start (startServer): one key per process, which HTTP handlers and jobs alike seal and open with. */
export function useSecretBox(box: SecretBox): void {
  installed = box;
}

export function secretBox(): SecretBox {
  if (!installed) throw new SecretKeyError('no secret key is set up: the server sets one at start, from SHOPDESK_SECRET_KEY or the data directory’s secret.key');
  return installed;
}
