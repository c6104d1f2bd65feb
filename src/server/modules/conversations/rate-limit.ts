import { AppError } from '../../platform/errors.ts';

/**
 * A fixed-window counter per key, in this process: enough to stop one browser flooding an inbox.
 * Several nodes each allow the limit, which is acceptable for an abuse guard.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private limit: number, private windowMs: number) {}

  hit(key: string, now = Date.now(), limit = this.limit): void {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.windows.clear();
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    w.count++;
    if (w.count > limit) {
      const seconds = Math.ceil((w.start + this.windowMs - now) / 1000);
      throw new AppError('rate_limited', { vars: { seconds }, headers: { 'retry-after': String(seconds) } });
    }
  }
}

/** What one inbox takes per minute (per node), whatever number of shoppers it comes from; the shop may change it. */
export type InboxLimits = { messagesPerMinute: number; newVisitorsPerMinute: number };
export const DEFAULT_INBOX_LIMITS: InboxLimits = { messagesPerMinute: 3000, newVisitorsPerMinute: 600 };

export function inboxLimitsOf(settings: unknown): InboxLimits {
  const s = (settings ?? {}) as { limits?: Partial<InboxLimits> };
  return {
    messagesPerMinute: s.limits?.messagesPerMinute ?? DEFAULT_INBOX_LIMITS.messagesPerMinute,
    newVisitorsPerMinute: s.limits?.newVisitorsPerMinute ?? DEFAULT_INBOX_LIMITS.newVisitorsPerMinute,
  };
}

const SETTINGS_FRESH_MS = 15_000;
const limitsCache = new Map<string, { at: number; limits: InboxLimits }>();

/** The inbox's limits, read at most every few seconds: a change on the settings page applies within that. */
export async function inboxLimits(load: () => Promise<unknown>, inboxId: string, now = Date.now()): Promise<InboxLimits> {
  const hit = limitsCache.get(inboxId);
  if (hit && now - hit.at < SETTINGS_FRESH_MS) return hit.limits;
  const limits = inboxLimitsOf(await load());
  if (limitsCache.size > 10_000) limitsCache.clear();
  limitsCache.set(inboxId, { at: now, limits });
  return limits;
}

/** After the settings page changed an inbox: this node applies the new limits at once. */
export function forgetInboxLimits(inboxId: string): void {
  limitsCache.delete(inboxId);
}
