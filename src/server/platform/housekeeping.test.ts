import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pruneHousekeeping } from './housekeeping.ts';
import { enqueueJob } from './jobs.ts';
import { openTestDatabase, testStore, type TestDatabase } from '../../../test/harness.ts';
import { makeAccount } from '../../../test/factories.ts';
import { ensureDefaultInbox } from '../modules/conversations/index.ts';

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

    await t.db.insertInto('contact_views').values([
      { account_id: 'acc_x', user_id: 'usr_a', customer_id: 'cus_a', day: '2026-11-20' },
      { account_id: 'acc_x', user_id: 'usr_a', customer_id: 'cus_a', day: '2026-11-25' },
    ]).execute();

    const counts = await pruneHousekeeping(t.db, now);
    assert.deepEqual(counts, { outbox: 1, jobs: 1, scheduleRuns: 0, sessions: 0, loginThrottle: 1, webhookDeliveries: 0, unsentUploads: 0, contactViews: 1 });
    assert.deepEqual((await t.db.selectFrom('contact_views').select('day').execute()).map((r) => String(r.day)), ['2026-11-25']);
    const types = (await t.db.selectFrom('outbox').select('type').orderBy('type').execute()).map((r) => r.type);
    assert.deepEqual(types, ['b', 'c']);
    assert.deepEqual((await t.db.selectFrom('jobs').select('id').execute()).map((r) => r.id), [queued]);
    assert.deepEqual((await t.db.selectFrom('login_throttle').select('key').execute()).map((r) => r.key), ['email:b']);
  });

  test('webhook deliveries go 30 days after they were delivered or failed; pending ones stay; a second run deletes nothing', async () => {
    const now = new Date('2026-11-25T04:40:00Z');
    const old = new Date('2026-10-20T00:00:00Z');
    const recent = new Date('2026-11-20T00:00:00Z');
    const { accountId } = await makeAccount(t.db);
    const inbox = await ensureDefaultInbox(t.db, accountId);
    const delivery = (id: string, status: 'pending' | 'delivered' | 'failed', createdAt: Date, deliveredAt: Date | null = null) => ({
      id,
      account_id: accountId,
      inbox_id: inbox.id,
      message_id: null,
      event: 'message.created',
      url: 'https://connector.example/hook',
      payload: '{}',
      status,
      delivered_at: deliveredAt,
      created_at: createdAt,
    });
    await t.db.insertInto('webhook_deliveries').values([
      delivery('whd_old_delivered', 'delivered', old, old),
      delivery('whd_old_failed', 'failed', old),
      delivery('whd_old_pending', 'pending', old),
      delivery('whd_recent_delivered', 'delivered', recent, recent),
      delivery('whd_recent_failed', 'failed', recent),
      // Made long ago, sent again by hand and delivered last week: its new delivery is not 30 days old.
      delivery('whd_redelivered', 'delivered', old, recent),
    ]).execute();

    const counts = await pruneHousekeeping(t.db, now);
    assert.equal(counts.webhookDeliveries, 2);
    const left = (await t.db.selectFrom('webhook_deliveries').select('id').where('account_id', '=', accountId).orderBy('id').execute()).map((r) => r.id);
    assert.deepEqual(left, ['whd_old_pending', 'whd_recent_delivered', 'whd_recent_failed', 'whd_redelivered']);
    assert.equal((await pruneHousekeeping(t.db, now)).webhookDeliveries, 0);
  });
});
