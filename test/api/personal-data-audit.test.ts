/**
 * Unmasked personal data, generated from the live route table: every read route is called with a
 * seeded customer's ids (and, for lists, a search for them), by roles that may see contacts in full
 * (customers.contact.read) and by one that may not.
 *
 * - To a role without the permission, the customer's full phone and email appear in no answer of any
 *   route (what the caller typed into the request itself aside), and the routes that show contacts
 *   show them masked (138****5678, z***@example.com).
 * - To a role with it, every route that shows them in full writes an audit entry naming the actor
 *   and the customer: a route made to hand out the whole record (reveal, export) its own action,
 *   every time; a working view (the customer list and record, the conversation's side panel and
 *   messages, duplicates and the merge preview, key accounts) 'customer.contact_viewed', the first
 *   time that member sees that customer's contacts that day. A new route that shows full contacts
 *   fails here until it writes one.
 *
 * The region (province, city, district) is shown to every role by design and is not checked here;
 * ShopDesk keeps no street address.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type Response, type TestClient, type TestServer } from '../harness.ts';
import { firstAccountId, makeUser, setCustomerStats } from '../factories.ts';
import { can, PERMISSIONS, type Permission, type Role } from '../../src/server/modules/accounts/index.ts';
import { newId } from '../../src/server/platform/ids.ts';
import { maskEmail, maskPhone } from '../../src/server/platform/mask.ts';
import { ensureDefaultInbox } from '../../src/server/modules/conversations/index.ts';
import { fillPath, key, loadRouteTable, sampleValue, type Route } from './route-table.ts';

/** Routes that read with POST (a body says why); every other read is a GET. */
const READS_BY_POST: Record<string, unknown> = { 'POST /api/customers/:id/reveal': { reason: '核对收货信息' } };

/** Routes made to hand out a customer's whole record, and the audit action each must write. */
const AUDITED: Record<string, string> = {
  'POST /api/customers/:id/reveal': 'customer.contact_revealed',
  'GET /api/customers/:id/export': 'customer.exported',
};

/**
 * Working views that show contacts in full to roles with customers.contact.read; each notes the
 * first look of the day as 'customer.contact_viewed'. The same routes mask them for the other
 * roles, checked below.
 */
const WORKING_VIEWS = new Set([
  'GET /api/customers',
  'GET /api/customers/:id',
  'GET /api/conversations/:id/customer',
  'GET /api/conversations/:id/messages',
  'GET /api/customer-duplicates',
  'GET /api/customers/:id/merge-preview',
  'GET /api/customers/:id/key-account',
  'GET /api/key-accounts',
]);

type Seeded = { customerId: string; twinId: string; conversationId: string; orderId: string; name: string; phone: string; email: string };

let s: TestServer;
let routes: Route[];
let accountId: string;
let person: Seeded;
const who = new Map<Role, { client: TestClient; userId: string }>();

const uniq = () => Math.random().toString(36).slice(2, 8);

/**
 * A customer with a phone and an email identity, an order, a chat in which they left their phone
 * and email, a key-account file whose business contact is them, and a second record with the same
 * phone (a suggested duplicate).
 */
async function seedCustomer(): Promise<Seeded> {
  const u = uniq();
  const p: Seeded = {
    customerId: newId('cus'),
    twinId: newId('cus'),
    conversationId: newId('cnv'),
    orderId: newId('ord'),
    name: `隐私测试${u}`,
    phone: `1387${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    email: `privacy-${u}@mail.test`,
  };
  await s.db.insertInto('customers').values({ id: p.customerId, account_id: accountId, name: p.name, nickname: `昵称${u}`, phone: p.phone, email: p.email, province: '浙江省', city: '杭州市', district: '西湖区' }).execute();
  await setCustomerStats(s.db, p.customerId, { lifetime_spend: '99.00', order_count: 1, last_order_at: new Date() });
  await s.db.insertInto('customer_identities').values([
    { id: newId('cid'), account_id: accountId, customer_id: p.customerId, kind: 'phone', platform: null, value: p.phone },
    { id: newId('cid'), account_id: accountId, customer_id: p.customerId, kind: 'email', platform: null, value: p.email },
  ]).execute();
  await s.db.insertInto('orders').values({ id: p.orderId, account_id: accountId, customer_id: p.customerId, platform: 'tmall', platform_order_id: `TM-PD-${u}`, status: 'paid', item_total: '99.00', discount_total: '0', shipping_fee: '0', paid_total: '99.00', placed_at: new Date(), province: '浙江省', city: '杭州市' }).execute();
  const inbox = await ensureDefaultInbox(s.db, accountId);
  await s.db.insertInto('conversations').values({ id: p.conversationId, account_id: accountId, inbox_id: inbox.id, customer_id: p.customerId, channel: 'web', entry: '{}', assignee_id: null, last_message_at: new Date(), last_message_preview: '请回电', waiting_since: null, first_reply_at: null, resolved_at: null }).execute();
  await s.db.insertInto('messages').values({ account_id: accountId, conversation_id: p.conversationId, sender_type: 'customer', sender_id: null, sender_name: p.name, kind: 'text', body: '请回电', client_id: null, meta: JSON.stringify({ leaveMessage: { name: p.name, phone: p.phone, email: p.email } }), attachments: '[]' }).execute();
  await s.db.insertInto('customers').values({ id: p.twinId, account_id: accountId, name: `${p.name}（旧）`, phone: p.phone, email: null }).execute();
  return p;
}

/** The routes that read: GETs and the reads by POST, none of the public ones (they show a shopper their own data). */
function reads(): Route[] {
  return routes.filter((r) => r.access !== 'public' && (r.method === 'GET' || key(r) in READS_BY_POST));
}

/** Each way to call a route about the seeded customer: its ids in the path; for a list, a search for them too. */
function callsFor(route: Route): string[] {
  const ids = [person.customerId, person.conversationId, person.orderId];
  const query = (extra: Record<string, string>) => {
    const qs = new URLSearchParams();
    for (const q of route.query) if (q.required) qs.set(q.name, String(sampleValue(q.schema, q.name)));
    for (const [k, v] of Object.entries(extra)) if (route.query.some((q) => q.name === k)) qs.set(k, v);
    const text = qs.toString();
    return text ? `?${text}` : '';
  };
  const paths = route.params.length === 0 ? [route.path] : ids.map((id) => fillPath(route, () => id));
  const searches: Record<string, string>[] = [{}, { q: person.phone }, { q: person.name }, { customerId: person.customerId }, { from: person.twinId }];
  return [...new Set(paths.flatMap((p) => searches.map((extra) => p + query(extra))))];
}

/** Whether the role passes the route's access rule. */
const allowed = (role: Role, access: string) => access === 'authenticated' || (Object.hasOwn(PERMISSIONS, access) && can(role, access as Permission));

const call = (client: TestClient, route: Route, path: string) => client.request(route.method, path, READS_BY_POST[key(route)]);

const text = (res: Response) => JSON.stringify(res.body ?? '') + (res.headers.get('content-disposition') ?? '');

/** Which of the customer's full contacts an answer holds; one the caller put in the request (a search for a phone number) is not counted. */
function fullValuesIn(res: Response, path: string): string[] {
  const body = text(res);
  const sent = decodeURIComponent(path);
  return [['phone', person.phone], ['email', person.email]].filter(([, v]) => body.includes(v) && !sent.includes(v)).map(([k]) => k);
}

/** The masked forms, as a role without the permission must see them where contacts are shown. */
const maskedValuesIn = (res: Response) => [maskPhone(person.phone)!, maskEmail(person.email)!].filter((v) => text(res).includes(v));

/** Paths that showed full contacts to a role with the permission: the agent must see them masked there. */
const shownInFull = new Map<string, Route>();

async function auditEntries(since: Date) {
  return s.db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId).where('created_at', '>=', since).execute();
}

before(async () => {
  s = await startTestServer();
  routes = await loadRouteTable(s);
  accountId = await firstAccountId(s.db);
  const owner = await loginAs(s.url);
  const me = await owner.get('/api/auth/me');
  who.set('owner', { client: owner, userId: me.body.user.id });
  for (const role of ['team_lead', 'agent'] as Role[]) {
    const u = await makeUser(s.db, accountId, role);
    who.set(role, { client: await loginAs(s.url, u.email, u.password), userId: u.user.id });
  }
  person = await seedCustomer();
  const file = await owner.request('PUT', `/api/customers/${person.customerId}/key-account`, { managerId: null, company: '隐私测试公司', contacts: [{ name: '采购联系人', phone: person.phone, email: person.email }] });
  assert.equal(file.status, 200, JSON.stringify(file.body));
  assert.equal((await owner.post('/api/customer-duplicates/scan')).status < 300, true);
});
after(async () => s?.close());

test(`every route that shows a customer’s full phone or email writes who, whom and what to the audit log (${testStore})`, async () => {
  const shown = new Set<string>();
  const problems: string[] = [];
  for (const role of ['owner', 'team_lead'] as Role[]) {
    const { client, userId } = who.get(role)!;
    assert.ok(can(role, 'customers.contact.read'));
    for (const route of reads()) {
      if (!allowed(role, route.access)) continue;
      for (const path of callsFor(route)) {
        // Each call is the member's first look of the day at this customer.
        await s.db.deleteFrom('contact_views').where('account_id', '=', accountId).where('user_id', '=', userId).execute();
        const since = new Date(Date.now() - 1000);
        const res = await call(client, route, path);
        if (res.status >= 300) continue;
        const full = fullValuesIn(res, path);
        if (full.length === 0) continue;
        shown.add(key(route));
        shownInFull.set(path, route);
        const action = AUDITED[key(route)] ?? 'customer.contact_viewed';
        const entry = (await auditEntries(since)).find((e) => e.action === action && e.actor_id === userId && e.target_type === 'customer' && e.target_id === person.customerId);
        if (!entry) problems.push(`${role}: ${route.method} ${path} shows the full ${full.join(', ')}, and no ${action} entry names ${userId} and ${person.customerId}${WORKING_VIEWS.has(key(route)) ? '' : ' (a new route that shows full contacts: note them with withContactsNoted)'}`);
        else assert.ok(entry.actor_name, 'the entry names the actor by name too');
      }
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  for (const k of [...Object.keys(AUDITED), ...WORKING_VIEWS]) assert.ok(shown.has(k), `${k} was expected to show the full contacts (is the walk still reaching it?)`);
});

test(`a role without customers.contact.read sees masked contacts and never the full phone or email, on any route (${testStore})`, async () => {
  const { client } = who.get('agent')!;
  assert.equal(can('agent', 'customers.contact.read'), false);
  const problems: string[] = [];
  let answered = 0;
  for (const route of reads()) {
    if (!allowed('agent', route.access)) continue;
    for (const path of callsFor(route)) {
      const res = await call(client, route, path);
      if (res.status < 300) answered++;
      const full = fullValuesIn(res, path);
      if (full.length) problems.push(`${route.method} ${path} (${res.status}) shows the agent the full ${full.join(', ')}`);
      if (shownInFull.has(path) && res.status < 300 && maskedValuesIn(res).length === 0) problems.push(`${route.method} ${path} shows the agent neither the full nor the masked contacts`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.ok(answered > 20, `only ${answered} reads answered: the walk is not reaching the routes`);
  assert.ok(shownInFull.size > 0, 'the first test found the routes that show contacts');
  const record = await client.get(`/api/customers/${person.customerId}`);
  assert.equal(record.status, 200);
  assert.match(JSON.stringify(record.body), /"138\*{4}\d{4}"/);
  assert.ok(JSON.stringify(record.body).includes(maskEmail(person.email)!));
  assert.equal((await client.post(`/api/customers/${person.customerId}/reveal`, {})).status, 403);
  assert.equal((await client.get(`/api/customers/${person.customerId}/export`)).status, 403);
});

test(`a working view is audited once per member, customer and day; a live event that shows full contacts is audited too (${testStore})`, async () => {
  const { client, userId } = who.get('team_lead')!;
  await s.db.deleteFrom('contact_views').where('account_id', '=', accountId).where('user_id', '=', userId).execute();
  const count = async () => Number((await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).where('actor_id', '=', userId).where('action', '=', 'customer.contact_viewed').where('target_id', '=', person.customerId).executeTakeFirstOrThrow()).n);
  const before = await count();
  assert.equal((await client.get(`/api/customers/${person.customerId}`)).status, 200);
  assert.equal(await count(), before + 1);
  // The same day, other views of the same customer: nothing more.
  assert.equal((await client.get(`/api/customers/${person.customerId}`)).status, 200);
  assert.equal((await client.get(`/api/conversations/${person.conversationId}/customer`)).status, 200);
  assert.equal(await count(), before + 1);
  const entry = await s.db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId).where('actor_id', '=', userId).where('action', '=', 'customer.contact_viewed').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  assert.equal((entry.data as { via?: string }).via, 'customer_record');
  assert.deepEqual(((entry.data as { fields?: string[] }).fields ?? []).sort(), ['email', 'phone']);

  // Live: a left message with the customer's phone reaches the member's workspace in full, and is noted.
  await s.db.deleteFrom('contact_views').where('account_id', '=', accountId).where('user_id', '=', userId).execute();
  const { openSocket } = await import('../nodes.ts');
  const socket = await openSocket(s.url, client.cookie);
  try {
    await socket.waitFor((e) => e.type === 'ready');
    const inbox = (await client.get('/api/inboxes')).body.items.find((i: { channel: string }) => i.channel === 'web');
    const session = await new (await import('../harness.ts')).TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
    const visitor = new (await import('../harness.ts')).TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken);
    const left = await visitor.post('/api/widget/v1/leave-message', { clientId: 'live-contact-1', name: '留言顾客', contact: '13912345678', body: '请回电' });
    assert.equal(left.status, 200, JSON.stringify(left.body));
    await socket.waitFor((e) => e.event === 'message.created' && JSON.stringify(e).includes('13912345678'));
    const customerId = (await s.db.selectFrom('conversations').select('customer_id').where('id', '=', left.body.message.conversationId).executeTakeFirstOrThrow()).customer_id;
    let live;
    for (let i = 0; i < 50 && !live; i++) {
      live = await s.db.selectFrom('audit_log').selectAll().where('account_id', '=', accountId).where('actor_id', '=', userId).where('action', '=', 'customer.contact_viewed').where('target_id', '=', customerId).executeTakeFirst();
      if (!live) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(live, 'the live event that showed the phone in full is in the audit log');
    assert.equal((live.data as { via?: string }).via, 'live_event');
  } finally {
    socket.close();
  }
});
