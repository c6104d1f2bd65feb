import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser, setCustomerStats } from '../../../../../test/factories.ts';
import { newId } from '../../../platform/ids.ts';
import { ensureDefaultInbox } from '../../conversations/index.ts';
import { ERASED_MARKER } from './index.ts';

type Person = { id: string; name: string; phone: string; email: string; orderNo: string; item: string; said: string; note: string };

describe(`customer privacy: reveal, export, erase (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let owner: TestClient;
  let agent: TestClient;
  let teamLead: TestClient;
  let teamLeadId: string;
  let otherOwner: TestClient;
  let otherCustomerId: string;

  const uniq = () => Math.random().toString(36).slice(2, 8);

  /** A customer with a phone identity, a paid order with a line, a chat (their words, a left contact, a file, our reply and an internal note) and a timeline event. */
  async function makeCustomer(acc: string, label: string): Promise<Person> {
    const u = uniq();
    const p: Person = { id: newId('cus'), name: `${label}${u}`, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, email: `${label}-${u}@mail.test`, orderNo: `TM-${u}`, item: `羊绒围巾-${u}`, said: `我的地址是西湖区文三路${u}号`, note: `内部备注-${u}` };
    await s.db.insertInto('customers').values({ id: p.id, account_id: acc, name: p.name, nickname: `昵称${u}`, phone: p.phone, email: p.email, province: '浙江省', city: '杭州市', district: '西湖区', birthday: '1990-05-01' }).execute();
    await setCustomerStats(s.db, p.id, { lifetime_spend: '299.00', order_count: 1, last_order_at: new Date() });
    await s.db.insertInto('customer_identities').values({ id: newId('cid'), account_id: acc, customer_id: p.id, kind: 'phone', platform: null, value: p.phone }).execute();
    const orderId = newId('ord');
    await s.db.insertInto('orders').values({ id: orderId, account_id: acc, customer_id: p.id, platform: 'tmall', platform_order_id: p.orderNo, status: 'paid', item_total: '299.00', discount_total: '0', shipping_fee: '0', paid_total: '299.00', placed_at: new Date(), province: '浙江省', city: '杭州市' }).execute();
    await s.db.insertInto('order_items').values({ id: newId('oit'), account_id: acc, order_id: orderId, product_id: null, sku: 'SCARF', name: p.item, quantity: 1, unit_price: '299.00', discount: '0', line_total: '299.00' }).execute();
    const inbox = await ensureDefaultInbox(s.db, acc);
    const conversationId = newId('cnv');
    await s.db.insertInto('conversations').values({ id: conversationId, account_id: acc, inbox_id: inbox.id, customer_id: p.id, channel: 'web', entry: '{}', assignee_id: null, last_message_at: new Date(), last_message_preview: p.said, waiting_since: null, first_reply_at: null, resolved_at: null }).execute();
    const m = (sender_type: 'customer' | 'agent', kind: 'text' | 'note', body: string, meta: Record<string, unknown> = {}) => ({ account_id: acc, conversation_id: conversationId, sender_type, sender_id: null, sender_name: sender_type === 'customer' ? p.name : '客服小美', kind, body, client_id: null, meta: JSON.stringify(meta), attachments: '[]' });
    await s.db.insertInto('messages').values([m('customer', 'text', p.said, { leaveMessage: { name: p.name, phone: p.phone } }), m('agent', 'text', '好的，马上为您处理'), m('agent', 'note', p.note)]).execute();
    await s.db.insertInto('attachments').values({ id: newId('att'), account_id: acc, conversation_id: conversationId, message_id: null, uploader_type: 'customer', uploader_id: p.id, file_name: 'photo.jpg', content_type: 'image/jpeg', byte_size: 3, sha256: 'x', data: Buffer.from('abc') }).execute();
    await s.db.insertInto('customer_events').values({ account_id: acc, customer_id: p.id, kind: 'order.paid', data: JSON.stringify({ orderNo: p.orderNo }), actor_id: null }).execute();
    return p;
  }

  let alice: Person;
  let bob: Person;

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
    const tl = await makeUser(s.db, accountId, 'team_lead');
    teamLead = await loginAs(s.url, tl.email, tl.password);
    teamLeadId = tl.user.id;
    const b = await makeAccount(s.db);
    otherOwner = await loginAs(s.url, b.email, b.password);
    alice = await makeCustomer(accountId, '爱丽丝');
    bob = await makeCustomer(accountId, '鲍勃');
    otherCustomerId = (await makeCustomer(b.accountId, '乙店顾客')).id;
    assert.equal((await owner.request('PUT', `/api/customers/${alice.id}/consents`, { changes: [{ channel: 'sms', status: 'opted_in', source: 'widget' }] })).status, 200);
  });

  after(async () => {
    await s?.close();
  });

  test('reveal: the full contact for a role that may see it, written to the audit log; an agent is refused', async () => {
    const refused = await agent.post(`/api/customers/${alice.id}/reveal`, {});
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'forbidden');

    const res = await teamLead.post(`/api/customers/${alice.id}/reveal`, { reason: '核对收货电话' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.phone, alice.phone);
    assert.equal(res.body.email, alice.email);
    assert.deepEqual(res.body.address, { province: '浙江省', city: '杭州市', district: '西湖区' });
    assert.deepEqual(res.body.identities.map((i: { value: string }) => i.value), [alice.phone]);

    const audit = await owner.get('/api/audit-log?action=customer.contact_revealed');
    const entry = audit.body.items.find((e: any) => e.target?.id === alice.id || e.targetId === alice.id);
    assert.ok(entry, JSON.stringify(audit.body.items));
    const row = await s.db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId).where('action', '=', 'customer.contact_revealed').where('target_id', '=', alice.id).executeTakeFirstOrThrow();
    assert.equal(row.actor_id, teamLeadId);
    assert.equal(row.target_label, alice.name);
    assert.deepEqual((row.data as any).fields, ['phone', 'email', 'address', 'identities']);
    assert.equal((row.data as any).reason, '核对收货电话');
  });

  test('export: one customer’s record, orders with items, conversations without internal notes, timeline, consents — nothing of another', async () => {
    assert.equal((await teamLead.get(`/api/customers/${alice.id}/export`)).status, 403);
    const res = await owner.get(`/api/customers/${alice.id}/export`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="customer-cus_\w+\.json"$/);
    const doc = res.body;
    assert.equal(doc.format, 'shopdesk.customer-export.v1');
    assert.equal(doc.customer.id, alice.id);
    assert.equal(doc.customer.phone, alice.phone);
    assert.equal(doc.identities[0].value, alice.phone);
    assert.equal(doc.orders.length, 1);
    assert.equal(doc.orders[0].platformOrderId, alice.orderNo);
    assert.equal(doc.orders[0].items[0].name, alice.item);
    assert.equal(doc.conversations.length, 1);
    assert.deepEqual(doc.conversations[0].messages.map((m: any) => m.body), [alice.said, '好的，马上为您处理']);
    assert.equal(doc.timeline[0].kind, 'order.paid');
    assert.deepEqual(doc.consents.map((c: any) => [c.channel, c.status, c.source]), [['sms', 'opted_in', 'widget']]);
    const text = JSON.stringify(doc);
    for (const foreign of [bob.name, bob.phone, bob.email, bob.orderNo, bob.item, bob.said, alice.note]) assert.ok(!text.includes(foreign), `the export holds ${foreign}`);
    const row = await s.db.selectFrom('audit_log').select(['actor_name', 'data']).where('account_id', '=', accountId).where('action', '=', 'customer.exported').where('target_id', '=', alice.id).executeTakeFirstOrThrow();
    assert.deepEqual(row.data, { orders: 1, conversations: 1 });
  });

  test('erase: personal fields gone, the customer’s words replaced, files deleted, amounts and aggregates kept; audited and not twice', async () => {
    assert.equal((await owner.post(`/api/customers/${alice.id}/erase`, {})).status, 400);
    const unconfirmed = await owner.post(`/api/customers/${alice.id}/erase`, { confirm: false });
    assert.equal(unconfirmed.status, 400);
    assert.equal(unconfirmed.body.error.code, 'erase_not_confirmed');
    assert.equal(unconfirmed.body.error.field, 'confirm');
    assert.equal((await teamLead.post(`/api/customers/${alice.id}/erase`, { confirm: true })).status, 403);
    assert.equal((await s.db.selectFrom('customer_records').select('name').where('id', '=', alice.id).executeTakeFirstOrThrow()).name, alice.name, 'nothing erased by refused requests');

    const res = await owner.post(`/api/customers/${alice.id}/erase`, { confirm: true, reason: '客户来电要求删除' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.identities, res.body.messages, res.body.attachments], [1, 1, 1]);

    const c = await s.db.selectFrom('customer_records').selectAll().where('account_id', '=', accountId).where('id', '=', alice.id).executeTakeFirstOrThrow();
    assert.deepEqual([c.name, c.nickname, c.phone, c.email, c.birthday, c.province, c.city, c.district], [null, null, null, null, null, null, null, null]);
    assert.ok(c.erased_at);
    assert.equal(c.lifetime_spend, '299.00');
    assert.equal(c.order_count, 1);
    const identity = await s.db.selectFrom('customer_identities').select('value').where('customer_id', '=', alice.id).executeTakeFirstOrThrow();
    assert.match(identity.value, /^erased:cid_/);
    const order = await s.db.selectFrom('orders').select(['paid_total', 'platform_order_id', 'province', 'city']).where('customer_id', '=', alice.id).executeTakeFirstOrThrow();
    assert.deepEqual(order, { paid_total: '299.00', platform_order_id: alice.orderNo, province: null, city: null });
    const messages = await s.db
      .selectFrom('messages as m')
      .innerJoin('conversations as cv', 'cv.id', 'm.conversation_id')
      .select(['m.sender_type', 'm.body', 'm.meta', 'm.sender_name'])
      .where('cv.customer_id', '=', alice.id)
      .orderBy('m.id')
      .execute();
    assert.deepEqual(messages.map((m) => m.body), [ERASED_MARKER, '好的，马上为您处理', alice.note]);
    assert.equal(messages[0].sender_name, null);
    assert.deepEqual(messages[0].meta, {});
    const files = await s.db.selectFrom('attachments').select('id').where('account_id', '=', accountId).where('uploader_id', '=', alice.id).execute();
    assert.equal(files.length, 0);
    const everything = JSON.stringify(await s.db.selectFrom('customer_records').selectAll().where('id', '=', alice.id).execute()) + JSON.stringify(messages);
    for (const personal of [alice.name, alice.phone, alice.email, alice.said]) assert.ok(!everything.includes(personal), `${personal} survived the erasure`);

    const untouched = await s.db.selectFrom('customer_records').select(['name', 'phone']).where('id', '=', bob.id).executeTakeFirstOrThrow();
    assert.deepEqual(untouched, { name: bob.name, phone: bob.phone });

    const audit = await s.db.selectFrom('audit_log').select(['data']).where('account_id', '=', accountId).where('action', '=', 'customer.erased').where('target_id', '=', alice.id).execute();
    assert.equal(audit.length, 1);
    assert.equal((audit[0].data as any).reason, '客户来电要求删除');

    const again = await owner.post(`/api/customers/${alice.id}/erase`, { confirm: true });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'customer_already_erased');
  });

  test('another shop’s customer is not found by any of these routes, and nothing is audited for it', async () => {
    for (const [method, path, body] of [
      ['POST', `/api/customers/${otherCustomerId}/reveal`, {}],
      ['GET', `/api/customers/${otherCustomerId}/export`, undefined],
      ['POST', `/api/customers/${otherCustomerId}/erase`, { confirm: true }],
    ] as const) {
      const res = await owner.request(method, path, body);
      assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(res.body)}`);
    }
    const other = await s.db.selectFrom('customer_records').select('name').where('id', '=', otherCustomerId).executeTakeFirstOrThrow();
    assert.ok(other.name?.startsWith('乙店顾客'));
    const audited = await s.db.selectFrom('audit_log').select('id').where('target_id', '=', otherCustomerId).execute();
    assert.equal(audited.length, 0);
    assert.equal((await otherOwner.post(`/api/customers/${bob.id}/reveal`, {})).status, 404);
  });
});
