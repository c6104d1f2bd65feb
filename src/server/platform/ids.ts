import { randomBytes } from 'node:crypto';

// Crockford base32, as in ULID: ids sort by creation time and read well in logs.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = 0;
let lastRandom = Buffer.alloc(10);

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.slice(0, 16);
}

/** Monotonic within one process: two ids made in the same millisecond still sort in order. */
export function ulid(now = Date.now()): string {
  if (now <= lastTime) {
    for (let i = lastRandom.length - 1; i >= 0; i--) {
      if (lastRandom[i] < 255) {
        lastRandom[i]++;
        break;
      }
      lastRandom[i] = 0;
    }
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom = randomBytes(10);
  }
  return encodeTime(now) + encodeRandom(lastRandom);
}

export type IdPrefix =
  | 'acc' | 'usr' | 'inv' | 'ses' | 'tok' | 'aud' | 'evt' | 'job'
  | 'cus' | 'cid' | 'prd' | 'pgp' | 'ord' | 'oit' | 'shp'
  | 'inb' | 'vis' | 'cnv' | 'qr' | 'att' | 'lbl' | 'rul' | 'team'
  | 'cad' | 'mrg'
  | 'wo' | 'wot' | 'slp' | 'slc' | 'woa';

/** Prefixed ids (`usr_01J…`) say what they name wherever they turn up. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
