import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { ArchiveError, readArchive, writeArchive, type ArchiveEntry } from './backup-archive.ts';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';
import { openDatabase, type Db } from './database.ts';
import { loadMigrations, migrate } from './migrator.ts';
import { SECRET_KEY_FILE } from '../platform/secrets.ts';

/**
 * A backup of the embedded store is one tar file: a manifest, PGlite's own dump of its data
 * directory, and the data directory's secret key, without which the sealed secrets in the
 * database (SMTP passwords) could not be opened after a restore.
 */

export const BACKUP_FORMAT = 'shopdesk-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST_ENTRY = 'shopdesk-backup.json';
const DATABASE_ENTRY = 'pgdata.tar.gz';

export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  store: 'embedded';
  /** The highest migration applied in the backed-up database. */
  schemaVersion: number;
  postgresVersion: string;
  files: Array<{ name: string; bytes: number; sha256: string }>;
};

export type Backup = { manifest: BackupManifest; database: Buffer; secretKey: Buffer | null };

/** A backup or restore that cannot go on, with a message for the person at the command line. */
export class BackupError extends Error {}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** 2026-12-03T13:15:00.123Z → 20261203T131500Z: file names sort by it. */
export function compactStamp(at: Date): string {
  return at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

export async function schemaVersionOf(db: Db): Promise<number> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('public.schema_migrations') is not null as present`.execute(db);
  if (!rows[0].present) return 0;
  const max = await sql<{ v: number | null }>`select max(version) as v from schema_migrations`.execute(db);
  return Number(max.rows[0].v ?? 0);
}

function hasEmbeddedDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'));
}

function lockedMessage(err: DataDirLockedError, doing: string): string {
  return `The data directory ${err.dataDir} is in use by a running ShopDesk (pid ${err.pid}). The embedded database can only be ${doing} while ShopDesk is stopped: stop it (SIGTERM or Ctrl-C, and wait for it to exit), run this command again, then start ShopDesk.`;
}

/**
 * Reads the embedded store of `dataDir` into a backup. The data directory is locked while it is
 * read, so no server can write in between: the copy is consistent.
 */
export async function createBackup(opts: { dataDir: string; now: Date }): Promise<Backup> {
  const dataDir = path.resolve(opts.dataDir);
  if (!hasEmbeddedDatabase(dataDir)) throw new BackupError(`There is no embedded database in ${dataDir} (SHOPDESK_DATA_DIR): nothing to back up.`);
  let database;
  try {
    database = await openDatabase({ dataDir });
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new BackupError(lockedMessage(err, 'backed up'));
    throw err;
  }
  try {
    const schemaVersion = await schemaVersionOf(database.db);
    const { rows } = await sql<{ server_version: string }>`show server_version`.execute(database.db);
    const dump = Buffer.from(await database.dumpEmbedded());
    const secretKey = readIfExists(path.join(dataDir, SECRET_KEY_FILE));
    const payload: ArchiveEntry[] = [{ name: DATABASE_ENTRY, data: dump, mode: 0o600, mtime: opts.now }];
    if (secretKey) payload.push({ name: SECRET_KEY_FILE, data: secretKey, mode: 0o600, mtime: opts.now });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: opts.now.toISOString(),
      store: 'embedded',
      schemaVersion,
      postgresVersion: rows[0].server_version,
      files: payload.map((e) => ({ name: e.name, bytes: e.data.length, sha256: sha256(e.data) })),
    };
    return { manifest, database: dump, secretKey };
  } finally {
    await database.close();
  }
}

function readIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function encodeBackup(backup: Backup): Buffer {
  const mtime = new Date(backup.manifest.createdAt);
  const entries: ArchiveEntry[] = [{ name: MANIFEST_ENTRY, data: Buffer.from(`${JSON.stringify(backup.manifest, null, 2)}\n`), mode: 0o600, mtime }];
  entries.push({ name: DATABASE_ENTRY, data: backup.database, mode: 0o600, mtime });
  if (backup.secretKey) entries.push({ name: SECRET_KEY_FILE, data: backup.secretKey, mode: 0o600, mtime });
  return writeArchive(entries);
}

/**
 * Writes the backup readable by its owner only (it holds the secret key), under a temporary name
 * first, so a file with the final name is always complete. An existing file is never replaced.
 */
export function writeBackupFile(file: string, data: Buffer): void {
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists: choose another --out, or move that file away first.`);
  const draft = `${file}.partial-${process.pid}`;
  try {
    const fd = fs.openSync(draft, 'wx', 0o600);
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(draft, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new BackupError(`${file} already exists: choose another --out, or move that file away first.`);
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EROFS') throw new BackupError(`Cannot write ${file}: ${(err as Error).message}`);
    throw err;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** Reads and checks a backup file: every part present and matching the checksum the manifest gives it. */
export function readBackupFile(file: string): Backup {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupError(`${file} does not exist.`);
    if (code === 'EISDIR') throw new BackupError(`${file} is a directory, not a backup file.`);
    throw new BackupError(`Cannot read ${file}: ${(err as Error).message}`);
  }
  const notABackup = (why: string) => new BackupError(`${file} is not a ShopDesk backup (${why}). A backup is the file \`shopdesk backup\` writes.`);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) throw notABackup('it is a gzip file; a copy of a data directory made with tar is restored by stopping ShopDesk and unpacking it in place of the data directory');
  let entries: ArchiveEntry[];
  try {
    entries = readArchive(raw);
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    // Our manifest comes first: a file that starts with it is a backup cut short or damaged.
    if (raw.subarray(0, MANIFEST_ENTRY.length + 1).equals(Buffer.from(`${MANIFEST_ENTRY}\0`))) throw new BackupError(`${file} is damaged or incomplete: ${err.message}.`);
    throw notABackup(err.message);
    throw err;
  }
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  const manifestData = byName.get(MANIFEST_ENTRY);
  if (!manifestData) throw notABackup(`it holds no ${MANIFEST_ENTRY}`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(manifestData.toString('utf8'));
  } catch {
    throw notABackup(`its ${MANIFEST_ENTRY} is damaged`);
  }
  if (manifest?.format !== BACKUP_FORMAT || !Number.isInteger(manifest.formatVersion) || !Array.isArray(manifest.files) || !Number.isInteger(manifest.schemaVersion)) {
    throw notABackup(`its ${MANIFEST_ENTRY} is not a backup manifest`);
  }
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) throw new BackupError(`${file} was written by a newer ShopDesk (backup format ${manifest.formatVersion}; this version reads format ${BACKUP_FORMAT_VERSION}): upgrade ShopDesk first.`);
  for (const expected of manifest.files) {
    const data = byName.get(expected.name);
    if (!data) throw new BackupError(`${file} is damaged: ${expected.name} is missing from it.`);
    if (data.length !== expected.bytes || sha256(data) !== expected.sha256) throw new BackupError(`${file} is damaged: ${expected.name} does not match its checksum.`);
  }
  const database = byName.get(DATABASE_ENTRY);
  if (!database || !manifest.files.some((f) => f.name === DATABASE_ENTRY)) throw notABackup(`it holds no ${DATABASE_ENTRY}`);
  const listed = (name: string) => (manifest.files.some((f) => f.name === name) ? byName.get(name) ?? null : null);
  return { manifest, database, secretKey: listed(SECRET_KEY_FILE) };
}

export type RestoreResult = {
  dataDir: string;
  manifest: BackupManifest;
  /** Where the data that was in the data directory went (with --force). */
  keptAside: string | null;
  applied: string[];
  schemaVersion: number;
  secretKeyRestored: boolean;
};

/** Entries of a directory that count as data: a file system's own lost+found does not. */
function contentsOf(dir: string): string[] | null {
  try {
    return fs.readdirSync(dir).filter((name) => name !== 'lost+found');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw new BackupError(`${dir} (SHOPDESK_DATA_DIR) is a file, not a directory.`);
    throw err;
  }
}

/** Fails when a running ShopDesk holds the data directory; leaves no lock behind. */
function assertNotInUse(dataDir: string, doing: string): void {
  try {
    acquireDataDirLock(dataDir).release();
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new BackupError(lockedMessage(err, doing));
    throw err;
  }
}

/**
 * Restores a backup file into `dataDir`. The database is unpacked and migrated in a directory of
 * its own first (the data directory itself when it is empty), so a backup that fails to open
 * leaves the data directory as it was. Data already there is kept aside, never deleted, and only
 * with `force`.
 */
export async function restoreBackup(opts: { file: string; dataDir: string; force: boolean; now: Date }): Promise<RestoreResult> {
  const dataDir = path.resolve(opts.dataDir);
  const backup = readBackupFile(opts.file);
  const migrations = loadMigrations();
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (backup.manifest.schemaVersion > known) {
    throw new BackupError(`${opts.file} was made by a newer ShopDesk (schema version ${backup.manifest.schemaVersion}; this version knows up to ${known}): upgrade ShopDesk, then restore.`);
  }

  const existing = contentsOf(dataDir);
  const holdsData = existing !== null && existing.length > 0;
  if (existing !== null) assertNotInUse(dataDir, 'restored');
  const stamp = compactStamp(opts.now);
  const aside = `${dataDir}.before-restore-${stamp}`;
  if (holdsData && !opts.force) {
    throw new BackupError(`${dataDir} (SHOPDESK_DATA_DIR) already holds data (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}). Restore into an empty or new directory, or add --force to move the current data aside to ${aside} and restore in its place.`);
  }
  if (holdsData && fs.existsSync(aside)) throw new BackupError(`${aside} already exists: wait a second and run the restore again.`);

  const staging = holdsData ? `${dataDir}.restoring-${stamp}` : dataDir;
  if (holdsData && fs.existsSync(staging)) throw new BackupError(`${staging} already exists: an earlier restore was interrupted; remove it, then run the restore again.`);
  const madeDir = existing === null || holdsData;
  let result: { applied: string[]; schemaVersion: number };
  try {
    result = await unpackInto(staging, backup, migrations);
  } catch (err) {
    // Leave things as they were: remove what this restore made, and nothing else.
    if (madeDir) fs.rmSync(staging, { recursive: true, force: true });
    else for (const name of contentsOf(staging) ?? []) fs.rmSync(path.join(staging, name), { recursive: true, force: true });
    if (err instanceof DataDirLockedError) throw new BackupError(lockedMessage(err, 'restored'));
    throw new BackupError(`The database in ${opts.file} could not be restored: ${(err as Error).message}`);
  }

  if (holdsData) {
    try {
      assertNotInUse(dataDir, 'restored');
      fs.renameSync(dataDir, aside);
    } catch (err) {
      fs.rmSync(staging, { recursive: true, force: true });
      if (err instanceof BackupError) throw err;
      throw new BackupError(`Could not move ${dataDir} aside to ${aside} (${(err as Error).message}). If the data directory is a mount point, empty it yourself (keep a copy), then restore without --force.`);
    }
    try {
      fs.renameSync(staging, dataDir);
    } catch (err) {
      fs.renameSync(aside, dataDir);
      fs.rmSync(staging, { recursive: true, force: true });
      throw new BackupError(`Could not put the restored data in place of ${dataDir} (${(err as Error).message}); the data directory was left as it was.`);
    }
  }
  return { dataDir, manifest: backup.manifest, keptAside: holdsData ? aside : null, ...result, secretKeyRestored: backup.secretKey !== null };
}

async function unpackInto(dir: string, backup: Backup, migrations: ReturnType<typeof loadMigrations>) {
  const database = await openDatabase({ dataDir: dir, loadDataDir: backup.database });
  try {
    const { applied } = await migrate(database.db, migrations);
    const schemaVersion = await schemaVersionOf(database.db);
    if (backup.secretKey) fs.writeFileSync(path.join(dir, SECRET_KEY_FILE), backup.secretKey, { mode: 0o600, flag: 'wx' });
    return { applied, schemaVersion };
  } finally {
    await database.close();
  }
}
