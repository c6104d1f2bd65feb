// The raw limit for the soak: a plain PostgreSQL round trip of the shape a chat message costs at
// its simplest, `INSERT … RETURNING id` of a message-shaped row into a bare table (a primary key,
// nothing else) and `SELECT` of it back, paced at a fixed rate (open loop: a slow answer does not
// delay the next start). Used twice: a light probe beside the load all through the soak (what
// the machine gives anyone at that moment: other sessions' work shows in it), and the headline
// figure, at the soak's own rate, with the server stopped.
import pg from 'pg';
import { admin } from './bench-db.ts';
import { pace } from './soak-clients.ts';

const BODY = '请问这款玻尿酸面霜适合敏感肌吗？我昨天下的单，什么时候能发货？';

export async function createRawTable(url: string): Promise<void> {
  await admin('create table if not exists soak_raw (id bigserial primary key, account_id text not null, conversation_id text not null, sender_type text not null, body text not null, created_at timestamptz not null default now())', url);
}

export async function dropRawTable(url: string): Promise<void> {
  await admin('drop table if exists soak_raw', url);
}

async function roundTrip(pool: pg.Pool, n: number): Promise<void> {
  const { rows } = await pool.query<{ id: string }>('insert into soak_raw (account_id, conversation_id, sender_type, body) values ($1, $2, $3, $4) returning id', ['acc_soak', `cnv_${n % 997}`, 'customer', BODY]);
  await pool.query('select id, conversation_id, body, created_at from soak_raw where id = $1', [rows[0].id]);
}

/** Runs round trips at `ratePerS` until stop(); each latency (ms) goes to onSample, failures to onError. */
export function pacedRaw(url: string, ratePerS: number, connections: number, onSample: (ms: number) => void, onError: (err: unknown) => void) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  pool.on('error', onError);
  // Open loop, nothing skipped: every due round trip starts on time.
  const run = pace(
    ratePerS,
    Infinity,
    async (n) => {
      const t = performance.now();
      await roundTrip(pool, n).then(() => onSample(performance.now() - t), onError);
    },
    () => {},
    5,
  );
  return {
    async stop(): Promise<void> {
      await run.stop(3_600_000);
      await pool.end();
    },
  };
}

/** The headline raw figure: `seconds` of round trips at `ratePerS`; latencies in ms. */
export async function measureRaw(url: string, ratePerS: number, seconds: number, connections = 4): Promise<{ samples: number[]; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  const run = pacedRaw(url, ratePerS, connections, (ms) => samples.push(ms), () => errors++);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await run.stop();
  return { samples, errors };
}
