// CPU use during a phase: the server process's own, and the whole machine's (to see other work on it).
import fs from 'node:fs';
import os from 'node:os';

const TICKS = 100;

function processTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function machineTicks(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = cpu[3] + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

/** server: percent of one core; machine: percent of all cores. */
export function cpuSampler(pid: number) {
  let p0 = 0;
  let m0 = { busy: 0, total: 0 };
  let t0 = 0;
  return {
    start() {
      p0 = processTicks(pid);
      m0 = machineTicks();
      t0 = performance.now();
    },
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const m1 = machineTicks();
      return {
        server: Math.round(((processTicks(pid) - p0) / TICKS / seconds) * 100),
        machine: Math.round(((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100),
        cores: os.cpus().length,
      };
    },
  };
}
