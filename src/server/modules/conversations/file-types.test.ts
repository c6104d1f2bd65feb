import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, cleanFileName, contentDisposition, sniff } from './file-types.ts';
import { parseRange } from './attachments.routes.ts';
import { normalisePhone } from './calls.service.ts';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

test('signatures', () => {
  assert.equal(sniff(bytes([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
  assert.equal(sniff(bytes([0x89], 'PNG\r\n\x1a\n')), 'png');
  assert.equal(sniff(bytes('GIF89a')), 'gif');
  assert.equal(sniff(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')), 'webp');
  assert.equal(sniff(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')), 'wav');
  assert.equal(sniff(bytes('%PDF-1.7')), 'pdf');
  assert.equal(sniff(bytes('PK', [3, 4, 20, 0])), 'zip');
  assert.equal(sniff(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), 'ole');
  assert.equal(sniff(bytes('OggS', [0])), 'ogg');
  assert.equal(sniff(bytes([0, 0, 0, 0x20], 'ftypM4A ')), 'mp4');
  assert.equal(sniff(bytes('ID3', [4, 0])), 'mp3');
  assert.equal(sniff(bytes([0xff, 0xfb, 0x90, 0x64])), 'mp3');
  assert.equal(sniff(Buffer.from('订单号,金额\n')), 'text');
  assert.equal(sniff(bytes('MZ', [0x90, 0, 3, 0])), null);
  assert.equal(sniff(bytes([0x7f], 'ELF', [2, 1, 1, 0])), null);
});

test('the declared type must match the bytes; generic types are settled by bytes and name', () => {
  const png = bytes([0x89], 'PNG\r\n\x1a\n');
  assert.deepEqual(checkFile(png, 'image/png', 'a.png'), { ok: true, contentType: 'image/png', family: 'image' });
  assert.deepEqual(checkFile(png, 'IMAGE/PNG; charset=binary', 'a'), { ok: true, contentType: 'image/png', family: 'image' });
  assert.deepEqual(checkFile(png, 'image/jpeg', 'a.jpg'), { ok: false, reason: 'mismatch' });
  assert.deepEqual(checkFile(Buffer.from('<html>'), 'image/png', 'a.png'), { ok: false, reason: 'mismatch' });
  assert.deepEqual(checkFile(Buffer.from('<html>'), 'text/html', 'a.html'), { ok: false, reason: 'refused' });
  assert.deepEqual(checkFile(Buffer.from('<svg/>'), 'image/svg+xml', 'a.svg'), { ok: false, reason: 'refused' });
  assert.deepEqual(checkFile(bytes('PK', [3, 4]), 'application/octet-stream', '报价.xlsx'), { ok: true, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', family: 'document' });
  assert.deepEqual(checkFile(bytes('PK', [3, 4]), 'application/x-zip-compressed', 'a.zip'), { ok: true, contentType: 'application/zip', family: 'document' });
  assert.deepEqual(checkFile(bytes('PK', [3, 4]), '', 'noname'), { ok: true, contentType: 'application/zip', family: 'document' });
  assert.deepEqual(checkFile(bytes('ID3'), 'audio/mp3', 'r.mp3'), { ok: true, contentType: 'audio/mpeg', family: 'audio' });
  assert.deepEqual(checkFile(bytes([0, 0, 0, 0x20], 'ftypM4A '), 'audio/x-m4a', 'r.m4a'), { ok: true, contentType: 'audio/mp4', family: 'audio' });
  assert.deepEqual(checkFile(Buffer.from('a,b\n'), 'application/vnd.ms-excel', 'x.csv'), { ok: true, contentType: 'text/csv', family: 'document' });
  assert.deepEqual(checkFile(Buffer.from('a,b\n'), 'application/vnd.ms-excel', 'x.xls'), { ok: false, reason: 'mismatch' });
  assert.deepEqual(checkFile(bytes('MZ', [0]), 'application/octet-stream', 'setup.exe'), { ok: false, reason: 'refused' });
  assert.deepEqual(checkFile(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'application/octet-stream', 'x.bin'), { ok: false, reason: 'refused' });
});

test('file names: headers for any language, no paths, no control characters', () => {
  assert.equal(contentDisposition('attachment', '退货 凭证(1).pdf'), `attachment; filename="__ __(1).pdf"; filename*=UTF-8''%E9%80%80%E8%B4%A7%20%E5%87%AD%E8%AF%81%281%29.pdf`);
  assert.equal(contentDisposition('inline', 'a"b\\c.png'), `inline; filename="a_b_c.png"; filename*=UTF-8''a%22b%5Cc.png`);
  assert.equal(cleanFileName('C:\\Users\\me\\照片.jpg', 'image/jpeg'), '照片.jpg');
  assert.equal(cleanFileName('a\r\nb.txt', 'text/plain'), 'ab.txt');
  assert.equal(cleanFileName('', 'image/png'), 'file.png');
  assert.equal(cleanFileName('..', 'application/pdf'), 'file.pdf');
});

test('byte ranges', () => {
  assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=0-5000', 1000), { start: 0, end: 999 });
  assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=5-1', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=0-1,5-9', 1000), null);
  assert.equal(parseRange(undefined, 1000), null);
  assert.equal(parseRange('items=0-1', 1000), null);
});

test('phone numbers', () => {
  assert.equal(normalisePhone('138 0013 8000'), '13800138000');
  assert.equal(normalisePhone('+86 138-0013-8000'), '13800138000');
  assert.equal(normalisePhone('0086 13800138000'), '13800138000');
  assert.equal(normalisePhone('(021) 5555-0123'), '02155550123');
  assert.equal(normalisePhone('+1 415 555 0100'), '+14155550100');
  assert.equal(normalisePhone('12'), null);
  assert.equal(normalisePhone('打错了'), null);
  assert.equal(normalisePhone(null), null);
});
