import { AppError } from '../../platform/errors.ts';

/**
 * A fixed-window counter per key, in this process: enough to stop one browser flooding an inbox.
 * Several nodes each allow the limit, which is acceptable for an abuse guard.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private limit: number, private windowMs: number) {}

  hit(key: string, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.windows.clear();
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    w.count++;
    if (w.count > this.limit) {
      const seconds = Math.ceil((w.start + this.windowMs - now) / 1000);
      throw new AppError('rate_limited', { vars: { seconds }, headers: { 'retry-after': String(seconds) } });
    }
  }
}
