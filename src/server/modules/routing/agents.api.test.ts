import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { openSocket } from '../../../../test/nodes.ts';

describe(`agents (客服) and products’ dedicated agents (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let accountId: string;
  let n = 0;

  async function newConversation(body = '你好') {
    const inbox = await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).where('channel', '=', 'web').executeTakeFirstOrThrow();
    const session = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId: inbox.id });
    const sent = await new TestClient(s.url, 'zh-CN', undefined, session.body.visitorToken).post('/api/widget/v1/messages', { clientId: randomUUID(), body });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    return sent.body.message.conversationId as string;
  }
  const signedIn = async (role: Parameters<typeof makeUser>[2], name?: string) => {
    const u = await makeUser(s.db, accountId, role, { name });
    return { id: u.user.id, client: await loginAs(s.url, u.email, u.password) };
  };
  const team = async (name: string) => (await owner.post('/api/teams', { name })).body.team.id as string;
  const product = async (groupId: string | null, name: string) => {
    const id = `prd_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    await s.db.insertInto('products').values({ id, account_id: accountId, group_id: groupId, sku: `VISA-${String(n++).padStart(3, '0')}`, name, price: '399.00' }).execute();
    return id;
  };
  const group = async (name: string, parentId: string | null = null) => {
    const id = `pgp_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    await s.db.insertInto('product_groups').values({ id, account_id: accountId, name, parent_id: parentId }).execute();
    return id;
  };

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
  });
  after(async () => { await s.close(); });

  test('the list: every active member who answers customers, with defaults before routing has seen them', async () => {
    const a = await signedIn('agent', '陈晓');
    const qa = await makeUser(s.db, accountId, 'qa_inspector');
    const ops = await makeUser(s.db, accountId, 'operations');
    const dispatcher = await signedIn('dispatcher');
    const gone = await makeUser(s.db, accountId, 'agent');
    await owner.post(`/api/users/${gone.user.id}/deactivate`);
    // A chat a lead gave them by hand counts in their load, though they have no agent state yet.
    const c = await newConversation('我想办日本签证');
    assert.equal((await owner.post(`/api/conversations/${c}/assign`, { assigneeId: a.id })).status, 200);
    await s.db.deleteFrom('agent_states').where('account_id', '=', accountId).where('user_id', '=', a.id).execute();

    const list = await dispatcher.client.get('/api/agents');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const ids = list.body.items.map((x: any) => x.userId);
    assert.ok(ids.includes(a.id));
    for (const id of [qa.user.id, ops.user.id, dispatcher.id, gone.user.id]) assert.ok(!ids.includes(id), `${id} does not answer customers`);
    const mine = list.body.items.find((x: any) => x.userId === a.id);
    assert.deepEqual({ ...mine, statusChangedAt: undefined }, {
      userId: a.id, name: '陈晓', displayName: null, nickname: null, role: 'agent', status: 'offline', statusSource: 'auto', statusChangedAt: undefined,
      capacity: 8, channelCapacity: {}, load: 1, channelLoad: { web: 1 }, teams: [], lastAssignedAt: null, lastActivityAt: null,
    });
    const me = await a.client.get('/api/agents/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.agent.load, 1);
    assert.equal((await dispatcher.client.get('/api/agents/me')).status, 403, 'a dispatcher does not answer customers');
  });

  test('a supervisor sets names, capacity and teams; a lead stays lead in a team the agent keeps', async () => {
    const a = await signedIn('agent', '王芳');
    const jp = await team('日本组');
    const kr = await team('韩国组');
    const sea = await team('东南亚组');
    await owner.request('PUT', `/api/teams/${jp}/members`, { members: [{ userId: a.id, isLead: true }] });
    const sv = await signedIn('supervisor');
    const sock = await openSocket(s.url, owner.cookie);
    await sock.waitFor((e) => e.type === 'ready');

    const res = await sv.client.patch(`/api/agents/${a.id}`, { displayName: '日本客服A', nickname: '小芳', capacity: 5, channelCapacity: { web: 3, email: 2 }, teamIds: [jp, kr, kr] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const agent = res.body.agent;
    assert.deepEqual([agent.displayName, agent.nickname, agent.capacity, agent.channelCapacity], ['日本客服A', '小芳', 5, { web: 3, email: 2 }]);
    assert.deepEqual(agent.teams.map((t: any) => t.id).sort(), [jp, kr].sort());
    const frame = await sock.waitFor((e) => e.type === 'event' && e.event === 'agent.updated' && e.data.agent.userId === a.id && e.data.agent.capacity === 5);
    assert.equal(frame.data.agent.displayName, '日本客服A');
    sock.close();

    const moved = await sv.client.patch(`/api/agents/${a.id}`, { teamIds: [jp, sea], channelCapacity: {} });
    assert.deepEqual(moved.body.agent.teams.map((t: any) => t.id).sort(), [jp, sea].sort());
    assert.deepEqual(moved.body.agent.channelCapacity, {});
    const teams = (await owner.get('/api/teams')).body.items;
    assert.deepEqual(teams.find((t: any) => t.id === jp).members, [{ userId: a.id, name: '日本客服A', isLead: true }]);
    assert.deepEqual(teams.find((t: any) => t.id === kr).members, []);
    const user = await owner.get(`/api/users/${a.id}`);
    assert.equal(user.body.user.displayName, '日本客服A');
    const cleared = await sv.client.patch(`/api/agents/${a.id}`, { nickname: null, displayName: '' });
    assert.deepEqual([cleared.body.agent.nickname, cleared.body.agent.displayName], [null, null]);
    const audit = await s.db.selectFrom('audit_log').select('data').where('account_id', '=', accountId).where('action', '=', 'routing.agent_updated').where('target_id', '=', a.id).execute();
    assert.equal(audit.length, 3);
    const events = await s.db.selectFrom('outbox').select('payload').where('account_id', '=', accountId).where('type', '=', 'routing.agents_changed').execute();
    assert.ok(events.filter((e) => (e.payload as any).userIds.includes(a.id)).length >= 3);
  });

  test('agents may not change agents; bad input names its field; other accounts and other departments are refused', async () => {
    const a = await signedIn('agent');
    const b = await signedIn('agent');
    const patch = await a.client.patch(`/api/agents/${b.id}`, { capacity: 20 });
    assert.equal(patch.status, 403);
    assert.equal(patch.body.error.code, 'forbidden');
    const tl = await signedIn('team_lead');
    assert.equal((await tl.client.patch(`/api/agents/${b.id}`, { capacity: 20 })).status, 403);
    for (const [body, field] of [[{ capacity: 1001 }, 'capacity'], [{ capacity: 2.5 }, 'capacity'], [{ displayName: '名'.repeat(41) }, 'displayName'], [{ teamIds: 'x' }, 'teamIds']] as const) {
      const res = await owner.patch(`/api/agents/${b.id}`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
    }
    const fax = await owner.patch(`/api/agents/${b.id}`, { channelCapacity: { fax: 1 } });
    assert.equal(fax.status, 400);
    assert.match(fax.body.error.field, /^channelCapacity/);
    const badTeam = await owner.patch(`/api/agents/${b.id}`, { teamIds: ['team_nope'] });
    assert.equal(badTeam.status, 400);
    assert.deepEqual([badTeam.body.error.code, badTeam.body.error.field], ['team_invalid', 'teamIds']);
    const qa = await makeUser(s.db, accountId, 'qa_inspector');
    const notAgent = await owner.patch(`/api/agents/${qa.user.id}`, { capacity: 3 });
    assert.deepEqual([notAgent.status, notAgent.body.error.code], [400, 'agent_invalid']);

    const other = await makeAccount(s.db);
    const theirs = await loginAs(s.url, other.email, other.password);
    assert.equal((await theirs.patch(`/api/agents/${b.id}`, { capacity: 1 })).status, 404);
    assert.equal((await theirs.request('PUT', `/api/agents/${b.id}/status`, { status: 'offline' })).status, 404);
    assert.ok(!(await theirs.get('/api/agents')).body.items.some((x: any) => x.userId === b.id));
    const theirTeam = (await theirs.post('/api/teams', { name: '别家团队' })).body.team.id;
    assert.equal((await owner.patch(`/api/agents/${b.id}`, { teamIds: [theirTeam] })).body.error.code, 'team_invalid');
    assert.equal((await owner.patch('/api/agents/usr_nope', { capacity: 1 })).status, 404);
  });

  test('status: the agent sets their own; a supervisor or dispatcher sets someone’s; activity ends an automatic away', async () => {
    const a = await signedIn('agent');
    // Their workspace is open: without one, the presence sweep would take them offline after a while.
    const workspace = await openSocket(s.url, a.client.cookie);
    await workspace.waitFor((e) => e.type === 'ready');
    const busy = await a.client.request('PUT', '/api/agents/me/status', { status: 'busy' });
    assert.equal(busy.status, 200, JSON.stringify(busy.body));
    assert.deepEqual([busy.body.agent.status, busy.body.agent.statusSource], ['busy', 'manual']);
    const bad = await a.client.request('PUT', '/api/agents/me/status', { status: 'sleeping' });
    assert.deepEqual([bad.status, bad.body.error.field], [400, 'status']);

    const b = await signedIn('agent');
    assert.equal((await a.client.request('PUT', `/api/agents/${b.id}/status`, { status: 'offline' })).status, 403, 'an agent does not set a colleague’s status');
    const dispatcher = await signedIn('dispatcher');
    const set = await dispatcher.client.request('PUT', `/api/agents/${a.id}/status`, { status: 'away' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual([set.body.agent.status, set.body.agent.statusSource], ['away', 'manual']);
    const audit = await s.db.selectFrom('audit_log').select(['data', 'actor_id']).where('account_id', '=', accountId).where('action', '=', 'routing.agent_status_set').where('target_id', '=', a.id).execute();
    assert.deepEqual(audit.map((x) => [x.actor_id, x.data]), [[dispatcher.id, { from: 'busy', to: 'away' }]]);

    // Activity does not end an away chosen by hand…
    assert.equal((await a.client.post('/api/agents/me/activity')).status, 204);
    let me = (await a.client.get('/api/agents/me')).body.agent;
    assert.equal(me.status, 'away');
    assert.ok(me.lastActivityAt);
    // …but ends one that came from inactivity.
    await s.db.updateTable('agent_states').set({ status: 'away', status_source: 'auto' }).where('account_id', '=', accountId).where('user_id', '=', a.id).execute();
    const res = await a.client.request('POST', '/api/agents/me/activity');
    assert.equal(res.status, 204);
    me = (await a.client.get('/api/agents/me')).body.agent;
    assert.deepEqual([me.status, me.statusSource], ['online', 'auto']);

    // An API token is nobody's agent.
    const token = await owner.post('/api/api-tokens', { name: '客服令牌', role: 'agent' });
    const bot = new TestClient(s.url, 'zh-CN', token.body.secret);
    const byToken = await bot.request('PUT', '/api/agents/me/status', { status: 'online' });
    assert.deepEqual([byToken.status, byToken.body.error.code], [404, 'agent_needs_user']);
    assert.equal(byToken.body.error.message, '接口令牌不代表任何客服，没有自己的接待状态');
    assert.equal((await bot.get('/api/agents/me')).status, 404);
    assert.equal((await bot.get('/api/agents')).status, 200, 'a token still reads the list');
    workspace.close();
  });

  test('products’ dedicated agents: search, groups with their subgroups, bound or not; the whole set each time', async () => {
    const visa = await group('签证');
    const jk = await group('日韩签证', visa);
    const travel = await group('旅游');
    const jp = await product(jk, '日本单次旅游签证');
    const kr = await product(jk, '韩国五年多次签证');
    const visaOnly = await product(visa, '签证加急服务');
    const tour = await product(travel, '北海道六日游');
    const a = await signedIn('agent', '周敏');
    const b = await signedIn('agent', '吴磊');
    await owner.patch(`/api/agents/${a.id}`, { displayName: '日本客服A' });

    const put = await owner.request('PUT', `/api/routing/products/${jp}/agents`, { userIds: [b.id, a.id, a.id] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const skuOfJp = (await s.db.selectFrom('products').select('sku').where('id', '=', jp).executeTakeFirstOrThrow()).sku;
    assert.deepEqual(put.body.product, { id: jp, sku: skuOfJp, name: '日本单次旅游签证', groupId: jk, groupName: '日韩签证', agents: [{ userId: a.id, name: '日本客服A' }, { userId: b.id, name: '吴磊' }] });
    assert.ok(await s.db.selectFrom('agent_states').select('user_id').where('account_id', '=', accountId).where('user_id', '=', b.id).executeTakeFirst());

    const ids = async (query: string) => {
      const res = await owner.get(`/api/routing/products?${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { ids: res.body.items.map((p: any) => p.id), total: res.body.total };
    };
    assert.deepEqual((await ids(`groupId=${visa}`)).ids.sort(), [jp, kr, visaOnly].sort(), 'a group holds its subgroups’ products');
    assert.deepEqual((await ids(`groupId=${jk}&bound=true`)).ids, [jp]);
    assert.deepEqual((await ids(`groupId=${visa}&bound=false`)).ids.sort(), [kr, visaOnly].sort());
    assert.deepEqual((await ids(`q=${encodeURIComponent('北海道')}`)).ids, [tour]);
    assert.deepEqual((await ids(`q=${encodeURIComponent(skuOfJp.toLowerCase())}`)).ids, [jp], 'sku matches whatever the case');
    assert.deepEqual((await ids(`q=${encodeURIComponent('%')}`)).ids, [], 'a % is a character, not a wildcard');
    const page = await ids(`groupId=${visa}&limit=2&offset=2`);
    assert.deepEqual([page.ids.length, page.total], [1, 3]);

    const groups = await owner.get('/api/routing/product-groups');
    assert.equal(groups.status, 200);
    const counts = Object.fromEntries(groups.body.items.map((g: any) => [g.id, g.products]));
    assert.deepEqual([counts[visa], counts[jk], counts[travel]], [3, 2, 1]);
    const order = groups.body.items.map((g: any) => g.id).filter((id: string) => [visa, jk, travel].includes(id));
    assert.deepEqual(order, [travel, visa, jk], '旅游 before 签证 by pinyin, each followed by its subgroups');

    const removed = await owner.request('PUT', `/api/routing/products/${jp}/agents`, { userIds: [b.id] });
    assert.deepEqual(removed.body.product.agents, [{ userId: b.id, name: '吴磊' }]);
    const events = await s.db.selectFrom('outbox').select('payload').where('account_id', '=', accountId).where('type', '=', 'routing.agents_changed').orderBy('id', 'desc').limit(1).execute();
    assert.deepEqual((events[0].payload as any).userIds, [a.id]);

    const qa = await makeUser(s.db, accountId, 'qa_inspector');
    const refused = await owner.request('PUT', `/api/routing/products/${jp}/agents`, { userIds: [qa.user.id] });
    assert.deepEqual([refused.status, refused.body.error.code, refused.body.error.field], [400, 'agent_invalid', 'userIds']);
    assert.equal((await owner.request('PUT', '/api/routing/products/prd_nope/agents', { userIds: [] })).status, 404);
    assert.equal((await a.client.get('/api/routing/products')).status, 403);
    assert.equal((await a.client.request('PUT', `/api/routing/products/${jp}/agents`, { userIds: [a.id] })).status, 403);
    assert.equal((await a.client.get('/api/routing/product-groups')).status, 200);
    assert.equal((await owner.get('/api/routing/products?limit=0')).body.error.field, 'limit');
    assert.equal((await owner.get('/api/routing/products?bound=maybe')).body.error.field, 'bound');

    const other = await makeAccount(s.db);
    const theirs = await loginAs(s.url, other.email, other.password);
    assert.equal((await theirs.request('PUT', `/api/routing/products/${jp}/agents`, { userIds: [] })).status, 404);
    assert.deepEqual((await theirs.get('/api/routing/products')).body, { items: [], total: 0 });
    assert.deepEqual((await theirs.get('/api/routing/product-groups')).body.items, []);
    assert.deepEqual((await owner.get(`/api/routing/products?groupId=${jk}&bound=true`)).body.items[0].agents.map((x: any) => x.userId), [b.id]);
  });
});
