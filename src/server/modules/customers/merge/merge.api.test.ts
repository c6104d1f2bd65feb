import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../../test/factories.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { newId, newSecret } from '../../../platform/ids.ts';

/**
 * Merging two records of one buyer (合并客户) and undoing it (撤销合并) through the server: what
 * moves, what is counted again, the audit and the timeline, a retry, the checks on the input and
 * on the role, and an undo that gives back exactly what moved.
 */
describe(`customer merge and undo (${testStore})`, () => {
  const clock = fixedClock('2026-06-01T02:00:00Z');
  let s: TestServer;
  let accountId: string;
  let owner: TestClient;
  let agent: TestClient;
  let lead: TestClient;
  let otherCustomerId: string;
  let otherMergeOwner: TestClient;
  let inboxId: string;

  async function customer(values: { name?: string | null; nickname?: string; phone?: string; email?: string; tags?: string[]; attributes?: Record<string, unknown> } = {}, acc = accountId) {
    const id = newId('cus');
    await s.db.insertInto('customers').values({
      id, account_id: acc, name: values.name === undefined ? `客户${id.slice(-4)}` : values.name, nickname: values.nickname ?? null, phone: values.phone ?? null, email: values.email ?? null,
      tags: values.tags ?? [], attributes: JSON.stringify(values.attributes ?? {}), first_seen_at: clock.now(), last_seen_at: clock.now(),
    }).execute();
    return id;
  }
  async function identity(customerId: string, kind: 'phone' | 'email' | 'platform', value: string, platform: 'taobao' | 'tmall' | null = null) {
    await s.db.insertInto('customer_identities').values({ id: newId('cid'), account_id: accountId, customer_id: customerId, kind, platform, value }).execute();
  }
  /** An order as the orders flow leaves it: the row, and the customer's aggregates counted again. */
  async function order(customerId: string, paidTotal: string, status: 'paid' | 'refunded' = 'paid', placedAt = clock.now()) {
    const id = newId('ord');
    await s.db.insertInto('orders').values({ id, account_id: accountId, customer_id: customerId, platform: 'taobao', platform_order_id: id, status, paid_total: paidTotal, item_total: paidTotal, placed_at: placedAt, paid_at: placedAt }).execute();
    await sql`update customer_stats c set lifetime_spend = coalesce(s.spend, 0), order_count = s.n
                from (select sum(paid_total) as spend, count(*)::int as n from orders where customer_id = ${customerId} and status = 'paid') s
               where c.customer_id = ${customerId}`.execute(s.db);
    return id;
  }
  async function earn(customerId: string, points: number) {
    await s.db.insertInto('points_entries').values({ account_id: accountId, customer_id: customerId, kind: 'adjust', amount: points, remaining: points, expires_at: new Date('2027-06-01T00:00:00Z'), reason: '测试' }).execute();
    await s.db.insertInto('points_balances').values({ account_id: accountId, customer_id: customerId, balance: points, updated_at: clock.now() })
      .onConflict((oc) => oc.columns(['account_id', 'customer_id']).doUpdateSet((eb) => ({ balance: eb('points_balances.balance', '+', points) }))).execute();
  }
  async function conversation(customerId: string) {
    const id = newId('cnv');
    await s.db.insertInto('conversations').values({ id, account_id: accountId, inbox_id: inboxId, customer_id: customerId, channel: 'web' }).execute();
    return id;
  }
  const row = (id: string) => s.db.selectFrom('customer_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const owned = async (table: 'orders' | 'conversations' | 'customer_identities', customerId: string) =>
    (await s.db.selectFrom(table).select('id').where('customer_id', '=', customerId).execute()).map((r) => r.id).sort();
  const balance = async (id: string) => Number((await s.db.selectFrom('points_balances').select('balance').where('customer_id', '=', id).executeTakeFirst())?.balance ?? 0);
  const merge = (survivor: string, from: string, as = owner) => as.post(`/api/customers/${survivor}/merge`, { from });

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
    const l = await makeUser(s.db, accountId, 'team_lead');
    lead = await loginAs(s.url, l.email, l.password);
    const b = await makeAccount(s.db);
    otherMergeOwner = await loginAs(s.url, b.email, b.password);
    otherCustomerId = await customer({}, b.accountId);
    inboxId = newId('inb');
    await s.db.insertInto('inboxes').values({ id: inboxId, account_id: accountId, name: '官网咨询', channel: 'web', greeting: null, identity_secret: newSecret(32), settings: '{}' }).execute();
    // The four default tiers (高级会员 from 3 orders or ¥1000), seeded on first use.
    assert.equal((await owner.get('/api/loyalty/tiers')).status, 200);
  });

  after(async () => {
    await s?.close();
  });

  test('a merge moves identities, conversations, orders, points, notes and the timeline, counts again, and is audited; undo gives back exactly that', async () => {
    const S = await customer({ name: '张伟', phone: '13900001111', tags: ['老客'], attributes: { size: 'L' } });
    await identity(S, 'phone', '13900001111');
    const F = await customer({ name: null, nickname: 'tb_zhangwei', phone: '139-0000-1111', email: 'zw@example.com', tags: ['敏感肌', '老客'], attributes: { size: 'M', skin_type: 'oily' } });
    await identity(F, 'platform', 'tb_zhangwei', 'taobao');
    await identity(F, 'email', 'zw@example.com');
    const sOrder = await order(S, '600.00');
    const fOrders = [await order(F, '300.00'), await order(F, '200.00'), await order(F, '99.00', 'refunded')];
    await earn(S, 100);
    await earn(F, 500);
    const sConv = await conversation(S);
    const fConv = await conversation(F);
    const note = await owner.post(`/api/customers/${F}/notes`, { body: '淘宝买家，和官网张伟是同一人' });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    await s.db.insertInto('customer_consents').values({ account_id: accountId, customer_id: F, channel: 'email', status: 'opted_out', source: 'customer_request', note: null, actor_id: null }).execute();
    await s.db.insertInto('customer_consents').values({ account_id: accountId, customer_id: S, channel: 'email', status: 'opted_in', source: 'agent', note: null, actor_id: null }).execute();
    const fIdentities = await owned('customer_identities', F);
    const sIdentities = await owned('customer_identities', S);

    // The confirm dialog says what will move, and changes nothing.
    const preview = await owner.get(`/api/customers/${S}/merge-preview?from=${F}`);
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual(preview.body.reasons, ['phone']);
    assert.equal(preview.body.moves.orders, 3);
    assert.equal(preview.body.moves.conversations, 1);
    assert.equal(preview.body.moves.identities, 2);
    assert.equal(preview.body.moves.points, 500);
    assert.equal(preview.body.moves.notes, 1);
    assert.equal((await row(F)).merged_into, null);

    const res = await merge(S, F);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const m = res.body.merge;
    assert.match(m.id, /^mrg_/);
    assert.deepEqual(m.survivor, { id: S, name: '张伟' });
    assert.deepEqual(m.reasons, ['phone']);
    assert.equal(m.moved.orders, 3);
    assert.equal(m.moved.conversations, 1);
    assert.equal(m.moved.points, 500);
    assert.equal(m.moved.notes, 1);
    assert.equal(m.tierBefore, 'normal');
    assert.equal(m.tierAfter, 'advanced', '3 paid orders reach 高级会员');
    assert.equal(m.undoneAt, null);

    assert.deepEqual(await owned('orders', S), [sOrder, ...fOrders].sort());
    assert.deepEqual(await owned('conversations', S), [sConv, fConv].sort());
    assert.deepEqual(await owned('customer_identities', S), [...sIdentities, ...fIdentities].sort());
    assert.deepEqual(await owned('orders', F), []);
    const survivor = await row(S);
    assert.equal(survivor.lifetime_spend, '1100.00');
    assert.equal(survivor.order_count, 3);
    assert.equal(survivor.tier, 'advanced');
    assert.equal(survivor.phone, '13900001111', 'the survivor keeps its own phone');
    assert.equal(survivor.email, 'zw@example.com', 'a field the survivor lacked is filled');
    assert.deepEqual([...survivor.tags].sort(), ['敏感肌', '老客'].sort());
    assert.deepEqual(survivor.attributes, { size: 'L', skin_type: 'oily' }, 'the survivor wins a conflict');
    assert.equal(await balance(S), 600);
    assert.equal(await balance(F), 0);
    const merged = await row(F);
    assert.equal(merged.merged_into, S);
    assert.equal(merged.lifetime_spend, '0.00');
    const tierChange = await s.db.selectFrom('customer_tier_changes').selectAll().where('customer_id', '=', S).executeTakeFirst();
    assert.equal(tierChange?.to_tier, 'advanced');

    // The survivor's page: the note, the timeline entry, the consent (an opt-out on either record stays).
    const notes = await owner.get(`/api/customers/${S}/notes`);
    assert.deepEqual(notes.body.items.map((n: { body: string }) => n.body), ['淘宝买家，和官网张伟是同一人']);
    const timeline = await owner.get(`/api/customers/${S}/timeline?limit=50`);
    assert.equal(timeline.status, 200, JSON.stringify(timeline.body));
    const kinds = JSON.stringify(timeline.body);
    assert.match(kinds, /customer\.merged/);
    assert.match(kinds, /合并了客户 tb_zhangwei/);
    const consent = await s.db.selectFrom('customer_consents').select(['status']).where('customer_id', '=', S).where('channel', '=', 'email').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(consent.status, 'opted_out');

    const audit = await s.db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId).where('action', '=', 'customer.merged').where('target_id', '=', S).execute();
    assert.equal(audit.length, 1);
    assert.equal((audit[0].data as { mergeId: string }).mergeId, m.id);

    // Hidden from the list and search, and the merged record says where it went.
    const list = await owner.get('/api/customers?q=13900001111');
    assert.deepEqual(list.body.items.map((c: { id: string }) => c.id), [S]);
    assert.deepEqual((await owner.get('/api/customers?q=tb_zhangwei')).body.items.map((c: { id: string }) => c.id), [S], 'the buyer’s nickname finds the survivor (filled by the merge), not the merged record');
    const status = await agent.get(`/api/customers/${F}/merges`);
    assert.equal(status.status, 200);
    assert.equal(status.body.mergedInto.id, S);
    assert.equal(status.body.mergedInto.mergeId, m.id);
    const history = await owner.get(`/api/customers/${S}/merges`);
    assert.equal(history.body.mergedInto, null);
    assert.deepEqual(history.body.items.map((x: { id: string }) => x.id), [m.id]);

    // A retry answers the same merge, and makes no second one.
    const retry = await merge(S, F);
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    assert.equal(retry.body.merge.id, m.id);
    const count = await s.db.selectFrom('customer_merges').select('id').where('merged_id', '=', F).execute();
    assert.equal(count.length, 1);
    assert.equal(await balance(S), 600, 'a retry moves no points twice');

    // After the merge the survivor lives on: a new order and a new note stay with it through the undo.
    const later = await order(S, '50.00');
    await owner.post(`/api/customers/${S}/notes`, { body: '合并后的回访记录' });

    assert.equal((await agent.post(`/api/customer-merges/${m.id}/undo`)).status, 403);
    const undo = await lead.post(`/api/customer-merges/${m.id}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.ok(undo.body.merge.undoneAt);

    assert.deepEqual(await owned('orders', F), fOrders.sort());
    assert.deepEqual(await owned('orders', S), [sOrder, later].sort());
    assert.deepEqual(await owned('conversations', F), [fConv]);
    assert.deepEqual(await owned('customer_identities', F), fIdentities);
    assert.deepEqual(await owned('customer_identities', S), sIdentities);
    const s2 = await row(S);
    const f2 = await row(F);
    assert.equal(f2.merged_into, null);
    assert.equal(s2.lifetime_spend, '650.00');
    assert.equal(s2.order_count, 2);
    assert.equal(s2.tier, 'normal', 'the tier the merge brought goes with it');
    assert.equal(s2.email, null, 'what the merge filled is cleared');
    assert.deepEqual(s2.tags, ['老客']);
    assert.deepEqual(s2.attributes, { size: 'L' });
    assert.equal(f2.lifetime_spend, '500.00');
    assert.equal(f2.order_count, 2);
    assert.deepEqual([...f2.tags].sort(), ['敏感肌', '老客'].sort());
    assert.equal(await balance(S), 100);
    assert.equal(await balance(F), 500);
    assert.deepEqual((await owner.get(`/api/customers/${F}/notes`)).body.items.map((n: { body: string }) => n.body), ['淘宝买家，和官网张伟是同一人']);
    assert.deepEqual((await owner.get(`/api/customers/${S}/notes`)).body.items.map((n: { body: string }) => n.body), ['合并后的回访记录']);
    const consentAfter = await s.db.selectFrom('customer_consents').select(['status']).where('customer_id', '=', S).where('channel', '=', 'email').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(consentAfter.status, 'opted_in', 'the opt-out the merge wrote is gone with it');
    const fConsent = await s.db.selectFrom('customer_consents').select(['status']).where('customer_id', '=', F).execute();
    assert.deepEqual(fConsent.map((c) => c.status), ['opted_out']);
    const undoAudit = await s.db.selectFrom('audit_log').select('data').where('account_id', '=', accountId).where('action', '=', 'customer.merge_undone').execute();
    assert.equal(undoAudit.length, 1);
    assert.match(JSON.stringify((await owner.get(`/api/customers/${S}/timeline?limit=50`)).body), /customer\.unmerged/);
    assert.deepEqual((await owner.get('/api/customers?q=tb_zhangwei')).body.items.map((c: { id: string }) => c.id), [F], 'the merged record is listed again');

    // An undone merge stays undone.
    const twice = await owner.post(`/api/customer-merges/${m.id}/undo`);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'merge_already_undone');
    // And the pair can be merged again, as a new merge.
    const again = await merge(S, F);
    assert.equal(again.status, 201);
    assert.notEqual(again.body.merge.id, m.id);
  });

  test('bad input gets a clear 4xx: itself, unknown, another shop’s, already merged; agents may not merge', async () => {
    const a = await customer({ phone: '13700003333' });
    const b = await customer({ phone: '13700003333' });
    const c = await customer();

    const self = await merge(a, a);
    assert.equal(self.status, 400);
    assert.equal(self.body.error.code, 'merge_same_customer');
    assert.equal(self.body.error.field, 'from');
    assert.equal((await owner.post(`/api/customers/${a}/merge`, {})).status, 400);
    assert.equal((await owner.post(`/api/customers/${a}/merge`, { from: b, extra: 1 })).status, 400);
    assert.equal((await merge(a, 'cus_nobody')).status, 404);
    assert.equal((await merge('cus_nobody', a)).status, 404);
    assert.equal((await merge(a, otherCustomerId)).status, 404, 'another shop’s customer is not found');
    assert.equal((await otherMergeOwner.post(`/api/customers/${otherCustomerId}/merge`, { from: a })).status, 404);

    const denied = await merge(a, b, agent);
    assert.equal(denied.status, 403);
    assert.equal((await agent.get(`/api/customers/${a}/merge-preview?from=${b}`)).status, 200, 'an agent may look');

    assert.equal((await merge(a, b)).status, 201);
    const intoOther = await merge(c, b);
    assert.equal(intoOther.status, 409);
    assert.equal(intoOther.body.error.code, 'merge_customer_merged');
    assert.ok(intoOther.body.error.message.includes(a), 'the message names where the record went');
    const intoMerged = await merge(b, c);
    assert.equal(intoMerged.status, 409);
    assert.equal((await owner.get(`/api/customers/${c}/merge-preview?from=${b}`)).status, 409);
    const noFrom = await owner.get(`/api/customers/${c}/merge-preview`);
    assert.equal(noFrom.status, 400);
    assert.equal(noFrom.body.error.field, 'from');
    assert.equal((await owner.get(`/api/customers/${otherCustomerId}/merge-preview`)).status, 404);
    assert.equal((await owner.post('/api/customer-merges/mrg_nobody/undo')).status, 404);
  });

  test('two opposite merges at once: one wins, the other is told the record is merged', async () => {
    const a = await customer({ email: 'same@example.com' });
    const b = await customer({ email: 'same@example.com' });
    const [x, y] = await Promise.all([merge(a, b), merge(b, a)]);
    assert.deepEqual([x.status, y.status].sort(), [201, 409]);
    const live = await s.db.selectFrom('customer_merges').select(['survivor_id', 'merged_id']).where('merged_id', 'in', [a, b]).execute();
    assert.equal(live.length, 1);
  });

  test('the key-account file and its return visits move when the survivor has none, and come back on undo', async () => {
    const S = await customer();
    const F = await customer({ name: '王总' });
    const put = await owner.request('PUT', `/api/customers/${F}/key-account`, { managerId: null, company: '杭州云栖贸易有限公司', visitEvery: { n: 1, unit: 'month' } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const preview = await owner.get(`/api/customers/${S}/merge-preview?from=${F}`);
    assert.equal(preview.body.moves.keyAccount, true);
    const m = await merge(S, F);
    assert.equal(m.status, 201);
    assert.equal(m.body.merge.moved.keyAccount, true);
    assert.equal((await owner.get(`/api/customers/${S}/key-account`)).body.keyAccount.company, '杭州云栖贸易有限公司');
    assert.equal((await owner.get(`/api/customers/${S}/visits`)).body.items.length, 1);
    assert.equal((await owner.post(`/api/customer-merges/${m.body.merge.id}/undo`)).status, 200);
    assert.equal((await owner.get(`/api/customers/${S}/key-account`)).body.keyAccount, null);
    assert.equal((await owner.get(`/api/customers/${F}/key-account`)).body.keyAccount.company, '杭州云栖贸易有限公司');
    assert.equal((await owner.get(`/api/customers/${F}/visits`)).body.items.length, 1);
  });

  test('an undo waits for the survivor’s own merge to be undone first', async () => {
    const a = await customer();
    const b = await customer();
    const c = await customer();
    const first = await merge(b, a);
    assert.equal(first.status, 201);
    assert.equal((await merge(c, b)).status, 201);
    const blocked = await owner.post(`/api/customer-merges/${first.body.merge.id}/undo`);
    assert.equal(blocked.status, 409);
    assert.equal(blocked.body.error.code, 'merge_undo_blocked');
    const list = await owner.get(`/api/customer-merges?customerId=${b}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 2);
    assert.equal((await otherMergeOwner.get(`/api/customer-merges/${first.body.merge.id}`)).status, 404, 'another shop cannot see it');
    assert.equal((await otherMergeOwner.post(`/api/customer-merges/${first.body.merge.id}/undo`)).status, 404);
  });
});
