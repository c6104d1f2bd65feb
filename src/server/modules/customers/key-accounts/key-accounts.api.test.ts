import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../../test/factories.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';

const DAY = 86_400_000;

describe(`key accounts (大客户) and return visits (${testStore})`, () => {
  const clock = fixedClock('2026-03-02T02:00:00Z');
  let s: TestServer;
  let accountId: string;
  let owner: TestClient;
  let supervisor: TestClient;
  let manager: TestClient;
  let managerId: string;
  let otherAgent: TestClient;
  let otherAgentId: string;
  let otherOwner: TestClient;
  let otherShopUserId: string;
  let otherCustomerId: string;

  async function customer(acc = accountId, name = `大客户${Math.random().toString(36).slice(2, 6)}`) {
    const id = newId('cus');
    await s.db.insertInto('customers').values({ id, account_id: acc, name }).execute();
    return id;
  }
  const put = (id: string, body: unknown, as = supervisor) => as.request('PUT', `/api/customers/${id}/key-account`, body);
  const file = {
    company: '杭州云栖贸易有限公司',
    contacts: [{ name: '王经理', title: '采购', phone: '13812345678', email: 'wang@yunqi.test' }],
    contractTerms: '年度框架合同，2026-12-31 到期',
    notes: '偏好顺丰',
    discountPercent: 12.5,
    paymentTerms: '月结30天',
  };

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const sv = await makeUser(s.db, accountId, 'supervisor');
    supervisor = await loginAs(s.url, sv.email, sv.password);
    const m = await makeUser(s.db, accountId, 'agent', { name: '客户经理小李' });
    manager = await loginAs(s.url, m.email, m.password);
    managerId = m.user.id;
    const o = await makeUser(s.db, accountId, 'agent');
    otherAgent = await loginAs(s.url, o.email, o.password);
    otherAgentId = o.user.id;
    const b = await makeAccount(s.db);
    otherOwner = await loginAs(s.url, b.email, b.password);
    otherShopUserId = b.owner.id;
    otherCustomerId = await customer(b.accountId);
  });

  after(async () => {
    await s?.close();
  });

  test('a supervisor makes a customer a key account: manager (routing’s account manager), file, policy, first visit', async () => {
    const id = await customer();
    assert.equal((await manager.get(`/api/customers/${id}/key-account`)).body.keyAccount, null);
    const res = await put(id, { managerId, ...file, visitEvery: { n: 2, unit: 'week' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const ka = res.body.keyAccount;
    assert.deepEqual(ka.manager, { id: managerId, name: '客户经理小李' });
    assert.equal(ka.company, file.company);
    assert.equal(ka.discountPercent, 12.5);
    assert.equal(ka.paymentTerms, '月结30天');
    assert.deepEqual(ka.visitEvery, { n: 2, unit: 'week' });
    assert.equal(ka.nextVisitAt, new Date(clock.now().getTime() + 14 * DAY).toISOString());
    const row = await s.db.selectFrom('customers').select('account_manager_id').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.account_manager_id, managerId);

    // The contacts' phones are personal data: an agent sees them masked, a supervisor in full.
    assert.equal((await manager.get(`/api/customers/${id}/key-account`)).body.keyAccount.contacts[0].phone, '138****5678');
    assert.equal((await supervisor.get(`/api/customers/${id}/key-account`)).body.keyAccount.contacts[0].phone, '13812345678');

    const list = await manager.get('/api/key-accounts');
    assert.ok(list.body.items.some((k: any) => k.customerId === id && k.company === file.company));

    const audit = await s.db.selectFrom('audit_log').select('data').where('account_id', '=', accountId).where('action', '=', 'key_account.changed').where('target_id', '=', id).execute();
    assert.equal(audit.length, 1);
  });

  test('only key_accounts.manage sets it; a manager must be an active member of this shop; bad input is refused', async () => {
    const id = await customer();
    assert.equal((await put(id, { managerId }, manager)).status, 403);
    const foreign = await put(id, { managerId: otherShopUserId });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error.code, 'account_manager_invalid');
    assert.equal((await put(id, { managerId, discountPercent: 120 })).status, 400);
    assert.equal((await put(id, { managerId, visitEvery: { n: 0, unit: 'day' } })).status, 400);
    assert.equal((await put(id, { managerId, visitEvery: { n: 1, unit: 'year' } })).status, 400);
    assert.equal((await s.db.selectFrom('key_accounts').select('customer_id').where('customer_id', '=', id).execute()).length, 0);
  });

  test('visits recur: the done visit keeps its outcome, goes on the timeline, and schedules the next', async () => {
    const id = await customer();
    await put(id, { managerId, company: '回访公司', visitEvery: { n: 1, unit: 'month' }, nextVisitAt: new Date(clock.now().getTime() + DAY).toISOString() });
    const [first] = (await manager.get(`/api/customers/${id}/visits`)).body.items;
    assert.equal(first.status, 'scheduled');

    assert.equal((await otherAgent.post(`/api/key-accounts/visits/${first.id}/complete`, { outcome: '不是我的客户' })).body.error.code, 'visit_not_yours');
    assert.equal((await manager.post(`/api/key-accounts/visits/${first.id}/complete`, { outcome: '   ' })).status, 400);

    clock.advance(2 * DAY);
    const done = await manager.post(`/api/key-accounts/visits/${first.id}/complete`, { outcome: '客户对新品满意，下月追加订单' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.visit.status, 'done');
    assert.equal(done.body.visit.outcome, '客户对新品满意，下月追加订单');
    assert.equal(done.body.visit.doneBy.id, managerId);
    assert.equal(done.body.next.status, 'scheduled');
    assert.equal(done.body.next.dueAt, '2026-04-04T02:00:00.000Z', 'one month after the visit was made');

    const again = await manager.post(`/api/key-accounts/visits/${first.id}/complete`, { outcome: '重复' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'visit_already_done');

    const events = await s.db.selectFrom('customer_events').select(['kind', 'data', 'actor_id']).where('account_id', '=', accountId).where('customer_id', '=', id).execute();
    assert.deepEqual(events.map((e) => [e.kind, (e.data as any).outcome, e.actor_id]), [['key_account.visit', '客户对新品满意，下月追加订单', managerId]]);

    const visits = (await manager.get(`/api/customers/${id}/visits`)).body.items;
    assert.deepEqual(visits.map((v: any) => v.status), ['scheduled', 'done']);

    // A supervisor may complete a visit of any manager's customer.
    const byBoss = await supervisor.post(`/api/key-accounts/visits/${done.body.next.id}/complete`, { outcome: '主管代为回访' });
    assert.equal(byBoss.status, 200);
    assert.ok(byBoss.body.next);
  });

  test('我的待回访: my overdue and soon-due visits, the most overdue first; another manager’s only for supervisors', async () => {
    const overdue = await customer(accountId, '逾期客户');
    const soon = await customer(accountId, '三天后客户');
    const later = await customer(accountId, '下月客户');
    const notMine = await customer(accountId, '别人的客户');
    const at = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();
    await put(overdue, { managerId, visitEvery: { n: 7, unit: 'day' }, nextVisitAt: at(-2) });
    await put(soon, { managerId, visitEvery: { n: 7, unit: 'day' }, nextVisitAt: at(3) });
    await put(later, { managerId, visitEvery: { n: 7, unit: 'day' }, nextVisitAt: at(30) });
    await put(notMine, { managerId: otherAgentId, visitEvery: { n: 7, unit: 'day' }, nextVisitAt: at(1) });

    const mine = await manager.get('/api/key-accounts/due');
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const names = mine.body.items.map((v: any) => v.customerName);
    assert.ok(names.indexOf('逾期客户') >= 0 && names.indexOf('逾期客户') < names.indexOf('三天后客户'), JSON.stringify(names));
    assert.ok(!names.includes('下月客户'));
    assert.ok(!names.includes('别人的客户'));
    assert.equal(mine.body.items.find((v: any) => v.customerName === '逾期客户').overdue, true);
    assert.equal(mine.body.items.find((v: any) => v.customerName === '三天后客户').overdue, false);

    const wider = await manager.get('/api/key-accounts/due?days=40');
    assert.ok(wider.body.items.some((v: any) => v.customerName === '下月客户'));

    assert.equal((await manager.get(`/api/key-accounts/due?managerId=${otherAgentId}`)).status, 403);
    const theirs = await supervisor.get(`/api/key-accounts/due?managerId=${otherAgentId}`);
    assert.deepEqual(theirs.body.items.map((v: any) => v.customerName), ['别人的客户']);
    assert.equal((await manager.get('/api/key-accounts/due?days=500')).status, 400);
  });

  test('removing a key account cancels its visit and unsets the manager', async () => {
    const id = await customer();
    await put(id, { managerId, visitEvery: { n: 1, unit: 'week' } });
    const res = await supervisor.delete(`/api/customers/${id}/key-account`);
    assert.equal(res.status, 204);
    assert.equal((await supervisor.get(`/api/customers/${id}/key-account`)).body.keyAccount, null);
    const row = await s.db.selectFrom('customers').select('account_manager_id').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.account_manager_id, null);
    const visits = await s.db.selectFrom('key_account_visits').select('status').where('customer_id', '=', id).execute();
    assert.deepEqual(visits.map((v) => v.status), ['cancelled']);
    assert.equal((await supervisor.delete(`/api/customers/${id}/key-account`)).status, 404);
  });

  test('another shop’s customers and visits are out of reach', async () => {
    const foreignVisitCustomer = otherCustomerId;
    await s.db.insertInto('key_accounts').values({ account_id: (await s.db.selectFrom('customers').select('account_id').where('id', '=', otherCustomerId).executeTakeFirstOrThrow()).account_id, customer_id: foreignVisitCustomer, contacts: '[]', company: '乙店大客户', contract_terms: null, notes: null, discount_percent: null, payment_terms: null, visit_every: 7, visit_unit: 'day' }).execute();
    const visit = await s.db.insertInto('key_account_visits').values({ account_id: (await s.db.selectFrom('customers').select('account_id').where('id', '=', otherCustomerId).executeTakeFirstOrThrow()).account_id, customer_id: foreignVisitCustomer, due_at: clock.now(), outcome: null, done_at: null, done_by: null }).returning('id').executeTakeFirstOrThrow();
    assert.equal((await owner.get(`/api/customers/${otherCustomerId}/key-account`)).status, 404);
    assert.equal((await put(otherCustomerId, { managerId }, owner)).status, 404);
    assert.equal((await owner.delete(`/api/customers/${otherCustomerId}/key-account`)).status, 404);
    assert.equal((await owner.get(`/api/customers/${otherCustomerId}/visits`)).status, 404);
    assert.equal((await owner.post(`/api/key-accounts/visits/${visit.id}/complete`, { outcome: '越权' })).status, 404);
    assert.equal((await owner.post('/api/key-accounts/visits/not-a-number/complete', { outcome: '无效' })).status, 404);
    const list = await owner.get('/api/key-accounts');
    assert.ok(!JSON.stringify(list.body).includes('乙店大客户'));
    const still = await s.db.selectFrom('key_account_visits').select('status').where('id', '=', visit.id).executeTakeFirstOrThrow();
    assert.equal(still.status, 'scheduled');
    assert.equal((await otherOwner.get('/api/key-accounts')).body.items[0].company, '乙店大客户');
  });
});
