// A PostgreSQL and a Redis of the test's own, on free loopback ports, that the test may stop and
// start again without touching the servers other tests use at the same time.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../nodes.ts';
import { sleep } from './kit.ts';

function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

/** Why a private PostgreSQL cannot run here, or null when it can. */
export function privatePostgresMissing(): string | null {
  return postgresBin() ? null : 'needs PostgreSQL server binaries (/usr/lib/postgresql/*/bin)';
}

/** Commands run as the postgres user when this process is root (initdb refuses root). */
function asServerUser(bin: string, args: string[]): { cmd: string; args: string[] } {
  return process.getuid?.() === 0 ? { cmd: 'runuser', args: ['-u', 'postgres', '--', bin, ...args] } : { cmd: bin, args };
}

export type PrivatePostgres = { url: string; port: number; stop(mode?: 'immediate' | 'fast'): void; start(): Promise<void>; destroy(): void };

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const run = (tool: string, args: string[]) => {
    const c = asServerUser(path.join(bin, tool), args);
    execFileSync(c.cmd, c.args, { stdio: 'pipe' });
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB`;
  const pgStart = async () => {
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']);
    for (let i = 0; i < 100; i++) {
      const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      try {
        await c.connect();
        await c.end();
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`private PostgreSQL did not come up:\n${fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000)}`);
  };
  await pgStart();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    // immediate: the server's processes end at once, as in a crash; what was committed must survive it.
    stop: (mode = 'immediate') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    start: pgStart,
    destroy: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PrivateRedis = { url: string; stop(): Promise<void>; start(): Promise<void>; destroy(): Promise<void> };

export function privateRedisMissing(): string | null {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'needs redis-server';
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
        return;
      } catch {
        await sleep(50);
      }
    }
    throw new Error('private Redis did not come up');
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop, destroy: stop };
}
