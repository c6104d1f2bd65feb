import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export type Migration = { version: number; name: string; file: string; sql: string; checksum: string };

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const version = Number(file.slice(0, 4));
    if (seen.has(version)) throw new Error(`two migrations share version ${version}`);
    seen.add(version);
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    return {
      version,
      name: file.slice(5, -4),
      file,
      sql: text,
      checksum: crypto.createHash('sha256').update(text).digest('hex'),
    };
  });
}

export type MigrateResult = { applied: string[]; current: number };

// Any fixed number: every node that starts at once waits on the same lock, so one applies and the rest see it done.
const MIGRATION_LOCK = 727_001;

/** Applies the pending migrations in order, each in its own transaction, under an advisory lock. */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<MigrateResult> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      const done = await sql<{ version: number; name: string; checksum: string }>`select version, name, checksum from schema_migrations order by version`.execute(conn);
      const byVersion = new Map(done.rows.map((r) => [r.version, r]));
      for (const row of done.rows) {
        const m = migrations.find((x) => x.version === row.version);
        if (m && m.checksum !== row.checksum) {
          throw new Error(`migration ${m.file} was changed after it was applied; add a new migration instead`);
        }
      }
      const applied: string[] = [];
      for (const m of migrations) {
        if (byVersion.has(m.version)) continue;
        await sql.raw('BEGIN').execute(conn);
        try {
          await sql.raw(m.sql).execute(conn);
          await sql`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`.execute(conn);
          await sql.raw('COMMIT').execute(conn);
        } catch (err) {
          await sql.raw('ROLLBACK').execute(conn);
          throw new Error(`migration ${m.file} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.file);
      }
      const current = migrations.length ? Math.max(...migrations.map((m) => m.version), ...done.rows.map((r) => r.version)) : 0;
      return { applied, current };
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
