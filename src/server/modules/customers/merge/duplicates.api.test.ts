import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../../test/factories.ts';
import { newId } from '../../../platform/ids.ts';
import pino from 'pino';
import { systemClock } from '../../../platform/clock.ts';
import { DUPLICATE_SCAN_JOB, DUPLICATE_SCHEDULES, scanAllAccounts } from './duplicates.jobs.ts';
import { MAX_SHARED } from './duplicates.service.ts';

/**
 * Duplicate suggestions (重复客户) through the server: pairs sharing a phone (however it is written),
 * an email (in any case) or a Taobao/Tmall buyer id, the strongest first; a shared name alone is no
 * suggestion; contacts masked by role; keyset pages; "not a duplicate" remembered; shops kept apart.
 */
describe(`customer duplicates (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let owner: TestClient;
  let agent: TestClient;
  let otherOwner: TestClient;
  let otherAccountId: string;
  const ids: Record<string, string> = {};

  type Pair = { customers: Array<{ id: string; phone: string | null; email: string | null; contactMasked: boolean }>; reasons: string[]; matches: Array<{ reason: string; value: string }>; sameName: boolean };

  async function customer(key: string, values: { name?: string; phone?: string; email?: string } = {}, acc = accountId) {
    const id = newId('cus');
    await s.db.insertInto('customers').values({ id, account_id: acc, name: values.name ?? `客户${key}`, phone: values.phone ?? null, email: values.email ?? null }).execute();
    ids[key] = id;
    return id;
  }
  async function identity(customerId: string, kind: 'phone' | 'email' | 'platform', value: string, platform: 'taobao' | 'tmall' | null = null, acc = accountId) {
    await s.db.insertInto('customer_identities').values({ id: newId('cid'), account_id: acc, customer_id: customerId, kind, platform, value }).execute();
  }
  const key = (a: string, b: string) => [a, b].sort().join('|');
  const pairKey = (p: Pair) => key(p.customers[0].id, p.customers[1].id);

  async function allPairs(as: TestClient = owner, limit = 100): Promise<Pair[]> {
    const out: Pair[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: Pair[]; nextCursor: string | null } } = await as.get(`/api/customer-duplicates?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
    const b = await makeAccount(s.db);
    otherOwner = await loginAs(s.url, b.email, b.password);
    otherAccountId = b.accountId;

    // The same mobile written two ways: as an identity and the record's own column, and with +86 and dashes.
    await identity(await customer('phoneA', { phone: '13812345678' }), 'phone', '13812345678');
    await customer('phoneB', { phone: '+86 138-1234-5678' });
    // One address in two cases: an identity on one, the column of the other.
    await identity(await customer('emailA'), 'email', 'li.na@example.com');
    await customer('emailB', { email: 'Li.Na@Example.COM' });
    // One Taobao account buys on Tmall too.
    await identity(await customer('tbA'), 'platform', 'tb_lina_88', 'taobao');
    await identity(await customer('tbB'), 'platform', 'tb_lina_88', 'tmall');
    // Sharing a phone and an email: the strongest suggestion.
    await customer('bothA', { name: '陈静', phone: '13900002222', email: 'chen.jing@example.com' });
    await customer('bothB', { name: '陈静', phone: '139 0000 2222', email: 'CHEN.JING@example.com' });
    // The same name only: a hint at most, never a suggestion.
    await customer('nameA', { name: '王芳' });
    await customer('nameB', { name: '王芳' });
    // Another shop's customer with the same phone is nobody's duplicate here.
    await customer('otherShop', { phone: '13812345678' }, otherAccountId);
  });

  after(async () => {
    await s?.close();
  });

  test('pairs sharing a phone, an email or a Taobao/Tmall buyer id are suggested, the strongest first', async () => {
    const pairs = await allPairs();
    const byKey = new Map(pairs.map((p) => [pairKey(p), p]));
    assert.deepEqual(pairs[0].reasons, ['phone', 'email'], 'two shared keys rank first');
    assert.equal(pairKey(pairs[0]), key(ids.bothA, ids.bothB));
    assert.equal(pairs[0].sameName, true);
    assert.deepEqual(byKey.get(key(ids.phoneA, ids.phoneB))?.reasons, ['phone']);
    assert.deepEqual(byKey.get(key(ids.phoneA, ids.phoneB))?.matches, [{ reason: 'phone', value: '13812345678' }]);
    assert.deepEqual(byKey.get(key(ids.emailA, ids.emailB))?.reasons, ['email']);
    assert.deepEqual(byKey.get(key(ids.tbA, ids.tbB))?.reasons, ['platform']);
    assert.equal(byKey.get(key(ids.tbA, ids.tbB))?.sameName, false);
    assert.ok(!byKey.has(key(ids.nameA, ids.nameB)), 'a name alone makes no suggestion');
    assert.ok(!pairs.some((p) => p.customers.some((c) => c.id === ids.otherShop)), 'no pair crosses shops');
    const others = await allPairs(otherOwner);
    assert.equal(others.length, 0);
  });

  test('keyset pages walk every pair once, in the same order as one page', async () => {
    const whole = (await allPairs(owner, 100)).map(pairKey);
    const paged = (await allPairs(owner, 1)).map(pairKey);
    assert.ok(whole.length >= 4);
    assert.deepEqual(paged, whole);
    const bad = await owner.get('/api/customer-duplicates?cursor=c1.bm90YXBhZ2U');
    assert.equal(bad.status, 400);
    assert.equal((await owner.get('/api/customer-duplicates?limit=0')).status, 400);
  });

  test('phones and emails are masked for a role without customers.contact.read, the matched value too', async () => {
    const pairs = await allPairs(agent);
    const both = pairs.find((p) => pairKey(p) === key(ids.bothA, ids.bothB))!;
    assert.equal(both.customers[0].contactMasked, true);
    assert.equal(both.customers[0].phone, '139****2222');
    assert.match(both.customers[0].email ?? '', /^c\*\*\*@example\.com$/i);
    assert.deepEqual(both.matches.map((m) => m.value), ['139****2222', 'c***@example.com']);
    const full = (await allPairs(owner)).find((p) => pairKey(p) === key(ids.bothA, ids.bothB))!;
    assert.equal(full.customers[0].contactMasked, false);
    assert.ok(['13900002222', '139 0000 2222'].includes(full.customers[0].phone ?? ''));
  });

  test('a key shared by many customers (a shop’s test phone) makes no suggestions', async () => {
    const many: string[] = [];
    for (let i = 0; i <= MAX_SHARED; i++) many.push(await customer(`many${i}`, { phone: '13000000000' }));
    assert.equal((await owner.post('/api/customer-duplicates/scan')).status, 200);
    const pairs = await allPairs();
    assert.ok(!pairs.some((p) => p.customers.some((c) => many.includes(c.id))));
  });

  test('suggestions come from the last scan: a new duplicate shows after looking again, which needs customers.manage', async () => {
    const first = await owner.get('/api/customer-duplicates?limit=1');
    assert.ok(first.body.scannedAt, 'the first look scanned');
    const a = await customer('lateA', { email: 'late@example.com' });
    const b = await customer('lateB', { email: 'LATE@example.com' });
    assert.ok(!(await allPairs()).some((p) => pairKey(p) === key(a, b)), 'not until the next scan');
    assert.equal((await agent.post('/api/customer-duplicates/scan')).status, 403);
    const scan = await owner.post('/api/customer-duplicates/scan');
    assert.equal(scan.status, 200, JSON.stringify(scan.body));
    assert.ok(scan.body.pairs >= 5);
    assert.deepEqual((await allPairs()).find((p) => pairKey(p) === key(a, b))?.reasons, ['email']);
    assert.deepEqual(await allPairs(otherOwner), [], 'another shop’s scan finds nothing of ours');
  });

  test('the nightly scan looks again in every account that uses the page, with progress', async () => {
    const a = await customer('nightA', { phone: '13600001111' });
    const b = await customer('nightB', { phone: '136 0000 1111' });
    assert.ok(!(await allPairs()).some((p) => pairKey(p) === key(a, b)), 'not before the scan');
    const progress: Array<[number, number]> = [];
    const job = { id: 'job_nightly', accountId: null, payload: {}, attempt: 1, maxAttempts: 3, db: s.db, log: pino({ level: 'silent' }), clock: systemClock, progress: async (done: number, total: number) => void progress.push([done, total]), signal: new AbortController().signal, store: testStore };
    const result = await scanAllAccounts(job);
    assert.equal(result.failed, 0);
    assert.ok(result.accounts >= 2, 'both shops have used the page');
    assert.deepEqual(progress.at(-1), [result.accounts, result.accounts]);
    assert.deepEqual((await allPairs()).find((p) => pairKey(p) === key(a, b))?.reasons, ['phone']);
    assert.deepEqual(await allPairs(otherOwner), [], 'the other shop still sees none of ours');
    assert.ok(DUPLICATE_SCHEDULES.some((x) => x.job === DUPLICATE_SCAN_JOB));
  });

  test('"not a duplicate" needs customers.manage, is remembered and audited once, and checks its input', async () => {
    const body = { customerId: ids.phoneB, otherCustomerId: ids.phoneA };
    assert.equal((await agent.post('/api/customer-duplicates/dismiss', body)).status, 403);
    const res = await owner.post('/api/customer-duplicates/dismiss', body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.customerIds, [ids.phoneA, ids.phoneB].sort());
    const again = await owner.post('/api/customer-duplicates/dismiss', body);
    assert.equal(again.status, 200);
    const pairs = await allPairs();
    assert.ok(!pairs.some((p) => pairKey(p) === key(ids.phoneA, ids.phoneB)), 'a dismissed pair is not suggested again');
    assert.ok(pairs.some((p) => pairKey(p) === key(ids.emailA, ids.emailB)), 'other pairs stay');
    const audits = await s.db.selectFrom('audit_log').select('data').where('account_id', '=', accountId).where('action', '=', 'customer.duplicate_dismissed').execute();
    assert.equal(audits.length, 1);

    const self = await owner.post('/api/customer-duplicates/dismiss', { customerId: ids.emailA, otherCustomerId: ids.emailA });
    assert.equal(self.status, 400);
    assert.equal(self.body.error.code, 'merge_same_customer');
    assert.equal((await owner.post('/api/customer-duplicates/dismiss', { customerId: ids.emailA, otherCustomerId: 'cus_nobody' })).status, 404);
    assert.equal((await owner.post('/api/customer-duplicates/dismiss', { customerId: ids.emailA, otherCustomerId: ids.otherShop })).status, 404, 'another shop’s customer is not found');
    assert.equal((await owner.post('/api/customer-duplicates/dismiss', { customerId: ids.emailA })).status, 400);
  });

  test('a merged customer leaves the suggestions; a merge is never made by suggesting', async () => {
    const merges = await s.db.selectFrom('customer_merges').select('id').where('account_id', '=', accountId).execute();
    assert.equal(merges.length, 0, 'listing suggestions merged nothing');
    const res = await owner.post(`/api/customers/${ids.tbB}/merge`, { from: ids.tbA });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.merge.reasons, ['platform']);
    const pairs = await allPairs();
    assert.ok(!pairs.some((p) => p.customers.some((c) => c.id === ids.tbA)));
  });
});
