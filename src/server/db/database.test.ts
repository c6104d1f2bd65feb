import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';
import { DataDirLockedError } from './data-dir-lock.ts';
import { loadMigrations, migrate } from './migrator.ts';
import { openTestDatabase, testStore, type TestDatabase } from '../../../test/harness.ts';

describe(`database (${testStore})`, () => {
  let t: TestDatabase;
  before(async () => { t = await openTestDatabase(); });
  after(async () => { await t.close(); });

  test('migrations apply once and a second run applies nothing', async () => {
    const again = await migrate(t.db);
    assert.deepEqual(again.applied, []);
    const rows = await t.db.selectFrom('schema_migrations').select('version').execute();
    assert.equal(rows.length, loadMigrations().length);
  });

  test('a migration changed after it was applied is refused', async () => {
    const changed = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await assert.rejects(migrate(t.db, changed), /was changed after it was applied/);
  });

  test('both drivers return the same value shapes', async () => {
    const r = await sql<{ n: number; d: string; m: string; t: Date; j: { a: number } }>`
      select count(*) as n, date '2026-02-17' as d, 12.50::numeric(12,2) as m, now() as t, '{"a":1}'::jsonb as j`.execute(t.db);
    const row = r.rows[0];
    assert.equal(typeof row.n, 'number');
    assert.equal(row.d, '2026-02-17');
    assert.equal(row.m, '12.50');
    assert.ok(row.t instanceof Date);
    assert.deepEqual(row.j, { a: 1 });
  });

  test('a failed transaction leaves nothing behind, and the connection stays usable', async () => {
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto('accounts').values({ id: 'acc_rollback', name: 'x', settings: '{}' }).execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    const row = await t.db.selectFrom('accounts').select('id').where('id', '=', 'acc_rollback').executeTakeFirst();
    assert.equal(row, undefined);
  });

  test('unique violations surface with their PostgreSQL code', async () => {
    await t.db.insertInto('accounts').values({ id: 'acc_dup', name: 'x', settings: '{}' }).execute();
    await assert.rejects(t.db.insertInto('accounts').values({ id: 'acc_dup', name: 'y', settings: '{}' }).execute(), (err: any) => err.code === '23505');
  });

  test('concurrent transactions do not interleave their statements', async () => {
    await t.db.insertInto('accounts').values({ id: 'acc_counter', name: '0', settings: '{}' }).execute();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        t.db.transaction().execute(async (trx) => {
          const row = await trx.selectFrom('accounts').select('name').where('id', '=', 'acc_counter').forUpdate().executeTakeFirstOrThrow();
          await trx.updateTable('accounts').set({ name: String(Number(row.name) + 1) }).where('id', '=', 'acc_counter').execute();
        }),
      ),
    );
    const row = await t.db.selectFrom('accounts').select('name').where('id', '=', 'acc_counter').executeTakeFirstOrThrow();
    assert.equal(row.name, '20');
  });
});

describe('embedded store', { skip: testStore !== 'embedded' }, () => {
  test('a second process cannot open the same data directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-lock-'));
    const first = await openDatabase({ dataDir: dir });
    try {
      await assert.rejects(openDatabase({ dataDir: dir }), (err: unknown) => err instanceof DataDirLockedError && /already in use/.test(err.message));
      fs.writeFileSync(path.join(dir, 'other.lock'), '');
    } finally {
      await first.close();
    }
    // Released on close: the directory opens again, and the data is still there.
    const again = await openDatabase({ dataDir: dir });
    await migrate(again.db);
    await again.db.insertInto('accounts').values({ id: 'acc_persist', name: '持久', settings: '{}' }).execute();
    await again.close();
    const third = await openDatabase({ dataDir: dir });
    const row = await third.db.selectFrom('accounts').select('name').where('id', '=', 'acc_persist').executeTakeFirst();
    assert.equal(row?.name, '持久');
    await third.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a lock left by a process that no longer runs is taken over', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopdesk-stale-'));
    fs.writeFileSync(path.join(dir, 'shopdesk.lock'), '999999');
    const db = await openDatabase({ dataDir: dir });
    assert.equal(fs.readFileSync(path.join(dir, 'shopdesk.lock'), 'utf8'), String(process.pid));
    await db.close();
    assert.equal(fs.existsSync(path.join(dir, 'shopdesk.lock')), false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a long query does not freeze the event loop', async () => {
    const database = await openDatabase({ memory: true });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    await sql`select pg_sleep(0.6)`.execute(database.db);
    clearInterval(timer);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 550, `the query ran for ${elapsed} ms`);
    // With PGlite on the main thread the timer could not fire at all during the query.
    assert.ok(ticks >= 20, `the event loop ticked ${ticks} times during a ${elapsed} ms query`);
    await database.close();
  });

  test('VACUUM ANALYZE runs on the embedded store', async () => {
    const database = await openDatabase({ memory: true });
    await migrate(database.db);
    await database.maintain();
    await database.close();
  });
});
