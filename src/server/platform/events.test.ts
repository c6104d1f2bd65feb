import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from './clock.ts';
import { emit, onEvent, OutboxDispatcher } from './events.ts';
import { openTestDatabase, silentLog, testStore, type TestDatabase } from '../../../test/harness.ts';

describe(`outbox (${testStore})`, () => {
  let t: TestDatabase;
  const clock = fixedClock('2026-11-25T02:00:00Z');
  const seen: string[] = [];
  const published: string[] = [];
  let failOnce = true;

  before(async () => {
    t = await openTestDatabase();
    onEvent('test.happened', 'recorder', async (event, { publish }) => {
      seen.push(String(event.payload.n));
      publish({ accountId: event.accountId, channel: 'account', event: event.type, data: event.payload });
    });
    onEvent('test.flaky', 'flaky', async (event) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('handler down');
      }
      seen.push(`flaky:${event.payload.n}`);
    });
  });
  after(async () => { await t.close(); });

  const dispatcher = () => new OutboxDispatcher({ db: t.db, log: silentLog, clock, publish: (m) => published.push(`${m.accountId}:${m.event}`) });

  test('events committed with a change are handled in order, once', async () => {
    await t.db.transaction().execute(async (trx) => {
      for (let n = 1; n <= 3; n++) await emit({ db: trx, accountId: 'acc_a' }, 'test.happened', { n });
    });
    const d = dispatcher();
    assert.equal(await d.drain(), 3);
    assert.equal(await d.drain(), 0);
    assert.deepEqual(seen, ['1', '2', '3']);
    assert.deepEqual(published, ['acc_a:test.happened', 'acc_a:test.happened', 'acc_a:test.happened']);
  });

  test('events of a rolled-back transaction never happen', async () => {
    seen.length = 0;
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await emit({ db: trx, accountId: 'acc_a' }, 'test.happened', { n: 99 });
        throw new Error('rollback');
      }),
    );
    assert.equal(await dispatcher().drain(), 0);
    assert.deepEqual(seen, []);
  });

  test('a failing handler is retried later, not lost', async () => {
    seen.length = 0;
    await emit({ db: t.db, accountId: 'acc_a' }, 'test.flaky', { n: 7 });
    const d = dispatcher();
    await d.drain();
    assert.deepEqual(seen, []);
    const row = await t.db.selectFrom('outbox').selectAll().where('type', '=', 'test.flaky').executeTakeFirstOrThrow();
    assert.equal(row.processed_at, null);
    assert.match(row.last_error ?? '', /handler down/);
    clock.advance(10_000);
    await d.drain();
    assert.deepEqual(seen, ['flaky:7']);
  });
});
