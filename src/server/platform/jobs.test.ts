import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from './clock.ts';
import { defineJob, enqueueJob, JobWorker } from './jobs.ts';
import { Scheduler } from './scheduler.ts';
import { openTestDatabase, silentLog, testStore, type TestDatabase } from '../../../test/harness.ts';

describe(`jobs and schedules (${testStore})`, () => {
  let t: TestDatabase;
  const clock = fixedClock('2026-11-25T02:00:00Z');
  const runs: Array<{ name: string; payload: Record<string, unknown> }> = [];
  let failuresLeft = 0;

  before(async () => {
    t = await openTestDatabase();
    defineJob('test.record', async (job) => {
      runs.push({ name: 'test.record', payload: job.payload });
      await job.progress(1, 1, 'done');
      return { ok: true };
    });
    defineJob('test.flaky', async () => {
      if (failuresLeft-- > 0) throw new Error('temporary failure');
      return 'recovered';
    });
  });
  after(async () => { await t.close(); });
  beforeEach(async () => {
    runs.length = 0;
    await t.db.deleteFrom('jobs').execute();
    await t.db.deleteFrom('schedule_runs').execute();
  });

  const worker = () => new JobWorker({ db: t.db, log: silentLog, clock });

  test('a job runs once, records its result and progress', async () => {
    const id = await enqueueJob(t.db, { name: 'test.record', payload: { n: 1 }, runAt: clock.now() });
    assert.equal(await worker().runDue(), 1);
    assert.equal(await worker().runDue(), 0);
    assert.deepEqual(runs.map((r) => r.payload.n), [1]);
    const row = await t.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'done');
    assert.deepEqual(row.result, { ok: true });
    assert.deepEqual(row.progress, { done: 1, total: 1, note: 'done' });
  });

  test('a job waits for its time', async () => {
    await enqueueJob(t.db, { name: 'test.record', runAt: new Date(clock.now().getTime() + 60_000) });
    assert.equal(await worker().runDue(), 0);
    clock.advance(60_000);
    assert.equal(await worker().runDue(), 1);
  });

  test('a failing job is retried with growing backoff, then marked failed', async () => {
    failuresLeft = 10;
    const id = await enqueueJob(t.db, { name: 'test.flaky', runAt: clock.now(), maxAttempts: 3 });
    const w = worker();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = await t.db.selectFrom('jobs').select(['run_at']).where('id', '=', id).executeTakeFirstOrThrow();
      clock.set(before.run_at);
      assert.equal(await w.runDue(), 1);
      const after = await t.db.selectFrom('jobs').select(['state', 'run_at', 'attempts', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(after.attempts, attempt);
      assert.match(after.last_error ?? '', /temporary failure/);
      if (attempt < 3) {
        assert.equal(after.state, 'queued');
        delays.push(after.run_at.getTime() - clock.now().getTime());
      } else {
        assert.equal(after.state, 'failed');
      }
    }
    assert.ok(delays[1] > delays[0], `backoff grows: ${delays}`);
  });

  test('a retried job can succeed', async () => {
    failuresLeft = 1;
    const id = await enqueueJob(t.db, { name: 'test.flaky', runAt: clock.now() });
    await worker().runDue();
    clock.advance(10 * 60_000);
    await worker().runDue();
    const row = await t.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'done');
    assert.equal(row.result, 'recovered');
  });

  test('a singleton key holds one waiting job at a time', async () => {
    const a = await enqueueJob(t.db, { name: 'test.record', singletonKey: 'recompute:acc_1', runAt: clock.now() });
    const b = await enqueueJob(t.db, { name: 'test.record', singletonKey: 'recompute:acc_1', runAt: clock.now() });
    assert.equal(a, b);
    await worker().runDue();
    const c = await enqueueJob(t.db, { name: 'test.record', singletonKey: 'recompute:acc_1', runAt: clock.now() });
    assert.notEqual(c, a);
  });

  test('an enqueue inside a rolled-back transaction leaves no job', async () => {
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { name: 'test.record', runAt: clock.now() });
        throw new Error('rollback');
      }),
    );
    assert.equal(await worker().runDue(), 0);
  });

  test('two workers never run the same job', async () => {
    for (let i = 0; i < 30; i++) await enqueueJob(t.db, { name: 'test.record', payload: { n: i }, runAt: clock.now() });
    const [x, y] = await Promise.all([worker().runDue(), worker().runDue()]);
    assert.equal(x + y, 30);
    assert.equal(new Set(runs.map((r) => r.payload.n)).size, 30);
    assert.equal(runs.length, 30);
  });

  test('a job whose worker died is taken up again after its lease', async () => {
    const id = await enqueueJob(t.db, { name: 'test.record', runAt: clock.now() });
    await t.db.updateTable('jobs').set({ state: 'running', locked_by: 'dead-node', locked_until: new Date(clock.now().getTime() + 1000) }).where('id', '=', id).execute();
    const w = worker();
    assert.equal(await w.runDue(), 0);
    clock.advance(2000);
    await (w as any).reclaimExpired();
    assert.equal(await w.runDue(), 1);
  });

  test('at shutdown a job that is still running is handed back: queued at once, its attempt not spent, run again elsewhere', async () => {
    let steps = 0;
    let sawAbort = false;
    defineJob('test.long', async (job) => {
      for (let i = 0; i < 1000; i++) {
        steps++;
        await job.progress(i, 1000);
        await new Promise((r) => setTimeout(r, 10));
      }
      sawAbort = job.signal.aborted;
      return 'finished';
    });
    defineJob('test.short', async () => 'quick');
    const long = await enqueueJob(t.db, { name: 'test.long', runAt: clock.now() });
    const w = new JobWorker({ db: t.db, log: silentLog, clock, pollMs: 20 });
    w.start();
    while (steps < 3) await new Promise((r) => setTimeout(r, 10));
    await w.stop({ graceMs: 100 });
    const released = await t.db.selectFrom('jobs').selectAll().where('id', '=', long).executeTakeFirstOrThrow();
    assert.equal(released.state, 'queued');
    assert.equal(released.attempts, 0);
    assert.equal(released.locked_by, null);
    assert.match(released.last_error ?? '', /released/);
    const stoppedAt = steps;
    await new Promise((r) => setTimeout(r, 60));
    assert.ok(steps <= stoppedAt + 1, 'the handler stopped at its next progress call');
    assert.equal(sawAbort, false);

    // A job that finishes within the grace period just finishes.
    const short = await enqueueJob(t.db, { name: 'test.short', runAt: clock.now() });
    await t.db.updateTable('jobs').set({ run_at: new Date(clock.now().getTime() + 3600_000) }).where('id', '=', long).execute();
    const w2 = new JobWorker({ db: t.db, log: silentLog, clock, pollMs: 20 });
    w2.start();
    while ((await t.db.selectFrom('jobs').select('state').where('id', '=', short).executeTakeFirstOrThrow()).state !== 'done') await new Promise((r) => setTimeout(r, 10));
    await w2.stop({ graceMs: 1000 });

    // Another worker takes the released job up and it completes, on its first counted attempt.
    await t.db.updateTable('jobs').set({ run_at: clock.now() }).where('id', '=', long).execute();
    defineJob('test.long', async () => 'finished');
    assert.equal(await worker().runDue(), 1);
    const done = await t.db.selectFrom('jobs').selectAll().where('id', '=', long).executeTakeFirstOrThrow();
    assert.equal(done.state, 'done');
    assert.equal(done.attempts, 1);
  });

  test('a schedule slot fires exactly once across several schedulers', async () => {
    const schedules = [{ name: 'nightly', cron: '0 3 * * *', job: 'test.record' }];
    clock.set('2026-11-25T19:30:00Z'); // 03:30 in Shanghai: the 03:00 slot is due
    const nodes = ['a', 'b', 'c'].map((nodeId) => new Scheduler({ db: t.db, log: silentLog, clock, nodeId, schedules }));
    const fired = await Promise.all(nodes.map((s) => s.tick()));
    assert.equal(fired.flat().length, 1);
    assert.equal(await worker().runDue(), 1);
    // The same slot does not fire again; the next day's does.
    assert.deepEqual((await Promise.all(nodes.map((s) => s.tick()))).flat(), []);
    clock.advance(24 * 3600_000);
    assert.equal((await Promise.all(nodes.map((s) => s.tick()))).flat().length, 1);
    assert.equal(runs.length, 1);
    assert.equal(await worker().runDue(), 1);
    assert.equal(runs[0].payload.slot, '2026-11-25T19:00:00.000Z');
    assert.equal(runs[1].payload.slot, '2026-11-26T19:00:00.000Z');
  });
});
