/**
 * Reconnect delay after the nth failed attempt (0-based): doubling from 1 s up to 30 s, minus up to
 * 30% jitter so a restarted server is not hit by every widget in the same instant.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.max(1000, Math.round(ceiling * (0.7 + 0.3 * random())));
}
