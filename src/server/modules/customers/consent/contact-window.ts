import type { ConsentStatus } from './consent.tables.ts';

/** Seed 001: an agent may contact a customer within 30 days of their last order or conversation, unless they subscribed. */
export const CONTACT_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ContactDecision =
  | { allowed: true; because: 'recent_contact' | 'subscribed' }
  | { allowed: false; code: 'contact_opted_out' | 'contact_window_closed' };

/** When the window closes: 30 days after the last order or conversation (null: it never opened). */
export function windowOpenUntil(lastContactAt: Date | null): Date | null {
  return lastContactAt ? new Date(lastContactAt.getTime() + CONTACT_WINDOW_DAYS * DAY_MS) : null;
}

/**
 * Whether an agent may start a conversation on a channel now. An opt-out always refuses; an opt-in
 * (subscription) always allows; otherwise the last order or conversation must be within the window.
 */
export function contactDecision(input: { now: Date; lastContactAt: Date | null; consent: ConsentStatus | null }): ContactDecision {
  if (input.consent === 'opted_out') return { allowed: false, code: 'contact_opted_out' };
  if (input.consent === 'opted_in') return { allowed: true, because: 'subscribed' };
  const until = windowOpenUntil(input.lastContactAt);
  if (until && input.now.getTime() <= until.getTime()) return { allowed: true, because: 'recent_contact' };
  return { allowed: false, code: 'contact_window_closed' };
}
