import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskEmail, maskEmailsIn, maskPhone } from './mask.ts';

test('a phone keeps its first three and last four digits, however it was written', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('138 1234 5678'), '138****5678');
  assert.equal(maskPhone('+86 138-1234-5678'), '138****5678');
  assert.equal(maskPhone('008613812345678'), '138****5678');
  assert.equal(maskPhone('(021) 5555-0123'), '021****0123');
  assert.equal(maskPhone('+14155550123'), '+14****0123');
});

test('a short number keeps less, and nothing is no number', () => {
  assert.equal(maskPhone('95588123'), '955****8123');
  assert.equal(maskPhone('1234567'), '****67');
  assert.equal(maskPhone('12345'), '****45');
  assert.equal(maskPhone('110'), '****');
  assert.equal(maskPhone(''), null);
  assert.equal(maskPhone('  '), null);
  assert.equal(maskPhone(null), null);
  assert.equal(maskPhone(undefined), null);
});

test('the masked phone never holds the hidden digits', () => {
  for (const phone of ['13800138000', '+8613912345678', '02155550123', '4008123123']) {
    const masked = maskPhone(phone)!;
    const digits = masked.replace(/\D/g, '');
    assert.ok(digits.length <= 7, `${phone} → ${masked}`);
    assert.match(masked, /\*{4}/);
  }
});

test('an email keeps the first character and the domain', () => {
  assert.equal(maskEmail('zhang.wei@example.com'), 'z***@example.com');
  assert.equal(maskEmail('a@qq.com'), 'a***@qq.com');
  assert.equal(maskEmail(' Li.Na@163.com '), 'L***@163.com');
  assert.equal(maskEmail('王小明@例子.中国'), '王***@例子.中国');
  assert.equal(maskEmail('😀x@example.com'), '😀***@example.com');
  assert.equal(maskEmail('"odd@name"@example.com'), '"***@example.com');
  assert.equal(maskEmail('@example.com'), '***@example.com');
  assert.equal(maskEmail('not-an-email'), 'n***');
  assert.equal(maskEmail(''), null);
  assert.equal(maskEmail(null), null);
});

test('the addresses inside a text are masked, the words around them kept', () => {
  assert.equal(maskEmailsIn('邮件未能发送给 zhang.wei@example.com：550 <zhang.wei@example.com>: Mailbox unavailable'), '邮件未能发送给 z***@example.com：550 <z***@example.com>: Mailbox unavailable');
  assert.equal(maskEmailsIn('To li_na+shop@mail.163.com, cc a@qq.com.'), 'To l***@mail.163.com, cc a***@qq.com.');
  assert.equal(maskEmailsIn('张伟 <Zhang@Example.COM>'), '张伟 <Z***@Example.COM>');
  assert.equal(maskEmailsIn('no address @ all, not even user@localhost'), 'no address @ all, not even user@localhost');
  for (const address of ['zhang.wei@example.com', 'li_na+shop@mail.163.com']) assert.equal(maskEmailsIn(address), maskEmail(address));
});
