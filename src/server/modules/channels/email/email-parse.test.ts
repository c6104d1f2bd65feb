import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageIds, normalizeMessageId, parseEmail, stripQuotedReply } from './email-parse.ts';
import { replySubject } from './email-outbound.service.ts';

test('Message-IDs lose their brackets; headers with several ids or comments give each id once', () => {
  assert.equal(normalizeMessageId(' <abc.123@mail.example.com> '), 'abc.123@mail.example.com');
  assert.equal(normalizeMessageId('<>'), null);
  assert.deepEqual(messageIds('<a@x> <b@y>\r\n <a@x>'), ['a@x', 'b@y']);
  assert.deepEqual(messageIds('<a@x> (sent from my phone)'), ['a@x']);
  assert.deepEqual(messageIds(['<a@x>', '<c@z>']), ['a@x', 'c@z']);
  assert.deepEqual(messageIds('bare@id'), ['bare@id']);
  assert.deepEqual(messageIds(undefined), []);
  const long = normalizeMessageId(`<${'x'.repeat(400)}@example.com>`)!;
  assert.ok(long.length < 120 && long === normalizeMessageId(`${'x'.repeat(400)}@example.com`), 'a long id is hashed, the same way each time');
});

test('the quoted earlier mail is left out, in the forms common clients write', () => {
  assert.equal(stripQuotedReply('好的，谢谢！\n\n在 2025年5月2日 10:00，花漾美妆客服 <service@shop.test> 写道：\n> 您好'), '好的，谢谢！');
  assert.equal(stripQuotedReply('Thanks!\n\nOn Fri, May 2, 2025 at 10:00 AM Shop <s@shop.test> wrote:\n> Hello'), 'Thanks!');
  assert.equal(stripQuotedReply('Thanks!\n\nOn Fri, May 2, 2025 at 10:00 AM Shop Service <service@shop.test>\nwrote:\n> Hello'), 'Thanks!', 'a wrapped "wrote:" line');
  assert.equal(stripQuotedReply('收到\n\n------------------ 原始邮件 ------------------\n发件人: "客服"<s@shop.test>\n发送时间: 2025年5月2日'), '收到');
  assert.equal(stripQuotedReply('OK\n\n-----Original Message-----\nFrom: Shop'), 'OK');
  assert.equal(stripQuotedReply('明白\n\n发件人: 花漾美妆客服 <s@shop.test>\n发送时间: 2025年5月2日 10:00\n收件人: 我\n主题: 退货'), '明白');
  assert.equal(stripQuotedReply('我的回答\n> 引用一行\n> 引用两行\n'), '我的回答');
  // Nothing but a quote: keep it whole rather than store an empty message.
  assert.equal(stripQuotedReply('> 只有引用'), '> 只有引用');
  // A forwarded order confirmation is what the customer wants us to read: kept.
  const forwarded = '请看下面的订单\n\n---------- Forwarded message ---------\nFrom: 淘宝 <no-reply@taobao.com>\n订单号 123';
  assert.equal(stripQuotedReply(forwarded), forwarded);
  // "From:" inside the text, not a quoted header block: kept.
  assert.equal(stripQuotedReply('From: 上海\nTo: 北京\n的快递要几天？'), 'From: 上海\nTo: 北京\n的快递要几天？');
});

test('replies say Re: once', () => {
  assert.equal(replySubject('退货申请', '客服'), 'Re: 退货申请');
  assert.equal(replySubject('Re: 退货申请', '客服'), 'Re: 退货申请');
  assert.equal(replySubject('回复：退货申请', '客服'), '回复：退货申请');
  assert.equal(replySubject('RE:x', '客服'), 'RE:x');
  assert.equal(replySubject('  ', '花漾美妆客服'), '花漾美妆客服');
});

test('a mail without a Message-ID gets one from its bytes; text that cannot be stored is dropped', async () => {
  const raw = Buffer.from('From: a@example.com\r\nSubject: =?UTF-8?B?5rWL6K+V?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\u0000 world\r\n');
  const a = await parseEmail(raw);
  const b = await parseEmail(raw);
  assert.match(a.messageId, /^sha256\.[0-9a-f]{64}@no-message-id$/);
  assert.equal(a.messageId, b.messageId);
  assert.equal(a.subject, '测试');
  assert.equal(a.text, 'hello world');
  assert.deepEqual(a.from, { address: 'a@example.com', name: '' });
});
