import { test } from 'node:test';
import assert from 'node:assert/strict';
import './conversations.errors.ts';
import { identityExpiryProblem, signCustomerId, verifyIdentity } from './widget-identity.ts';

const now = new Date('2026-12-03T12:00:00.500Z');
const nowS = Math.floor(now.getTime() / 1000);
const DAY = 86_400;

test('the expiry window: after now, at most 7 days ahead (plus 5 minutes for the shop’s clock)', () => {
  const cases: Array<[number, ReturnType<typeof identityExpiryProblem>]> = [
    [nowS - DAY, 'identity_expired'],
    [nowS - 1, 'identity_expired'],
    [nowS, 'identity_expired'],
    [nowS + 1, null],
    [nowS + 3600, null],
    [nowS + 7 * DAY, null],
    [nowS + 7 * DAY + 300, null],
    [nowS + 7 * DAY + 301, 'identity_expiry_too_far'],
    [nowS + 8 * DAY, 'identity_expiry_too_far'],
    // Milliseconds where seconds were meant: far in the future, refused.
    [now.getTime() + 3_600_000, 'identity_expiry_too_far'],
  ];
  for (const [expiresAt, expected] of cases) assert.equal(identityExpiryProblem(expiresAt, now), expected, `expiresAt = now ${expiresAt - nowS >= 0 ? '+' : ''}${expiresAt - nowS} s`);
});

test('the signature covers "<customerId>.<expiresAt>", and the reason for a refusal is the first thing wrong', () => {
  const secret = 'test-secret';
  const expiresAt = nowS + 3600;
  const good = { customerId: 'shop-1', expiresAt, signature: signCustomerId(secret, 'shop-1', expiresAt) };
  assert.doesNotThrow(() => verifyIdentity(secret, good, now));
  const code = (identity: Parameters<typeof verifyIdentity>[1], at = now) => {
    try {
      verifyIdentity(secret, identity, at);
      return null;
    } catch (err) {
      return (err as { code: string }).code;
    }
  };
  assert.equal(code({ customerId: 'shop-1', signature: good.signature }), 'identity_expiry_missing');
  assert.equal(code({ ...good, expiresAt: expiresAt + 1 }), 'identity_invalid');
  assert.equal(code({ ...good, customerId: 'shop-2' }), 'identity_invalid');
  assert.equal(code({ ...good, signature: good.signature.slice(2) }), 'identity_invalid');
  assert.equal(code(good, new Date((expiresAt + 1) * 1000)), 'identity_expired');
  const long = nowS + 30 * DAY;
  assert.equal(code({ customerId: 'shop-1', expiresAt: long, signature: signCustomerId(secret, 'shop-1', long) }), 'identity_expiry_too_far');
});
