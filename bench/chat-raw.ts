// The machine's raw limit for the chat benchmark: message-shaped rows (the columns of `messages`)
// inserted into a bare table with no index, no constraint and no trigger, in the same database.
import crypto from 'node:crypto';
import pg from 'pg';

const COLUMNS = ['account_id', 'conversation_id', 'sender_type', 'sender_id', 'sender_name', 'kind', 'body', 'client_id', 'attachments', 'meta', 'source_id', 'created_at'];

function row(n: number): unknown[] {
  return ['acc_bench', `cnv_${n % 1000}`, 'customer', `cus_${n % 1000}`, '访客', 'text', '请问这款玻尿酸面霜适合敏感肌吗？', `raw-${crypto.randomUUID()}`, '[]', '{}', null, new Date()];
}

function statement(rows: number): string {
  const w = COLUMNS.length;
  const values = Array.from({ length: rows }, (_, r) => `(${Array.from({ length: w }, (_, c) => `$${r * w + c + 1}`).join(',')})`).join(',');
  return `insert into raw_messages (${COLUMNS.join(',')}) values ${values}`;
}

async function run(url: string, connections: number, rowsPerCommit: number, seconds: number): Promise<number> {
  const text = statement(rowsPerCommit);
  let rows = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      let n = 0;
      while (performance.now() < until) {
        const params: unknown[] = [];
        for (let r = 0; r < rowsPerCommit; r++) params.push(...row(n++));
        await client.query(text, params);
        rows += rowsPerCommit;
      }
    } finally {
      await client.end();
    }
  }));
  return rows / ((performance.now() - started) / 1000);
}

/** Rows a second: batched (`batchRows` a commit, 2 connections) and single-row commits (16 connections). */
export async function measureRawInserts(url: string, opts: { seconds: number; batchRows: number }) {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`create table raw_messages (
    id bigserial, account_id text, conversation_id text, sender_type text, sender_id text, sender_name text, kind text,
    body text, client_id text, attachments jsonb, meta jsonb, source_id text, created_at timestamptz)`);
  try {
    await setup.query('checkpoint');
  } catch {
    // not a superuser: the figure is a little noisier
  }
  const batched = await run(url, 2, opts.batchRows, opts.seconds);
  const single = await run(url, 16, 1, opts.seconds);
  await setup.query('drop table raw_messages');
  await setup.end();
  return { batched_per_s: Math.round(batched), single_per_s: Math.round(single) };
}
