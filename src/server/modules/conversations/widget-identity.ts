import crypto from 'node:crypto';
import { AppError } from '../../platform/errors.ts';

/**
 * A shop vouches for its signed-in shopper with the hex HMAC-SHA256 of `<customerId>.<expiresAt>`
 * (expiresAt in Unix seconds) keyed with the inbox's identity secret. The expiry is inside the
 * signature, so a signature copied out of a page stops working when the shop said it would.
 */
export const IDENTITY_MAX_LIFETIME_DAYS = 7;
const MAX_LIFETIME_S = IDENTITY_MAX_LIFETIME_DAYS * 86_400;
// The shop's clock may run a little ahead of ours: an expiry of exactly 7 days stays acceptable.
const CLOCK_SKEW_S = 300;

export type SignedIdentity = { customerId: string; expiresAt?: number; signature: string };

export function signCustomerId(secret: string, customerId: string, expiresAt: number): string {
  return crypto.createHmac('sha256', secret).update(`${customerId}.${expiresAt}`).digest('hex');
}

/** Why an expiry is refused at `now`, or null when it is inside the allowed window. */
export function identityExpiryProblem(expiresAt: number, now: Date): 'identity_expired' | 'identity_expiry_too_far' | null {
  const nowS = Math.floor(now.getTime() / 1000);
  if (expiresAt <= nowS) return 'identity_expired';
  if (expiresAt > nowS + MAX_LIFETIME_S + CLOCK_SKEW_S) return 'identity_expiry_too_far';
  return null;
}

/** Throws the reason an identity is refused: no expiry (signed the old way), a bad signature, or an expiry outside the window. */
export function verifyIdentity(secret: string, identity: SignedIdentity, now: Date): void {
  if (identity.expiresAt === undefined) throw new AppError('identity_expiry_missing', { field: 'identity.expiresAt', vars: { days: IDENTITY_MAX_LIFETIME_DAYS } });
  const expected = Buffer.from(signCustomerId(secret, identity.customerId, identity.expiresAt), 'hex');
  const given = Buffer.from(identity.signature, 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw new AppError('identity_invalid', { field: 'identity.signature' });
  const problem = identityExpiryProblem(identity.expiresAt, now);
  if (problem) throw new AppError(problem, { field: 'identity.expiresAt', vars: { days: IDENTITY_MAX_LIFETIME_DAYS } });
}
