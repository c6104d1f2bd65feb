import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../platform/config.ts';
import { SECRET_KEY_FILE } from '../platform/secrets.ts';
import { BackupError, compactStamp, createBackup, encodeBackup, restoreBackup, writeBackupFile } from './backup.ts';

export const BACKUP_USAGE = `Usage: shopdesk backup [--out FILE]

Writes a backup of the embedded database (SHOPDESK_DATA_DIR) to one file, with the data
directory's secret key (secret.key), which the sealed SMTP passwords need: keep the file safe.
ShopDesk must be stopped while it runs.

Options:
  --out FILE   where to write it (default: shopdesk-backup-<UTC time>.tar in the current
               directory; a directory: that name in it). An existing file is never replaced.
  --help       show this text

On PostgreSQL (DATABASE_URL) use pg_dump instead; this command prints how.`;

export const RESTORE_USAGE = `Usage: shopdesk restore FILE [--force]

Restores a file written by \`shopdesk backup\` into the embedded database's data directory
(SHOPDESK_DATA_DIR), then applies the migrations the backup lacks. ShopDesk must be stopped.

Options:
  --force   the data directory already holds data: move it aside to
            <data dir>.before-restore-<UTC time> (nothing is deleted) and restore in its place
  --help    show this text

On PostgreSQL (DATABASE_URL) use pg_restore instead; this command prints how.`;

class UsageError extends Error {}

/** parseArgs's own complaint (an unknown option …) with the usage, as a usage error. */
function parsed<T>(command: string, usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`shopdesk ${command}: ${(err as Error).message}\n\n${usage}`);
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

function postgresAdvice(config: Config, stamp: string): string {
  const dump = `shopdesk-${stamp}.dump`;
  const keyFile = path.join(config.dataDir, SECRET_KEY_FILE);
  return [
    'ShopDesk is configured for PostgreSQL (DATABASE_URL is set): back it up with PostgreSQL\'s own tools, which work while ShopDesk runs.',
    '',
    '  # back up',
    `  pg_dump --format=custom --dbname="$DATABASE_URL" --file=${dump}`,
    '',
    '  # restore into a new, empty database',
    '  createdb shopdesk_restored',
    `  pg_restore --no-owner --dbname=postgres://USER:PASSWORD@HOST:5432/shopdesk_restored ${dump}`,
    '',
    '  # or over the existing database (stop ShopDesk first)',
    `  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" ${dump}`,
    '',
    config.secretKey
      ? 'Keep the value of SHOPDESK_SECRET_KEY with the dump (apart from it, and as safely): without it the sealed SMTP passwords in the database cannot be opened.'
      : `SHOPDESK_SECRET_KEY is not set, so this node seals secrets with ${keyFile}: keep a copy of that file with the dump (apart from it, and as safely); without it the sealed SMTP passwords in the database cannot be opened.`,
  ].join('\n');
}

async function run(command: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exitCode = 2;
      return;
    }
    // A backup or restore is run by hand: a clear sentence, never a stack trace (unless asked for).
    console.error(`shopdesk ${command}: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof BackupError) && /^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '')) console.error(err);
    process.exitCode = 1;
  }
}

export function backupCommand(args: string[]): Promise<void> {
  return run('backup', async () => {
    const { values, positionals } = parsed('backup', BACKUP_USAGE, () => parseArgs({ args, allowPositionals: true, options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } }));
    if (values.help) return void console.log(BACKUP_USAGE);
    if (positionals.length) throw new UsageError(`shopdesk backup: unexpected argument "${positionals[0]}" (give the file with --out)\n\n${BACKUP_USAGE}`);
    const config = loadConfig();
    const now = new Date();
    const stamp = compactStamp(now);
    if (config.databaseUrl) throw new BackupError(postgresAdvice(config, stamp));

    const defaultName = `shopdesk-backup-${stamp}.tar`;
    let file = path.resolve(values.out ?? defaultName);
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = path.join(file, defaultName);
    // Checked before the database is read, so a wrong --out fails at once.
    if (fs.existsSync(file)) throw new BackupError(`${file} already exists: choose another --out, or move that file away first.`);

    const backup = await createBackup({ dataDir: config.dataDir, now });
    const data = encodeBackup(backup);
    writeBackupFile(file, data);

    const m = backup.manifest;
    const lines = [
      `Backup written to ${file} (${formatBytes(data.length)}).`,
      `  from:        ${config.dataDir} (embedded database, PostgreSQL ${m.postgresVersion})`,
      `  schema:      version ${m.schemaVersion}`,
      `  made at:     ${m.createdAt}`,
    ];
    if (backup.secretKey) {
      lines.push(`  secret key:  included (${SECRET_KEY_FILE}). Anyone holding this file can read the shop's data and open its sealed SMTP passwords: keep it as safe as the server.`);
    } else {
      lines.push(`  secret key:  none in the data directory (nothing sealed with it yet), so none in the backup.`);
    }
    if (config.secretKey) {
      lines.push('  note:        SHOPDESK_SECRET_KEY is set and this server seals with it: keep its value with this backup (it is not in the file).');
    }
    lines.push(`Restore it with: shopdesk restore ${file}`);
    console.log(lines.join('\n'));
  });
}

export function restoreCommand(args: string[]): Promise<void> {
  return run('restore', async () => {
    const { values, positionals } = parsed('restore', RESTORE_USAGE, () => parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
    if (values.help) return void console.log(RESTORE_USAGE);
    if (positionals.length !== 1) throw new UsageError(`shopdesk restore: ${positionals.length ? 'give one backup file' : 'which backup file? Give its path'}\n\n${RESTORE_USAGE}`);
    const config = loadConfig();
    const now = new Date();
    if (config.databaseUrl) throw new BackupError(postgresAdvice(config, compactStamp(now)).replace('back it up with', 'back it up and restore it with'));

    const file = path.resolve(positionals[0]);
    const r = await restoreBackup({ file, dataDir: config.dataDir, force: Boolean(values.force), now });
    const lines = [
      `Restored ${file} into ${r.dataDir}.`,
      `  backup made: ${r.manifest.createdAt}, schema version ${r.manifest.schemaVersion}`,
      r.applied.length
        ? `  migrations:  applied ${r.applied.join(', ')}; schema version ${r.schemaVersion} now`
        : `  migrations:  none needed; schema version ${r.schemaVersion}`,
    ];
    if (r.secretKeyRestored) lines.push(`  secret key:  restored (${SECRET_KEY_FILE})`);
    else if (config.secretKey) lines.push('  secret key:  none in the backup; SHOPDESK_SECRET_KEY is set: it must be the key the backed-up server used');
    else lines.push('  secret key:  none in the backup. If the backed-up server used SHOPDESK_SECRET_KEY, set the same value here; otherwise SMTP passwords must be entered again');
    if (config.secretKey && r.secretKeyRestored) lines.push(`  note:        SHOPDESK_SECRET_KEY is set and is used instead of the restored ${SECRET_KEY_FILE}: it must be the key the backed-up server used`);
    if (r.keptAside) lines.push(`  previous data: moved to ${r.keptAside} (delete it once the restored ShopDesk runs well)`);
    lines.push('Start ShopDesk: shopdesk serve');
    console.log(lines.join('\n'));
  });
}
