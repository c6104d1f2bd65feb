import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { decodeSecretKey, isSealed, openWith, readOrCreateKeyFile, SECRET_KEY_FILE, SecretError, SecretKeyError, sealWith, secretBoxFor } from './secrets.ts';

const key = crypto.randomBytes(32);
const context = 'inboxes/acc_1/inb_1/smtp.password';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-secrets-'));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The same sealed value with one byte of its payload (iv, tag or ciphertext) flipped. */
function flipByte(sealed: string, index: number): string {
  const raw = Buffer.from(sealed.slice(3), 'base64');
  raw[index] ^= 0x01;
  return `v1:${raw.toString('base64')}`;
}

test('a sealed string opens to itself, Chinese and empty ones too; each sealing differs', () => {
  for (const plain of ['smtp-pass-1', '授权码 ABCD-efgh', '', 'x'.repeat(500)]) {
    const sealed = sealWith(key, plain, context);
    assert.match(sealed, /^v1:[A-Za-z0-9+/]+={0,2}$/);
    assert.ok(isSealed(sealed));
    if (plain) assert.ok(!sealed.includes(plain));
    assert.equal(openWith(key, sealed, context), plain);
  }
  assert.notEqual(sealWith(key, 'same', context), sealWith(key, 'same', context), 'a fresh iv each time');
});

test('a value changed anywhere, cut short or of another version is refused', () => {
  const sealed = sealWith(key, 'smtp-pass-1', context);
  const length = Buffer.from(sealed.slice(3), 'base64').length;
  for (const index of [0, 11, 12, 27, 28, length - 1]) {
    assert.throws(() => openWith(key, flipByte(sealed, index), context), SecretError, `byte ${index}`);
  }
  assert.throws(() => openWith(key, `v1:${Buffer.from(sealed.slice(3), 'base64').subarray(0, 20).toString('base64')}`, context), /cut short/);
  assert.throws(() => openWith(key, `v2:${sealed.slice(3)}`, context), /key version v2/);
  assert.throws(() => openWith(key, 'smtp-pass-1', context), /not sealed/);
});

test('another key, or the value of another record, does not open it', () => {
  const sealed = sealWith(key, 'smtp-pass-1', context);
  assert.throws(() => openWith(crypto.randomBytes(32), sealed, context), (err: Error) => err instanceof SecretError && /another key/.test(err.message));
  assert.throws(() => openWith(key, sealed, 'inboxes/acc_2/inb_9/smtp.password'), SecretError);
});

test('plain values from before sealing are told apart from sealed ones', () => {
  for (const plain of ['smtp-pass-1', 'v1:short', 'v1:not base64!', '', 'authcode1234567890abcdefghijklmnopqrstuvwxyz']) {
    assert.equal(isSealed(plain), false, plain);
  }
});

test('a key is 32 bytes as base64 (padded or not, url-safe too) or 64 hex characters', () => {
  const b64 = key.toString('base64');
  assert.deepEqual(decodeSecretKey(b64), key);
  assert.deepEqual(decodeSecretKey(` ${b64}\n`), key);
  assert.deepEqual(decodeSecretKey(b64.replace(/=$/, '')), key);
  assert.deepEqual(decodeSecretKey(key.toString('base64url')), key);
  assert.deepEqual(decodeSecretKey(key.toString('hex')), key);
  assert.deepEqual(decodeSecretKey(key.toString('hex').toUpperCase()), key);
  for (const bad of ['', 'secret', crypto.randomBytes(16).toString('base64'), crypto.randomBytes(31).toString('hex'), crypto.randomBytes(33).toString('base64'), `${b64.slice(0, 40)}!!!=`]) {
    assert.equal(decodeSecretKey(bad), null, bad);
  }
});

test('a malformed SHOPDESK_SECRET_KEY stops the start with a message that names it, not its value', () => {
  for (const bad of ['my-secret-key', crypto.randomBytes(16).toString('base64'), 'g'.repeat(64)]) {
    assert.throws(
      () => loadConfig({ SHOPDESK_SECRET_KEY: bad }),
      (err: Error) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /SHOPDESK_SECRET_KEY: must be 32 bytes written as base64 .* or as 64 hex characters/);
        assert.ok(!err.message.includes(bad), 'the value is not echoed');
        return true;
      },
    );
  }
  assert.deepEqual(loadConfig({ SHOPDESK_SECRET_KEY: key.toString('hex') }).secretKey, key);
  assert.equal(loadConfig({ SHOPDESK_SECRET_KEY: '' }).secretKey, undefined, 'empty counts as unset');
  assert.deepEqual(loadConfig({}, { secretKey: key }).secretKey, key, 'tests may pass one directly');
});

test('without a configured key, secret.key is made once (mode 0600) in the data directory and reused', () => {
  const dir = path.join(tempDir(), 'data');
  const box = secretBoxFor({ dataDir: dir });
  assert.equal(fs.existsSync(path.join(dir, SECRET_KEY_FILE)), false, 'nothing is made before it is needed');
  const sealed = box.seal('smtp-pass-1', context);
  const file = path.join(dir, SECRET_KEY_FILE);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  const fileKey = decodeSecretKey(fs.readFileSync(file, 'utf8'));
  assert.ok(fileKey);
  assert.equal(openWith(fileKey, sealed, context), 'smtp-pass-1');
  assert.deepEqual(readOrCreateKeyFile(dir), fileKey, 'the same key on the next start');
  assert.equal(secretBoxFor({ dataDir: dir }).open(sealed, context), 'smtp-pass-1');
  assert.deepEqual(fs.readdirSync(dir), [SECRET_KEY_FILE], 'no draft file is left behind');
});

test('a configured key is used and no key file is made', () => {
  const dir = tempDir();
  const box = secretBoxFor({ key, dataDir: dir });
  assert.equal(openWith(key, box.seal('smtp-pass-1', context), context), 'smtp-pass-1');
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('a damaged key file is refused with a message that says to restore it', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, SECRET_KEY_FILE), 'not a key\n');
  assert.throws(() => secretBoxFor({ dataDir: dir }).seal('x', context), (err: Error) => err instanceof SecretKeyError && /holds no usable secret key/.test(err.message) && /backup/.test(err.message));
  assert.equal(fs.readFileSync(path.join(dir, SECRET_KEY_FILE), 'utf8'), 'not a key\n', 'a damaged file is never replaced');
});
