import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from './backoff.ts';
import { pickLocale, translator } from './i18n.ts';
import { compareIds, MessageStore } from './message-store.ts';
import type { Message } from './types.ts';

const msg = (id: string, extra: Partial<Message> = {}): Message => ({
  id,
  conversationId: 'cnv_1',
  clientId: null,
  senderType: 'agent',
  sender: { id: 'u1', name: '小美' },
  kind: 'text',
  attachments: [],
  meta: {},
  body: `m${id}`,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

test('ids compare as numbers, past the precision of a double', () => {
  assert.ok(compareIds('9', '10') < 0);
  assert.ok(compareIds('9007199254740993', '9007199254740992') > 0);
  assert.equal(compareIds('42', '42'), 0);
});

test('stored messages are deduplicated by id and ordered by id, whatever order they arrive in', () => {
  const s = new MessageStore();
  for (const id of ['3', '1', '10', '2', '3', '1']) s.add(msg(id));
  assert.deepEqual(s.messages().map((m) => m.id), ['1', '2', '3', '10']);
  assert.equal(s.maxId, '10');
  assert.equal(s.add(msg('2')), false);
});

test('a pending message is settled by its stored copy, from the ack or from the replay, once', () => {
  const s = new MessageStore();
  s.addPending('c-1', '你好', '2025-01-01T00:00:00.000Z');
  s.addPending('c-2', '在吗', '2025-01-01T00:00:01.000Z');
  s.setState('c-2', 'rejected', '太长了');
  assert.deepEqual(s.toResend().map((p) => p.clientId), ['c-1']);
  // The replay after a reconnect carries the message the server stored before the ack was lost.
  s.add(msg('7', { clientId: 'c-1', senderType: 'customer', body: '你好' }));
  assert.deepEqual(s.unacked().map((p) => p.clientId), ['c-2']);
  // Then the ack of the resend arrives with the same stored message: still one copy.
  s.add(msg('7', { clientId: 'c-1', senderType: 'customer', body: '你好' }));
  s.settle('c-1');
  assert.equal(s.items().filter((i) => i.kind === 'stored').length, 1);
  assert.deepEqual(s.items().map((i) => (i.kind === 'stored' ? i.message.id : i.pending.clientId)), ['7', 'c-2']);
});

test('internal notes never reach the shopper\'s list', () => {
  const s = new MessageStore();
  assert.equal(s.add(msg('5', { kind: 'note' })), false);
  assert.equal(s.messages().length, 0);
});

test('restored outbox entries come back as sending, and junk is ignored', () => {
  const s = new MessageStore();
  s.restorePending([{ clientId: 'c-9', body: 'hi', createdAt: 'x', state: 'rejected' }, null as never, { clientId: 3 } as never]);
  assert.deepEqual(s.unacked().map((p) => [p.clientId, p.state]), [['c-9', 'sending']]);
});

test('reconnect delays double from 1 s to 30 s with jitter', () => {
  assert.equal(backoffDelay(0, () => 1), 1000);
  assert.equal(backoffDelay(0, () => 0), 1000);
  assert.equal(backoffDelay(3, () => 1), 8000);
  assert.equal(backoffDelay(3, () => 0), 5600);
  assert.equal(backoffDelay(10, () => 1), 30_000);
  assert.equal(backoffDelay(50, () => 0), 21_000);
});

test('the locale is zh-CN for any Chinese tag and English otherwise; the shop setting wins', () => {
  assert.equal(pickLocale(undefined, 'zh-TW'), 'zh-CN');
  assert.equal(pickLocale(undefined, 'en-US'), 'en');
  assert.equal(pickLocale('en', 'zh-CN'), 'en');
  assert.equal(pickLocale(undefined, 'fr'), 'en');
  assert.equal(pickLocale(undefined, '', 'zh-CN'), 'zh-CN');
  assert.equal(pickLocale(undefined, '', ''), 'en');
  assert.equal(translator('zh-CN')('typing', { name: '小美' }), '小美正在输入');
  assert.equal(translator('en')('typing', { name: 'Mia' }), 'Mia is typing');
});

test('a file being uploaded is not resent; once stored it travels like any message and survives a reload', () => {
  const s = new MessageStore();
  const p = s.addPending('c-file', '', '2025-01-01T00:00:00Z', { name: '照片.png', size: 10, type: 'image/png' });
  assert.equal(p.state, 'uploading');
  assert.deepEqual(s.toResend(), []);
  p.attachmentIds = ['att_1'];
  s.setState('c-file', 'sending');
  assert.deepEqual(s.toResend().map((x) => x.attachmentIds), [['att_1']]);
  const restored = new MessageStore();
  restored.restorePending([{ ...p, state: 'failed' }, { clientId: 'c-empty', body: '', createdAt: '', state: 'sending' }]);
  assert.deepEqual(restored.unacked().map((x) => [x.clientId, x.state, x.attachmentIds, x.upload?.name]), [['c-file', 'sending', ['att_1'], '照片.png']]);
});
