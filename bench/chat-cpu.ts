// CPU use during a phase, in percent of one core: the server process, PostgreSQL (the backends of
// the bench's database and the server's own processes: WAL writer, checkpointer …), this load
// generator, and everything else on the machine (other work running at the same time, including
// other databases' backends).
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

/** Ticks of each PostgreSQL process that serves the bench: its database's backends, and the processes of no database. */
function postgresTicks(database: string | undefined): Map<number, number> {
  const out = new Map<number, number>();
  if (!database) return out;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      // A backend's title is "postgres: <cluster>: <user> <database> <client> <state>".
      const backend = /^postgres: [^:]+: \S+ (\S+) (?:\[local\]|\S+\(\d+\))/.exec(title);
      if (backend && backend[1] !== database) continue;
      out.set(Number(entry), processTicks(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Ticks used between two readings: processes that started meanwhile count whole, those that ended are lost. */
function delta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0);
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
export function cpuSampler(pid: number, database?: string) {
  let s0 = 0;
  let p0 = new Map<number, number>();
  let b0 = 0;
  let m0 = { busy: 0, total: 0 };
  let t0 = 0;
  return {
    start() {
      s0 = processTicks(pid);
      p0 = postgresTicks(database);
      b0 = processTicks(process.pid);
      m0 = machineTicks();
      t0 = performance.now();
    },
    stop(): CpuUse {
      const seconds = (performance.now() - t0) / 1000;
      const pct = (ticks: number) => Math.round((ticks / TICKS / seconds) * 100);
      const m1 = machineTicks();
      const server = processTicks(pid) - s0;
      const postgres = delta(p0, postgresTicks(database));
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
