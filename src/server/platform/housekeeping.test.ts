import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pruneHousekeeping } from './housekeeping.ts';
import { enqueueJob } from './jobs.ts';
import { openTestDatabase, testStore, type TestDatabase } from '../../../test/harness.ts';

describe(`housekeeping (${testStore})`, () => {
  let t: TestDatabase;
  before(async () => { t = await openTestDatabase(); });
  after(async () => { await t.close(); });

  test('old handled events and finished jobs go; pending ones stay', async () => {
    const now = new Date('2026-11-25T04:40:00Z');
    const old = new Date('2026-10-01T00:00:00Z');
    await t.db.insertInto('outbox').values([
      { account_id: 'acc_x', type: 'a', payload: '{}', processed_at: old },
      { account_id: 'acc_x', type: 'b', payload: '{}', processed_at: null },
      { account_id: 'acc_x', type: 'c', payload: '{}', processed_at: new Date('2026-11-24T00:00:00Z') },
    ]).execute();
    const done = await enqueueJob(t.db, { name: 'x', runAt: old });
    const queued = await enqueueJob(t.db, { name: 'x', runAt: old });
    await t.db.updateTable('jobs').set({ state: 'done', finished_at: old }).where('id', '=', done).execute();
    await t.db.insertInto('login_throttle').values([{ key: 'email:a', failures: 3, updated_at: old }, { key: 'email:b', failures: 9, updated_at: old, locked_until: new Date('2026-11-25T05:00:00Z') }]).execute();

    const counts = await pruneHousekeeping(t.db, now);
    assert.deepEqual(counts, { outbox: 1, jobs: 1, scheduleRuns: 0, sessions: 0, loginThrottle: 1 });
    const types = (await t.db.selectFrom('outbox').select('type').orderBy('type').execute()).map((r) => r.type);
    assert.deepEqual(types, ['b', 'c']);
    assert.deepEqual((await t.db.selectFrom('jobs').select('id').execute()).map((r) => r.id), [queued]);
    assert.deepEqual((await t.db.selectFrom('login_throttle').select('key').execute()).map((r) => r.key), ['email:b']);
  });
});
