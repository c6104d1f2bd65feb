/**
 * Caches that hold one person's data (quick replies, colleagues) register here and are dropped when
 * the session ends, so whoever signs in next on this device never sees the previous person's.
 */
const forgetters = new Set<() => void>();

export function onSignOut(forget: () => void): void {
  forgetters.add(forget);
}

export function forgetSessionCaches(): void {
  for (const forget of forgetters) forget();
}
