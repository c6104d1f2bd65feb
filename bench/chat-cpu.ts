// CPU use during a phase, in percent of one core: the server process, PostgreSQL's processes, this
// load generator, and everything else on the machine (other work running at the same time).
import fs from 'node:fs';
import os from 'node:os';

const TICKS = 100;

function processTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function postgresTicks(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += processTicks(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

function machineTicks(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = cpu[3] + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

export type CpuUse = { server: number; postgres: number; bench: number; other: number; machine: number };

/** server, postgres, bench, other: percent of one core; machine: percent of all cores busy. */
export function cpuSampler(pid: number) {
  let s0 = 0;
  let p0 = 0;
  let b0 = 0;
  let m0 = { busy: 0, total: 0 };
  let t0 = 0;
  return {
    start() {
      s0 = processTicks(pid);
      p0 = postgresTicks();
      b0 = processTicks(process.pid);
      m0 = machineTicks();
      t0 = performance.now();
    },
    stop(): CpuUse {
      const seconds = (performance.now() - t0) / 1000;
      const pct = (ticks: number) => Math.round((ticks / TICKS / seconds) * 100);
      const m1 = machineTicks();
      const server = processTicks(pid) - s0;
      const postgres = postgresTicks() - p0;
      const bench = processTicks(process.pid) - b0;
      // /proc/stat counts in USER_HZ too, summed over all cores.
      const busy = m1.busy - m0.busy;
      return {
        server: pct(server),
        postgres: pct(postgres),
        bench: pct(bench),
        other: Math.max(0, pct(busy - server - postgres - bench)),
        machine: Math.round((busy / Math.max(1, m1.total - m0.total)) * 100),
      };
    },
  };
}

export const cores = os.cpus().length;
