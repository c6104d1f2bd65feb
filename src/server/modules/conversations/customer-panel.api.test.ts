import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser, setCustomerStats } from '../../../../test/factories.ts';
import { openSocket } from '../../../../test/nodes.ts';
import { newId } from '../../platform/ids.ts';

const DAY = 86_400_000;

describe(`customer panel: the customer beside a conversation (${testStore})`, () => {
  let s: TestServer;
  let accountId: string;
  let owner: TestClient;
  let agent: TestClient;
  let teamLead: TestClient;
  const customerId = `cus_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  let conversationId = '';
  const now = Date.now();

  /** An order placed `daysAgo`, with its lines; ids and totals from the inputs. */
  const addOrder = async (n: number, status: 'unpaid' | 'paid' | 'shipped' | 'completed' | 'refunded' | 'closed', daysAgo: number, paid: string, lines: Array<[string, number]>) => {
    const id = newId('ord');
    await s.db
      .insertInto('orders')
      .values({ id, account_id: accountId, customer_id: customerId, platform: 'tmall', platform_order_id: `TM2024${String(n).padStart(6, '0')}`, status, item_total: paid, discount_total: '0', shipping_fee: '0', paid_total: paid, placed_at: new Date(now - daysAgo * DAY), province: '浙江省', city: '杭州市' })
      .execute();
    await s.db
      .insertInto('order_items')
      .values(lines.map(([name, quantity], i) => ({ id: newId('oit'), account_id: accountId, order_id: id, product_id: null, sku: `SKU-${n}-${i}`, name, quantity, unit_price: '10.00', discount: '0', line_total: (10 * quantity).toFixed(2) })))
      .execute();
    return id;
  };

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
    const lead = await makeUser(s.db, accountId, 'team_lead');
    teamLead = await loginAs(s.url, lead.email, lead.password);

    await s.db
      .insertInto('customers')
      .values({
        id: customerId, account_id: accountId, name: '张伟', nickname: 'zw_小张', gender: 'male', phone: '13812345678', email: 'zhang.wei@example.com',
        province: '浙江省', city: '杭州市', source_platform: 'tmall', source_shop: '花漾美妆天猫旗舰店',
        first_seen_at: new Date(now - 400 * DAY), last_seen_at: new Date(now - DAY),
      })
      .execute();
    await setCustomerStats(s.db, customerId, { lifetime_spend: '2376.50', order_count: 5, last_order_at: new Date(now - 2 * DAY), tier: 'vip' });
    await s.db
      .insertInto('customer_identities')
      .values([
        { id: newId('cid'), account_id: accountId, customer_id: customerId, kind: 'platform', platform: 'tmall', value: 'tb_zhangwei88' },
        { id: newId('cid'), account_id: accountId, customer_id: customerId, kind: 'email', platform: null, value: 'zhang.wei@example.com' },
      ])
      .execute();
    // Seven orders: the panel shows the five placed last, whatever their status.
    await addOrder(1, 'completed', 300, '199.00', [['玻尿酸保湿面霜', 1]]);
    await addOrder(2, 'refunded', 200, '89.00', [['氨基酸洁面乳', 1]]);
    await addOrder(3, 'completed', 100, '458.50', [['玻尿酸保湿面霜', 2], ['补水面膜 10片装', 1]]);
    await addOrder(4, 'closed', 50, '59.00', [['防晒喷雾', 1]]);
    await addOrder(5, 'shipped', 10, '1200.00', Array.from({ length: 12 }, (_, i): [string, number] => [`礼盒商品${i + 1}`, 1]));
    await addOrder(6, 'paid', 2, '330.00', [['精华液 30ml', 1], ['眼霜', 1]]);
    await addOrder(7, 'unpaid', 1, '99.00', [['卸妆水', 3]]);

    // The phone number finds the customer and opens their phone conversation; a call is logged in it.
    const opened = await owner.post('/api/conversations/phone', { number: '138 1234 5678' });
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.equal(opened.body.conversation.customer.id, customerId);
    conversationId = opened.body.conversation.id;
    const call = await owner.post(`/api/conversations/${conversationId}/calls`, { clientId: randomUUID(), direction: 'inbound', durationSec: 95, summary: '询问发货时间' });
    assert.equal(call.status, 201, JSON.stringify(call.body));

    // Twelve earlier conversations in the web inbox, one a day.
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    await s.db
      .insertInto('conversations')
      .values(Array.from({ length: 12 }, (_, i) => ({
        id: newId('cnv'), account_id: accountId, inbox_id: inbox.id, customer_id: customerId, channel: 'web' as const, status: 'resolved' as const, entry: '{}', assignee_id: null,
        last_message_at: new Date(now - (i + 3) * DAY), last_message_preview: `第${i + 1}次咨询`, waiting_since: null, first_reply_at: null, resolved_at: new Date(now - (i + 3) * DAY), created_at: new Date(now - (i + 3) * DAY - 3_600_000),
      })))
      .execute();
  });
  after(async () => {
    await s.close();
  });

  test('the profile, identities, five latest orders and ten other conversations', async () => {
    const res = await teamLead.get(`/api/conversations/${conversationId}/customer`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { customer, identities, recentOrders, earlierConversations } = res.body;
    assert.deepEqual(
      { ...customer, firstSeenAt: undefined, lastSeenAt: undefined, lastOrderAt: undefined },
      {
        id: customerId, name: '张伟', nickname: 'zw_小张', gender: 'male', province: '浙江省', city: '杭州市', sourcePlatform: 'tmall', sourceShop: '花漾美妆天猫旗舰店',
        tier: 'vip', lifetimeSpend: '2376.50', orderCount: 5, phone: '13812345678', email: 'zhang.wei@example.com', contactMasked: false,
        firstSeenAt: undefined, lastSeenAt: undefined, lastOrderAt: undefined,
      },
    );
    assert.equal(customer.lastOrderAt, new Date(now - 2 * DAY).toISOString());
    // The platform id, the email, and the phone identity the call route added.
    assert.deepEqual(identities.map((i: any) => [i.kind, i.platform, i.value]).sort(), [['email', null, 'zhang.wei@example.com'], ['phone', null, '13812345678'], ['platform', 'tmall', 'tb_zhangwei88']]);

    assert.deepEqual(recentOrders.map((o: any) => [o.platformOrderId, o.status, o.paidTotal]), [
      ['TM2024000007', 'unpaid', '99.00'],
      ['TM2024000006', 'paid', '330.00'],
      ['TM2024000005', 'shipped', '1200.00'],
      ['TM2024000004', 'closed', '59.00'],
      ['TM2024000003', 'completed', '458.50'],
    ]);
    const [latest, , big, , older] = recentOrders;
    assert.deepEqual(latest.items, [{ name: '卸妆水', sku: 'SKU-7-0', quantity: 3 }]);
    assert.equal(latest.platform, 'tmall');
    assert.equal(latest.currency, 'CNY');
    assert.equal(latest.placedAt, new Date(now - DAY).toISOString());
    assert.deepEqual(older.items.map((i: any) => `${i.name}×${i.quantity}`), ['玻尿酸保湿面霜×2', '补水面膜 10片装×1']);
    assert.equal(older.lineCount, 2);
    // A long order lists its first ten lines and counts them all.
    assert.equal(big.items.length, 10);
    assert.equal(big.lineCount, 12);
    assert.equal(big.items[0].name, '礼盒商品1');

    assert.equal(earlierConversations.length, 10);
    assert.ok(earlierConversations.every((c: any) => c.id !== conversationId), 'the open conversation is not among the earlier ones');
    assert.deepEqual(earlierConversations.map((c: any) => c.lastMessagePreview), Array.from({ length: 10 }, (_, i) => `第${i + 1}次咨询`));
    assert.deepEqual(Object.keys(earlierConversations[0]).sort(), ['channel', 'createdAt', 'id', 'lastMessageAt', 'lastMessagePreview', 'status']);
    assert.equal(earlierConversations[0].channel, 'web');
    assert.equal(earlierConversations[0].status, 'resolved');
  });

  test('an earlier conversation shows the current one among its own earlier conversations', async () => {
    const first = (await owner.get(`/api/conversations/${conversationId}/customer`)).body.earlierConversations[0];
    const res = await owner.get(`/api/conversations/${first.id}/customer`);
    assert.equal(res.status, 200);
    assert.equal(res.body.customer.id, customerId);
    assert.equal(res.body.earlierConversations[0].id, conversationId, 'the phone conversation has the latest activity');
    assert.equal(res.body.earlierConversations[0].channel, 'phone');
    assert.match(res.body.earlierConversations[0].lastMessagePreview, /^\[来电 1分35秒\] 询问发货时间/);
  });

  test('an agent sees the phone and email masked, in the profile, the identities and a logged call', async () => {
    const res = await agent.get(`/api/conversations/${conversationId}/customer`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.customer.phone, '138****5678');
    assert.equal(res.body.customer.email, 'z***@example.com');
    assert.equal(res.body.customer.contactMasked, true);
    const values = res.body.identities.map((i: any) => i.value).sort();
    assert.deepEqual(values, ['138****5678', 'tb_zhangwei88', 'z***@example.com']);
    const text = JSON.stringify(res.body);
    assert.ok(!text.includes('13812345678') && !text.includes('zhang.wei@'), 'nothing of the full contacts is left');

    const agentMessages = (await agent.get(`/api/conversations/${conversationId}/messages`)).body.items;
    assert.deepEqual(agentMessages.find((m: any) => m.kind === 'call').meta, { direction: 'inbound', number: '138****5678', durationSec: 95 });
    const leadMessages = (await teamLead.get(`/api/conversations/${conversationId}/messages`)).body.items;
    assert.equal(leadMessages.find((m: any) => m.kind === 'call').meta.number, '13812345678');

    // An agent who logs a call without a number gets the customer's number back masked; the
    // workspace's live event carries it masked to the agent, and whole to the owner.
    const ownerSock = await openSocket(s.url, owner.cookie);
    const agentSock = await openSocket(s.url, agent.cookie);
    await Promise.all([ownerSock, agentSock].map((sock) => sock.waitFor((f) => f.type === 'ready')));
    const logged = await agent.post(`/api/conversations/${conversationId}/calls`, { clientId: randomUUID(), direction: 'outbound', durationSec: 30, summary: '回电确认地址' });
    assert.equal(logged.status, 201, JSON.stringify(logged.body));
    assert.equal(logged.body.message.meta.number, '138****5678');
    const [toOwner, toAgent] = await Promise.all([ownerSock, agentSock].map((sock) => sock.waitFor((f) => f.type === 'event' && f.event === 'message.created' && f.data.message.id === logged.body.message.id)));
    assert.equal(toOwner.data.message.meta.number, '13812345678');
    assert.equal(toAgent.data.message.meta.number, '138****5678');
    ownerSock.close();
    agentSock.close();
  });

  test('roles: the ones without customers.contact.read see masked contacts; operations cannot read conversations', async () => {
    const expectations: Array<[Parameters<typeof makeUser>[2], number, boolean | null]> = [
      ['supervisor', 200, false],
      ['admin', 200, false],
      ['dispatcher', 200, true],
      ['qa_inspector', 200, true],
      ['operations', 403, null],
    ];
    for (const [role, status, masked] of expectations) {
      const u = await makeUser(s.db, accountId, role);
      const client = await loginAs(s.url, u.email, u.password);
      const res = await client.get(`/api/conversations/${conversationId}/customer`);
      assert.equal(res.status, status, `${role}: ${JSON.stringify(res.body)}`);
      if (masked !== null) assert.equal(res.body.customer.contactMasked, masked, role);
    }
    const roles = (await owner.get('/api/roles')).body;
    const permission = roles.permissions.find((p: any) => p.key === 'customers.contact.read');
    assert.deepEqual(permission.label, { 'zh-CN': '查看客户完整手机号和邮箱（否则脱敏显示）', en: 'See customers’ full phone numbers and email addresses (masked otherwise)' });
    assert.deepEqual(roles.roles.filter((r: any) => r.permissions.includes('customers.contact.read')).map((r: any) => r.key), ['owner', 'admin', 'supervisor', 'team_lead']);
  });

  test('a customer with nothing yet: empty lists, zero spend, no contacts', async () => {
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    const loneId = newId('cus');
    await s.db.insertInto('customers').values({ id: loneId, account_id: accountId, name: null, nickname: '访客7K2Q' }).execute();
    const cid = newId('cnv');
    await s.db.insertInto('conversations').values({ id: cid, account_id: accountId, inbox_id: inbox.id, customer_id: loneId, channel: 'web', entry: '{}', assignee_id: null, last_message_at: null, last_message_preview: null, waiting_since: null, first_reply_at: null, resolved_at: null }).execute();
    const res = await agent.get(`/api/conversations/${cid}/customer`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.customer.name, res.body.customer.nickname, res.body.customer.tier, res.body.customer.lifetimeSpend, res.body.customer.orderCount], [null, '访客7K2Q', 'normal', '0.00', 0]);
    assert.deepEqual([res.body.customer.phone, res.body.customer.email, res.body.customer.lastOrderAt], [null, null, null]);
    assert.deepEqual([res.body.identities, res.body.recentOrders, res.body.earlierConversations], [[], [], []]);
  });

  test('another account’s conversation, or one that does not exist, is not found', async () => {
    const b = await makeAccount(s.db);
    const ownerB = await loginAs(s.url, b.email, b.password);
    const foreign = await ownerB.get(`/api/conversations/${conversationId}/customer`);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'not_found');
    assert.equal(foreign.body.error.message, '未找到该会话');
    assert.ok(!JSON.stringify(foreign.body).includes('张伟'));
    const missing = await owner.get('/api/conversations/cnv_nope/customer');
    assert.equal(missing.status, 404);
    const tooLong = await owner.get(`/api/conversations/${'x'.repeat(65)}/customer`);
    assert.equal(tooLong.status, 400);
    assert.equal(tooLong.body.error.code, 'validation_failed');
  });
});
