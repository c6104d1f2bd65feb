import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { EmbeddedPool } from './embedded-pool.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import type { Schema } from './schema.ts';

// Same value shapes from both drivers: counts as numbers, DATE as 'YYYY-MM-DD', NUMERIC as strings.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

export type DatabaseKind = 'embedded' | 'postgres';
export type Db = Kysely<Schema>;

export type Database = {
  kind: DatabaseKind;
  db: Db;
  /** Where the embedded store keeps its files; undefined on PostgreSQL or in memory. */
  dataDir?: string;
  ping(): Promise<void>;
  /** VACUUM ANALYZE on the embedded store (it has no autovacuum), ANALYZE on PostgreSQL; the scheduler calls it. */
  maintain(): Promise<void>;
  dumpEmbedded(): Promise<Uint8Array>;
  close(): Promise<void>;
};

export type OpenOptions =
  | { url: string; poolSize?: number; applicationName?: string }
  | { dataDir: string; loadDataDir?: Uint8Array }
  | { memory: true; loadDataDir?: Uint8Array };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if ('url' in opts) return openPostgres(opts.url, opts.poolSize ?? 10, opts.applicationName);
  let lock: DataDirLock | undefined;
  let dataDir: string | undefined;
  if ('dataDir' in opts) {
    dataDir = path.resolve(opts.dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }
  const pool = new EmbeddedPool({ dataDir: dataDir ? path.join(dataDir, 'pg') : undefined, loadDataDir: opts.loadDataDir });
  try {
    await pool.ready;
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  return {
    kind: 'embedded',
    db,
    dataDir,
    ping: async () => { await pool.query('select 1'); },
    maintain: async () => { await pool.query('VACUUM ANALYZE'); },
    dumpEmbedded: () => pool.dump(),
    close: async () => {
      // Kysely only ends a pool it has used; the worker must end even if no query ever ran.
      await db.destroy();
      await pool.end();
      lock?.release();
    },
  };
}

async function openPostgres(url: string, poolSize: number, applicationName = 'shopdesk'): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: applicationName, connectionTimeoutMillis: 5000 });
  // A client that loses its server (restart, crash, network) must not crash the process: the pool
  // listens on idle clients, but a client checked out between two queries (inside a transaction)
  // has no listener of the pool's, so each client gets its own. Its next query fails (a 503 for a
  // request) and the pool drops it when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    ping: async () => { await sql`select 1`.execute(db); },
    // Keeps planner statistics fresh where autovacuum is off or lags behind bulk imports.
    maintain: async () => { await sql`ANALYZE`.execute(db); },
    dumpEmbedded: () => Promise.reject(new Error('dumpEmbedded is for the embedded store; use pg_dump on PostgreSQL')),
    close: () => db.destroy(),
  };
}
