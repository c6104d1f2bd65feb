// The soak benchmark's bookkeeping: what happened in each minute (latencies by kind, errors by
// kind and code), percentiles, and the least-squares slope of a series.

export type Minute = {
  index: number;
  /** Every request's latency (HTTP requests and widget sends, the latter until their ack). */
  requests: number[];
  byKind: Map<string, number[]>;
  /** Shopper's send → the first agent socket's receipt of the message. */
  roundTrip: number[];
  /** Agent's reply POST → the shopper's socket receiving it. */
  replyRoundTrip: number[];
  /** The raw probe beside the load: a plain INSERT + SELECT on PostgreSQL. */
  rawProbe: number[];
  /** The server's V8 heap in use and its RSS (MB), sampled every few seconds through the minute. */
  heapSamples: number[];
  rssSamples: number[];
  errors: number;
  errorsByKind: Map<string, number>;
};

export function newMinute(index: number): Minute {
  return { index, requests: [], byKind: new Map(), roundTrip: [], replyRoundTrip: [], rawProbe: [], heapSamples: [], rssSamples: [], errors: 0, errorsByKind: new Map() };
}

/** The minute being filled; `roll()` closes it and opens the next. */
export class MinuteLog {
  readonly closed: Minute[] = [];
  current = newMinute(1);

  request(kind: string, ms: number): void {
    this.current.requests.push(ms);
    let list = this.current.byKind.get(kind);
    if (!list) this.current.byKind.set(kind, (list = []));
    list.push(ms);
  }

  error(kind: string, code: string): void {
    this.current.errors++;
    const key = `${kind}:${code}`;
    this.current.errorsByKind.set(key, (this.current.errorsByKind.get(key) ?? 0) + 1);
  }

  roll(): Minute {
    const done = this.current;
    this.closed.push(done);
    this.current = newMinute(done.index + 1);
    return done;
  }
}

/** The p-th percentile (0–100), nearest rank; null for no values. */
export function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Least-squares slope of y over x (per unit of x); null below two points. */
export function slope(points: Array<[number, number]>): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxx === 0 ? null : sxy / sxx;
}

export const round1 = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10) / 10);

/** Change from a to b in percent, one decimal; null when either is missing. */
export const changePct = (a: number | null, b: number | null): number | null => (a === null || b === null || a === 0 ? null : round1(((b - a) / a) * 100));
