// `shopdesk backup` and `shopdesk restore` of the embedded store, run as the operator runs them.
// The embedded store only: TEST_DATABASE_URL is ignored, and every store is a data directory of its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/server/db/database.ts';
import { loadMigrations, migrate } from '../src/server/db/migrator.ts';
import { BackupError, createBackup, encodeBackup, restoreBackup, writeBackupFile } from '../src/server/db/backup.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { systemActor, type Ctx } from '../src/server/platform/context.ts';
import { decodeSecretKey, openWith, secretBoxFor, SECRET_KEY_FILE, useSecretBox } from '../src/server/platform/secrets.ts';
import { seedDemoShop } from '../src/server/demo/seed.service.ts';
import { seedDemoPoints } from '../src/server/demo/seed-points.ts';
import { appendMessage, ensureDefaultInbox, openConversation } from '../src/server/modules/conversations/index.ts';
import { createEmailInbox } from '../src/server/modules/channels/email/email-inboxes.service.ts';
import { makeAccount, makeUser } from './factories.ts';
import { silentLog } from './harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/shopdesk.mjs');
const SMTP_PASSWORD = 'smtp-app-password-店服';

function cli(args: string[], env: Record<string, string>, cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', SHOPDESK_SECRET_KEY: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const noStackTrace = (out: string) => assert.doesNotMatch(out, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace was printed:\n${out}`);

type TableFingerprint = { table: string; rows: number; hash: string };

/** Every table of the public schema: its row count and an order-independent hash of all its rows; and every sequence's position. */
async function fingerprint(dataDir: string): Promise<{ tables: TableFingerprint[]; sequences: unknown[] }> {
  const database = await openDatabase({ dataDir });
  try {
    const names = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(database.db);
    const tables: TableFingerprint[] = [];
    for (const { table_name } of names.rows) {
      const t = sql.table(`public.${table_name}`);
      const { rows } = await sql<{ rows: number; hash: string }>`
        select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as hash from ${t} t`.execute(database.db);
      tables.push({ table: table_name, rows: rows[0].rows, hash: rows[0].hash });
    }
    const sequences = await sql`select sequencename, last_value from pg_sequences where schemaname = 'public' order by sequencename`.execute(database.db);
    return { tables, sequences: sequences.rows };
  } finally {
    await database.close();
  }
}

/** A shop as it is used: the demo catalogue, customers, orders and points, agents, a chat with a file, and an email inbox whose SMTP password is sealed with the data directory's key. */
async function fillShop(dataDir: string): Promise<{ accountId: string; inboxId: string }> {
  const database = await openDatabase({ dataDir });
  try {
    const db = database.db;
    await migrate(db);
    const { accountId } = await makeAccount(db, '东方美妆旗舰店');
    const agent = await makeUser(db, accountId, 'agent');
    const ctx: Ctx = { accountId, actor: systemActor('test'), db, clock: systemClock, log: silentLog, locale: 'zh-CN' };
    await seedDemoShop(ctx, { seed: 7, customers: 25, orders: 50 });
    await seedDemoPoints(ctx);

    useSecretBox(secretBoxFor({ dataDir }));
    const email = await createEmailInbox(ctx, { name: '邮件客服', address: 'kefu@shop.test', smtp: { host: 'smtp.shop.test', port: 465, secure: true, user: 'kefu@shop.test', password: SMTP_PASSWORD } });

    const web = await ensureDefaultInbox(db, accountId);
    const customer = await db.selectFrom('customers').select('id').where('account_id', '=', accountId).orderBy('id').executeTakeFirstOrThrow();
    const now = new Date();
    const { id: conversationId } = await openConversation(db, { accountId, inboxId: web.id, customerId: customer.id, channel: 'web', now });
    const messages: Array<[('customer' | 'agent'), string]> = [
      ['customer', '你好，我上周买的面霜还没发货，订单号能帮我查一下吗？'],
      ['agent', '您好，已经帮您催仓库了，今天下午发出，单号稍后发您 😊'],
      ['customer', 'Thanks! 麻烦了'],
    ];
    for (const [k, [who, body]] of messages.entries()) {
      await appendMessage(db, { accountId, conversationId, senderType: who, senderId: who === 'agent' ? agent.user.id : customer.id, senderName: who === 'agent' ? '小美' : null, body, clientId: `c-${k}`, now: new Date(now.getTime() + k * 1000) });
    }
    // Binary data: every byte value, so a copy that touched the bytes would show.
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
    await sql`insert into attachments (id, account_id, conversation_id, uploader_type, uploader_id, file_name, content_type, byte_size, sha256, data)
      values ('att_backup_test', ${accountId}, ${conversationId}, 'customer', ${customer.id}, '发票.bin', 'application/octet-stream', ${bytes.length}, 'x', ${bytes})`.execute(db);
    return { accountId, inboxId: email.id };
  } finally {
    await database.close();
  }
}

async function makeOldStore(dataDir: string): Promise<void> {
  const database = await openDatabase({ dataDir });
  try {
    const migrations = loadMigrations();
    await migrate(database.db, migrations.slice(0, -1));
    // Plain SQL: the code of today may write columns this older schema does not have yet.
    await sql`insert into accounts (id, name) values ('acc_old_backup', '老店')`.execute(database.db);
  } finally {
    await database.close();
  }
}

describe('shopdesk backup and restore (embedded store)', () => {
  let root: string;
  let shop: string;
  let shopInfo: { accountId: string; inboxId: string };
  let backupFile: string;
  /** A store one migration behind, as an older ShopDesk left it. */
  let old: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-backup-'));
    shop = path.join(root, 'shop');
    old = path.join(root, 'old');
    // Each store runs in a worker thread of its own: both are made at once.
    [shopInfo] = await Promise.all([fillShop(shop), makeOldStore(old)]);
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('a backup restored into a fresh data directory holds exactly the same data, and its secret key opens the sealed SMTP password', { timeout: 120_000 }, async () => {
    assert.ok(fs.existsSync(path.join(shop, SECRET_KEY_FILE)), 'sealing the SMTP password made the key file');
    const made = cli(['backup'], { SHOPDESK_DATA_DIR: shop }, root);
    assert.equal(made.code, 0, made.out);
    const m = /Backup written to (\S+shopdesk-backup-\d{8}T\d{6}Z\.tar) \((\d+(?:\.\d)? [KMG]?B)\)/.exec(made.out);
    assert.ok(m, made.out);
    backupFile = m[1];
    assert.equal(path.dirname(backupFile), fs.realpathSync(root), 'written into the current directory by default');
    assert.match(made.out, new RegExp(`schema:\\s+version ${Math.max(...loadMigrations().map((x) => x.version))}`));
    assert.match(made.out, /secret key:\s+included \(secret\.key\).*keep it as safe/);
    assert.equal(fs.statSync(backupFile).mode & 0o777, 0o600, 'the backup holds the key: its owner only may read it');
    assert.ok(!fs.existsSync(path.join(shop, 'shopdesk.lock')), 'the lock was released');

    const fresh = path.join(root, 'restored');
    const restored = cli(['restore', backupFile], { SHOPDESK_DATA_DIR: fresh });
    assert.equal(restored.code, 0, restored.out);
    assert.match(restored.out, /Restored .* into .*restored\./);
    assert.match(restored.out, /migrations:\s+none needed/);
    assert.match(restored.out, /secret key:\s+restored/);

    const [before, after] = await Promise.all([fingerprint(shop), fingerprint(fresh)]);
    const rowsOf = (name: string) => before.tables.find((t) => t.table === name)?.rows ?? 0;
    for (const name of ['customers', 'orders', 'order_items', 'products', 'inboxes', 'conversations', 'messages', 'attachments', 'users', 'audit_log', 'schema_migrations']) {
      assert.ok(rowsOf(name) > 0, `the shop has ${name} to compare`);
    }
    assert.ok(before.tables.length >= 30, `every table is compared (${before.tables.length})`);
    assert.deepEqual(after.tables.map((t) => t.table), before.tables.map((t) => t.table), 'the same tables');
    for (const [i, t] of before.tables.entries()) assert.deepEqual(after.tables[i], t, `table ${t.table} is the same`);
    assert.deepEqual(after.sequences, before.sequences, 'every sequence continues where it was');

    const key = fs.readFileSync(path.join(fresh, SECRET_KEY_FILE));
    assert.deepEqual(key, fs.readFileSync(path.join(shop, SECRET_KEY_FILE)));
    assert.equal(fs.statSync(path.join(fresh, SECRET_KEY_FILE)).mode & 0o777, 0o600);
    const database = await openDatabase({ dataDir: fresh });
    try {
      const inbox = await (database.db as Db).selectFrom('inboxes').select(sql<string>`settings->'smtp'->>'password'`.as('password')).where('id', '=', shopInfo.inboxId).executeTakeFirstOrThrow();
      assert.match(inbox.password, /^v1:/, 'stored sealed');
      assert.equal(openWith(decodeSecretKey(key.toString('utf8'))!, inbox.password, `inboxes/${shopInfo.accountId}/${shopInfo.inboxId}/smtp.password`), SMTP_PASSWORD);
    } finally {
      await database.close();
    }
  });

  test('restore refuses a data directory that holds data; --force keeps that data aside, restores, and migrates an older backup', { timeout: 120_000 }, async () => {
    const migrations = loadMigrations();
    const latest = migrations.at(-1)!;
    // The same functions `shopdesk backup` runs, in this process: one command fewer to start.
    const backup = await createBackup({ dataDir: old, now: new Date() });
    assert.equal(backup.manifest.schemaVersion, migrations.at(-2)!.version);
    assert.equal(backup.secretKey, null, 'nothing was sealed there: no key to keep');
    const file = path.join(root, 'old-backup.tar');
    writeBackupFile(file, encodeBackup(backup));
    assert.throws(() => writeBackupFile(file, encodeBackup(backup)), (err: Error) => err instanceof BackupError && /already exists/.test(err.message), 'a backup file is never replaced');

    const target = path.join(root, 'busy');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'note.txt'), 'the old data');
    const refused = cli(['restore', file], { SHOPDESK_DATA_DIR: target });
    assert.equal(refused.code, 1, refused.out);
    assert.match(refused.out, /already holds data \(note\.txt\).*add --force/s);
    noStackTrace(refused.out);
    assert.deepEqual(fs.readdirSync(target), ['note.txt'], 'left as it was');

    const forced = cli(['restore', file, '--force'], { SHOPDESK_DATA_DIR: target });
    assert.equal(forced.code, 0, forced.out);
    assert.match(forced.out, new RegExp(`applied ${latest.file}; schema version ${latest.version} now`));
    assert.match(forced.out, /secret key:\s+none in the backup/);
    const m = /previous data: moved to (\S+)/.exec(forced.out);
    assert.ok(m, forced.out);
    const aside = m[1];
    assert.match(path.basename(aside), /^busy\.before-restore-\d{8}T\d{6}Z$/);
    assert.equal(path.dirname(aside), root, 'a sibling of the data directory');
    assert.equal(fs.readFileSync(path.join(aside, 'note.txt'), 'utf8'), 'the old data', 'the old data is kept, not deleted');
    assert.deepEqual(fs.readdirSync(target), ['pg']);
    assert.deepEqual(fs.readdirSync(root).filter((n) => n.includes('.restoring-')), [], 'no staging directory left behind');

    const up = await openDatabase({ dataDir: target });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(up.db);
      assert.equal(rows[0].n, migrations.length, 'every migration applied');
      const accounts = await up.db.selectFrom('accounts').select('name').execute();
      assert.deepEqual(accounts.map((a) => a.name), ['老店'], 'the backed-up data is there');
    } finally {
      await up.close();
    }
  });

  test('a missing, damaged, cut-short or foreign file is refused with a clear message and exit code 1', { timeout: 120_000 }, async () => {
    assert.ok(backupFile, 'the first test made a backup');
    const target = path.join(root, 'never');
    const good = fs.readFileSync(backupFile);
    const damaged = Buffer.from(good);
    damaged[damaged.length - 4096] ^= 0xff; // a byte of the database dump, near its end
    fs.writeFileSync(path.join(root, 'damaged.tar'), damaged);
    const r = cli(['restore', path.join(root, 'damaged.tar')], { SHOPDESK_DATA_DIR: target });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^shopdesk restore: .*damaged\.tar is damaged: pgdata\.tar\.gz does not match its checksum\.$/m);
    noStackTrace(r.out);

    // The other cases through the function the command runs.
    const cases: Array<[string, Buffer | null, RegExp]> = [
      ['missing.tar', null, /does not exist/],
      ['cut.tar', good.subarray(0, Math.floor(good.length / 2)), /is damaged or incomplete: the archive is cut short/],
      ['notes.tar', Buffer.from('这不是备份文件\n'.repeat(100)), /is not a ShopDesk backup \(it is not a tar archive\)/],
      ['data.tar.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), /is not a ShopDesk backup \(it is a gzip file/],
      ['empty.tar', Buffer.alloc(1024), /is not a ShopDesk backup \(it holds no shopdesk-backup\.json\)/],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(root, name);
      if (content) fs.writeFileSync(file, content);
      await assert.rejects(restoreBackup({ file, dataDir: target, force: false, now: new Date() }), (err: Error) => err instanceof BackupError && message.test(err.message), name);
    }
    assert.ok(!fs.existsSync(target), 'nothing was made');
  });

  test('backup refuses a data directory in use by a running server, and a data directory without a database', async () => {
    // A lock held by a live process (this one) is what a running server leaves.
    fs.writeFileSync(path.join(shop, 'shopdesk.lock'), String(process.pid));
    try {
      const r = cli(['backup', '--out', path.join(root, 'locked.tar')], { SHOPDESK_DATA_DIR: shop });
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, new RegExp(`in use by a running ShopDesk \\(pid ${process.pid}\\).*stop it`));
      noStackTrace(r.out);
      assert.ok(!fs.existsSync(path.join(root, 'locked.tar')));
    } finally {
      fs.rmSync(path.join(shop, 'shopdesk.lock'));
    }
    await assert.rejects(createBackup({ dataDir: path.join(root, 'empty'), now: new Date() }), /There is no embedded database in .*nothing to back up/);
    assert.ok(!fs.existsSync(path.join(root, 'empty')), 'backing up made no data directory');
  });

  test('on PostgreSQL (DATABASE_URL) backup and restore refuse and print the pg_dump and pg_restore commands', () => {
    const env = { DATABASE_URL: 'postgres://shopdesk:secret-pw@db.internal:5432/shopdesk', SHOPDESK_DATA_DIR: path.join(root, 'pg-node') };
    const b = cli(['backup'], env);
    assert.equal(b.code, 1, b.out);
    assert.match(b.out, /DATABASE_URL is set/);
    assert.match(b.out, /pg_dump --format=custom --dbname="\$DATABASE_URL" --file=shopdesk-\d{8}T\d{6}Z\.dump/);
    assert.match(b.out, /pg_restore --clean --if-exists --no-owner --dbname="\$DATABASE_URL"/);
    assert.match(b.out, /secret\.key/);
    assert.doesNotMatch(b.out, /secret-pw/, 'the URL (with its password) is not echoed');
    const r = cli(['restore', 'whatever.tar'], env);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /pg_restore --no-owner/);
    noStackTrace(r.out);
    assert.ok(!fs.existsSync(env.SHOPDESK_DATA_DIR), 'no data directory was made');
  });
});
