// A text progress bar for long CLI jobs: bar, percentage, rows per second and time left, redrawn in
// place on a terminal and printed every tenth otherwise (so logs of a CI run stay readable).

export type ProgressBar = {
  update(done: number, total: number): void;
  finish(): void;
};

const WIDTH = 28;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** One line of progress: "[█████░░░]  42.0%  420,000/1,000,000 rows  35,000 rows/s  ETA 0:16". */
export function renderProgress(done: number, total: number, elapsedMs: number, unit = 'rows'): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  const tail = done >= total ? `in ${formatDuration(elapsedMs / 1000)}` : `ETA ${formatDuration(eta)}`;
  return `[${bar}] ${(share * 100).toFixed(1).padStart(5)}%  ${count(done)}/${count(total)} ${unit}  ${count(rate)} ${unit}/s  ${tail}`;
}

export function createProgressBar(opts: { stream?: NodeJS.WriteStream; label?: string; unit?: string; now?: () => number } = {}): ProgressBar {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? (() => performance.now());
  const label = opts.label ? `${opts.label} ` : '';
  const tty = Boolean(stream.isTTY);
  const started = now();
  let lastDraw = -Infinity;
  let lastTenth = -1;
  let last = { done: 0, total: 0 };

  const draw = (final: boolean) => {
    const line = label + renderProgress(last.done, last.total, now() - started, opts.unit);
    if (tty) {
      stream.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    } else {
      stream.write(`${line}\n`);
    }
  };

  return {
    update(done, total) {
      last = { done, total };
      const t = now();
      if (tty) {
        if (t - lastDraw < 100 && done < total) return;
        lastDraw = t;
        draw(false);
        return;
      }
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth > lastTenth && done < total) {
        lastTenth = tenth;
        draw(false);
      }
    },
    finish() {
      draw(true);
    },
  };
}
