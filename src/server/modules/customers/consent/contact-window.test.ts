import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactDecision, windowOpenUntil } from './contact-window.ts';

const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 24 * 60 * 60 * 1000);

test('the contact window: 29 days after the last order or message is open, 31 is closed', () => {
  assert.deepEqual(contactDecision({ now, lastContactAt: daysAgo(29), consent: null }), { allowed: true, because: 'recent_contact' });
  assert.deepEqual(contactDecision({ now, lastContactAt: daysAgo(30), consent: null }), { allowed: true, because: 'recent_contact' });
  assert.deepEqual(contactDecision({ now, lastContactAt: daysAgo(31), consent: null }), { allowed: false, code: 'contact_window_closed' });
  assert.deepEqual(contactDecision({ now, lastContactAt: null, consent: null }), { allowed: false, code: 'contact_window_closed' });
});

test('a subscription opens the window for good; an opt-out closes it even right after an order', () => {
  assert.deepEqual(contactDecision({ now, lastContactAt: daysAgo(400), consent: 'opted_in' }), { allowed: true, because: 'subscribed' });
  assert.deepEqual(contactDecision({ now, lastContactAt: null, consent: 'opted_in' }), { allowed: true, because: 'subscribed' });
  assert.deepEqual(contactDecision({ now, lastContactAt: daysAgo(1), consent: 'opted_out' }), { allowed: false, code: 'contact_opted_out' });
});

test('the window closes exactly 30 days after the last contact', () => {
  assert.equal(windowOpenUntil(daysAgo(10))?.toISOString(), new Date(now.getTime() + 20 * 24 * 60 * 60 * 1000).toISOString());
  assert.equal(windowOpenUntil(null), null);
});
