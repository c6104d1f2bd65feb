// The CRM benchmark's data: a demo shop of N customers and M orders, generated once through the
// demo seeder into a kept store and reused while its marker says the same scale and seed.
// Each run works on a copy (PostgreSQL: CREATE DATABASE … TEMPLATE; embedded: a copied data
// directory), so the kept shop stays as generated and every run starts from the same data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { openDatabase, type Database } from '../src/server/db/database.ts';
import { loadMigrations, migrate } from '../src/server/db/migrator.ts';
import { createProgressBar } from '../src/server/demo/progress-bar.ts';
import { seedDemoShop } from '../src/server/demo/seed.service.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { systemActor, type Ctx } from '../src/server/platform/context.ts';
import { newId } from '../src/server/platform/ids.ts';
import { admin, databaseUrl, serverUrl } from './bench-db.ts';

export { admin, databaseUrl, serverUrl };

export type Store = 'pg' | 'embedded';
export type Scale = { customers: number; orders: number; seed: number };
export type Workspace = { database: Database; ctx: Ctx; accountId: string; label: string; drop(): Promise<void> };

const KEPT_PG = process.env.BENCH_KEPT_DB ?? 'shopdesk_bench_crm';
const RUN_PG = `${KEPT_PG}_run`;
/** The history's end is fixed, so the same seed gives the same shop whenever it is generated. */
export const DEMO_NOW = new Date('2026-12-01T00:00:00Z');

/**
 * Applies the migrations added since the shop was generated. One that changed after it was
 * applied (a migration still being written in another branch of work) is left as applied, with
 * a warning: regenerating ten million orders for it would take longer than the run.
 */
async function migrateKept(database: Database): Promise<string[]> {
  const applied = await sql<{ version: number; checksum: string }>`select version, checksum from schema_migrations`.execute(database.db);
  const byVersion = new Map(applied.rows.map((r) => [r.version, r.checksum]));
  const all = loadMigrations();
  const changed = all.filter((m) => byVersion.has(m.version) && byVersion.get(m.version) !== m.checksum);
  for (const m of changed) console.error(`crm: warning: ${m.file} changed since the kept shop was generated; its applied version stays`);
  return (await migrate(database.db, all.filter((m) => !changed.includes(m)))).applied;
}

const markerText = (s: Scale) => JSON.stringify({ customers: s.customers, orders: s.orders, seed: s.seed, now: DEMO_NOW.toISOString() });

function ctxOf(database: Database, accountId: string): Ctx {
  return { accountId, actor: systemActor('bench'), db: database.db, clock: systemClock, log: pino({ level: 'silent' }), locale: 'zh-CN' };
}

async function generate(database: Database, scale: Scale): Promise<string> {
  await migrate(database.db);
  const accountId = newId('acc');
  await database.db.insertInto('accounts').values({ id: accountId, name: '花漾美妆（CRM 基准测试）', settings: '{}' }).execute();
  const ctx = ctxOf(database, accountId);
  const bar = createProgressBar({ unit: 'records' });
  const result = await seedDemoShop(ctx, { seed: scale.seed, customers: scale.customers, orders: scale.orders, now: DEMO_NOW, onProgress: (d, t) => bar.update(d, t) });
  bar.finish();
  console.error(`generated: ${result.customers} customers, ${result.identities} identities, ${result.orders} orders, ${result.items} items in ${result.seconds.toFixed(1)} s (${Math.round(result.orders / result.seconds)} orders/s)`);
  await sql`create table bench_marker (marker text not null, account_id text not null)`.execute(database.db);
  await sql`insert into bench_marker values (${markerText(scale)}, ${accountId})`.execute(database.db);
  return accountId;
}

async function keptPgMatches(scale: Scale): Promise<boolean> {
  const exists = await admin(`select 1 from pg_database where datname = '${KEPT_PG}'`);
  if (exists.rowCount === 0) return false;
  try {
    const r = await admin('select marker from bench_marker', databaseUrl(KEPT_PG));
    return r.rows[0]?.marker === markerText(scale);
  } catch {
    return false;
  }
}

async function preparePg(scale: Scale): Promise<Workspace> {
  if (!(await keptPgMatches(scale))) {
    await admin(`drop database if exists ${KEPT_PG} with (force)`);
    await admin(`create database ${KEPT_PG}`);
    console.error(`crm: generating ${scale.customers.toLocaleString('en-US')} customers, ${scale.orders.toLocaleString('en-US')} orders (seed ${scale.seed}) into ${KEPT_PG} (kept for later runs)`);
    const kept = await openDatabase({ url: databaseUrl(KEPT_PG), poolSize: 4, applicationName: 'shopdesk-bench' });
    try {
      await generate(kept, scale);
    } finally {
      await kept.close();
    }
  } else {
    console.error(`crm: reusing ${KEPT_PG} (${scale.customers.toLocaleString('en-US')} customers, ${scale.orders.toLocaleString('en-US')} orders, seed ${scale.seed})`);
  }
  // Migrations added since the shop was generated are applied to the kept copy (once), not per run.
  const kept = await openDatabase({ url: databaseUrl(KEPT_PG), poolSize: 1, applicationName: 'shopdesk-bench' });
  try {
    const applied = await migrateKept(kept);
    if (applied.length) console.error(`crm: applied to the kept shop: ${applied.join(', ')}`);
    await sql`vacuum analyze`.execute(kept.db);
  } finally {
    await kept.close();
  }
  const started = performance.now();
  await admin(`drop database if exists ${RUN_PG} with (force)`);
  await admin(`create database ${RUN_PG} template ${KEPT_PG} strategy file_copy`);
  console.error(`crm: working copy ${RUN_PG} made in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const database = await openDatabase({ url: databaseUrl(RUN_PG), poolSize: 8, applicationName: 'shopdesk-bench' });
  const accountId = (await sql<{ account_id: string }>`select account_id from bench_marker`.execute(database.db)).rows[0].account_id;
  return {
    database,
    accountId,
    ctx: ctxOf(database, accountId),
    label: `PostgreSQL ${RUN_PG} (copy of ${KEPT_PG})`,
    drop: async () => {
      await database.close();
      await admin(`drop database if exists ${RUN_PG} with (force)`);
    },
  };
}

async function prepareEmbedded(scale: Scale): Promise<Workspace> {
  const root = process.env.BENCH_DATA_DIR ?? path.join(os.tmpdir(), 'shopdesk-bench-crm');
  const keptDir = path.join(root, 'kept');
  const runDir = path.join(root, 'run');
  const markerFile = path.join(root, 'marker.json');
  const marker = fs.existsSync(markerFile) ? fs.readFileSync(markerFile, 'utf8') : '';
  if (marker !== markerText(scale)) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    console.error(`crm: generating ${scale.customers.toLocaleString('en-US')} customers, ${scale.orders.toLocaleString('en-US')} orders (seed ${scale.seed}) into ${keptDir} (kept for later runs)`);
    const kept = await openDatabase({ dataDir: keptDir });
    try {
      await generate(kept, scale);
      await kept.maintain();
    } finally {
      await kept.close();
    }
    fs.writeFileSync(markerFile, markerText(scale));
  } else {
    console.error(`crm: reusing ${keptDir}`);
  }
  const kept = await openDatabase({ dataDir: keptDir });
  try {
    const applied = await migrateKept(kept);
    if (applied.length) {
      console.error(`crm: applied to the kept shop: ${applied.join(', ')}`);
      await kept.maintain();
    }
  } finally {
    await kept.close();
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.cpSync(keptDir, runDir, { recursive: true });
  fs.rmSync(path.join(runDir, 'shopdesk.lock'), { force: true });
  const database = await openDatabase({ dataDir: runDir });
  const accountId = (await sql<{ account_id: string }>`select account_id from bench_marker`.execute(database.db)).rows[0].account_id;
  return {
    database,
    accountId,
    ctx: ctxOf(database, accountId),
    label: `embedded store ${runDir} (copy of ${keptDir})`,
    drop: async () => {
      await database.close();
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}

export function prepareWorkspace(store: Store, scale: Scale): Promise<Workspace> {
  return store === 'pg' ? preparePg(scale) : prepareEmbedded(scale);
}
