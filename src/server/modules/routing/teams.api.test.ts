import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { newId } from '../../platform/ids.ts';
import { ensureDefaultInbox } from '../conversations/index.ts';
import { queuePosition } from './queue.ts';

describe(`teams (团队) (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let accountId: string;

  const create = async (body: Record<string, unknown>, as = owner) => {
    const res = await as.post('/api/teams', body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.team;
  };
  const agentsChangedFor = async (userId: string) => {
    const rows = await s.db.selectFrom('outbox').select('payload').where('account_id', '=', accountId).where('type', '=', 'routing.agents_changed').execute();
    return rows.filter((r) => ((r.payload as { userIds?: string[] }).userIds ?? []).includes(userId)).length;
  };

  const secondsAgo = (n: number) => new Date(Date.now() - n * 1000);
  async function conversation(c: { teamId: string; queuedSecondsAgo?: number; assigneeId?: string; status?: 'open' | 'resolved'; preferred?: string[] }) {
    const inbox = await ensureDefaultInbox(s.db, accountId);
    const customerId = newId('cus');
    await s.db.insertInto('customers').values({ id: customerId, account_id: accountId, name: '排队顾客' }).execute();
    const id = newId('cnv');
    const queuedAt = c.queuedSecondsAgo === undefined ? null : secondsAgo(c.queuedSecondsAgo);
    await s.db.insertInto('conversations').values({
      id, account_id: accountId, inbox_id: inbox.id, customer_id: customerId, channel: 'web', entry: '{}',
      status: c.status ?? 'open', team_id: c.teamId, assignee_id: c.assigneeId ?? null,
      routing_state: queuedAt ? 'queued' : c.assigneeId ? 'assigned' : null, queued_at: queuedAt, preferred_agents: c.preferred ?? null,
      waiting_since: queuedAt, first_reply_at: null, last_message_at: null, last_message_preview: null, resolved_at: null,
      created_at: queuedAt ?? new Date(), updated_at: queuedAt ?? new Date(),
    }).execute();
    return id;
  }
  const routingOf = (id: string) => s.db.selectFrom('conversations').select(['team_id', 'routing_state', 'queued_at', 'assignee_id', 'preferred_agents', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
  const lastDecision = async (id: string, as = owner) => {
    const res = await as.get(`/api/conversations/${id}/routing`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items.at(-1);
  };
  const updatedEvents = async (id: string) => {
    const rows = await s.db.selectFrom('outbox').select('payload').where('account_id', '=', accountId).where('type', '=', 'conversation.updated').execute();
    return rows.filter((r) => (r.payload as { conversationId?: string }).conversationId === id).length;
  };
  /** The announcement that makes the waiting shoppers hear their new place (or that they left the queue). */
  const placedEvents = async () =>
    (await s.db.selectFrom('outbox').select('payload').where('account_id', '=', accountId).where('type', '=', 'routing.placed').execute()).map((r) => r.payload as { teamIds: string[]; assignedIds: string[]; leftIds?: string[] });
  const setFallback = (teamId: string | null) =>
    s.db.insertInto('routing_settings').values({ account_id: accountId, fallback_team_id: teamId }).onConflict((oc) => oc.column('account_id').doUpdateSet({ fallback_team_id: teamId })).execute();

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
  });
  after(async () => { await s.close(); });

  test('the seed’s teams: business lines with their groups, listed parents first, by sort then name', async () => {
    const visa = await create({ name: '签证', description: '签证业务线' });
    const travel = await create({ name: '旅游', sort: 1 });
    await create({ name: '日韩签证', parentId: visa.id });
    await create({ name: '东南亚签证', parentId: visa.id });
    await create({ name: '美加澳签证', parentId: visa.id });
    await create({ name: '售后', sort: 4 });
    await create({ name: '售前', sort: 2 });
    await create({ name: '售中', sort: 3 });
    const list = await agent.get('/api/teams');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.items.map((t: any) => t.name), ['签证', '东南亚签证', '美加澳签证', '日韩签证', '旅游', '售前', '售中', '售后']);
    const first = list.body.items[0];
    assert.deepEqual({ ...first, createdAt: undefined }, { id: visa.id, parentId: null, name: '签证', description: '签证业务线', sort: 0, members: [], createdAt: undefined });
    assert.equal(list.body.items[1].parentId, visa.id);
    assert.equal(list.body.items.find((t: any) => t.name === '旅游').id, travel.id);
    const audit = await s.db.selectFrom('audit_log').select(['action', 'target_label']).where('account_id', '=', accountId).where('action', '=', 'routing.team_created').execute();
    assert.ok(audit.some((a) => a.target_label === '日韩签证'));
  });

  test('a name is unique among its siblings, whatever the case; the same name may sit under another parent', async () => {
    const line = await create({ name: 'VIP业务' });
    const other = await create({ name: '大客户' });
    await create({ name: 'VIP组', parentId: line.id });
    const dup = await owner.post('/api/teams', { name: 'vip组', parentId: line.id });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'team_name_taken');
    assert.equal(dup.body.error.field, 'name');
    assert.equal(dup.body.error.message, '同一层级下已有同名团队');
    await create({ name: 'VIP组', parentId: other.id });
    const top = await owner.post('/api/teams', { name: 'vip业务' });
    assert.equal(top.status, 409);
    const renamed = await owner.patch(`/api/teams/${other.id}`, { name: 'VIP业务' });
    assert.equal(renamed.status, 409, 'renaming into a sibling’s name is refused too');
  });

  test('the parent must be a team of the account, and a team cannot move under itself or its own groups', async () => {
    const root = await create({ name: '循环检查' });
    const child = await create({ name: '子组', parentId: root.id });
    const grandchild = await create({ name: '孙组', parentId: child.id });
    for (const parentId of [root.id, child.id, grandchild.id]) {
      const res = await owner.patch(`/api/teams/${root.id}`, { parentId });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'team_parent_invalid');
      assert.equal(res.body.error.field, 'parentId');
    }
    const missing = await owner.post('/api/teams', { name: '孤儿', parentId: 'team_nope' });
    assert.equal(missing.body.error.code, 'team_parent_invalid');
    // Moving a group up to the top, or under a sibling line, is fine.
    const moved = await owner.patch(`/api/teams/${grandchild.id}`, { parentId: null, sort: 9, description: '已独立' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual([moved.body.team.parentId, moved.body.team.sort, moved.body.team.description], [null, 9, '已独立']);
    const back = await owner.patch(`/api/teams/${grandchild.id}`, { parentId: root.id, description: null });
    assert.equal(back.body.team.parentId, root.id);
    assert.equal(back.body.team.description, null);
    assert.equal((await owner.patch('/api/teams/team_nope', { name: '不存在' })).status, 404);
  });

  test('members: agents who answer customers, with a lead; the whole set each time; named by their internal name', async () => {
    const team = await create({ name: '日本组' });
    const a = await makeUser(s.db, accountId, 'agent', { name: '王小明' });
    const b = await makeUser(s.db, accountId, 'agent', { name: '李小红' });
    const lead = await makeUser(s.db, accountId, 'team_lead', { name: '张组长' });
    assert.equal((await owner.patch(`/api/agents/${a.user.id}`, { displayName: '日本客服A' })).status, 200);
    const before = await agentsChangedFor(b.user.id);

    const put = await owner.request('PUT', `/api/teams/${team.id}/members`, { members: [{ userId: a.user.id }, { userId: b.user.id }, { userId: lead.user.id, isLead: true }] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.team.members, [
      { userId: lead.user.id, name: '张组长', isLead: true },
      { userId: b.user.id, name: '李小红', isLead: false },
      { userId: a.user.id, name: '日本客服A', isLead: false },
    ]);
    const states = await s.db.selectFrom('agent_states').select('user_id').where('account_id', '=', accountId).where('user_id', 'in', [a.user.id, b.user.id, lead.user.id]).execute();
    assert.equal(states.length, 3, 'every member has an agent state');
    assert.equal(await agentsChangedFor(b.user.id), before + 1);

    const shrunk = await owner.request('PUT', `/api/teams/${team.id}/members`, { members: [{ userId: b.user.id, isLead: true }] });
    assert.deepEqual(shrunk.body.team.members.map((m: any) => [m.name, m.isLead]), [['李小红', true]]);
    const agents = (await owner.get('/api/agents')).body.items;
    assert.deepEqual(agents.find((x: any) => x.userId === a.user.id).teams, []);
    assert.deepEqual(agents.find((x: any) => x.userId === b.user.id).teams, [{ id: team.id, name: '日本组' }]);

    // Only active members who answer customers: not a QA inspector, nor someone deactivated, nor a stranger.
    const qa = await makeUser(s.db, accountId, 'qa_inspector');
    const gone = await makeUser(s.db, accountId, 'agent');
    assert.equal((await owner.post(`/api/users/${gone.user.id}/deactivate`)).status, 200);
    const stranger = await makeAccount(s.db);
    for (const userId of [qa.user.id, gone.user.id, stranger.owner.id, 'usr_nope']) {
      const res = await owner.request('PUT', `/api/teams/${team.id}/members`, { members: [{ userId: b.user.id }, { userId }] });
      assert.equal(res.status, 400, `${userId}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'agent_invalid');
      assert.equal(res.body.error.field, 'members');
    }
    const cleared = await owner.request('PUT', `/api/teams/${team.id}/members`, { members: [] });
    assert.deepEqual(cleared.body.team.members, []);
    const audit = await s.db.selectFrom('audit_log').select('action').where('account_id', '=', accountId).where('action', '=', 'routing.team_members_changed').execute();
    assert.ok(audit.length >= 3);
  });

  test('only owners, admins and supervisors keep the teams; everyone who reads conversations sees them', async () => {
    const team = await create({ name: '权限检查' });
    assert.equal((await agent.post('/api/teams', { name: '客服自建' })).status, 403);
    const patch = await agent.patch(`/api/teams/${team.id}`, { name: '客服改名' });
    assert.equal(patch.status, 403);
    assert.equal(patch.body.error.code, 'forbidden');
    assert.equal((await agent.delete(`/api/teams/${team.id}`)).status, 403);
    assert.equal((await agent.request('PUT', `/api/teams/${team.id}/members`, { members: [] })).status, 403);
    const tl = await makeUser(s.db, accountId, 'team_lead');
    const lead = await loginAs(s.url, tl.email, tl.password);
    assert.equal((await lead.post('/api/teams', { name: '组长自建' })).status, 403);
    assert.equal((await lead.get('/api/teams')).status, 200);
    const sv = await makeUser(s.db, accountId, 'supervisor');
    const supervisor = await loginAs(s.url, sv.email, sv.password);
    await create({ name: '主管新建' }, supervisor);
    const ops = await makeUser(s.db, accountId, 'operations');
    assert.equal((await (await loginAs(s.url, ops.email, ops.password)).get('/api/teams')).status, 403);
  });

  test('bad input names its field', async () => {
    for (const [body, field] of [[{ name: '   ' }, 'name'], [{ name: '名'.repeat(41) }, 'name'], [{ name: '排序', sort: -1 }, 'sort'], [{ name: '描述', description: 'x'.repeat(201) }, 'description'], [{}, 'name']] as const) {
      const res = await owner.post('/api/teams', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'validation_failed');
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
    }
    assert.equal((await owner.post('/api/teams', { name: '多余字段', colour: 'red' })).status, 400);
    const team = await create({ name: '成员输入' });
    const res = await owner.request('PUT', `/api/teams/${team.id}/members`, { members: [{ userId: '' }] });
    assert.equal(res.status, 400);
    assert.match(res.body.error.field, /^members/);
  });

  test('another account’s teams are not there: 404, and not a parent either', async () => {
    const mine = await create({ name: '本店团队' });
    const other = await makeAccount(s.db);
    const theirs = await loginAs(s.url, other.email, other.password);
    assert.equal((await theirs.patch(`/api/teams/${mine.id}`, { name: '改别家' })).status, 404);
    assert.equal((await theirs.delete(`/api/teams/${mine.id}`)).status, 404);
    assert.equal((await theirs.request('PUT', `/api/teams/${mine.id}/members`, { members: [] })).status, 404);
    const nested = await theirs.post('/api/teams', { name: '挂到别家', parentId: mine.id });
    assert.equal(nested.status, 400);
    assert.equal(nested.body.error.code, 'team_parent_invalid');
    assert.deepEqual((await theirs.get('/api/teams')).body.items, []);
    assert.equal((await owner.get('/api/teams')).body.items.filter((t: any) => t.id === mine.id).length, 1);
  });

  test('a team a rule or the fallback setting uses cannot go, nor can its business line; otherwise it goes with its groups', async () => {
    const line = await create({ name: '待删业务线' });
    const group = await create({ name: '待删小组', parentId: line.id });
    const member = await makeUser(s.db, accountId, 'agent');
    await owner.request('PUT', `/api/teams/${group.id}/members`, { members: [{ userId: member.user.id }] });

    await s.db.insertInto('routing_rules').values({ id: 'rul_teams_test', account_id: accountId, name: '签证页面', position: 0, conditions: '{}', actions: JSON.stringify({ target: { kind: 'team', teamId: group.id } }) }).execute();
    for (const id of [group.id, line.id]) {
      const res = await owner.delete(`/api/teams/${id}`);
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'team_in_use');
    }
    await s.db.deleteFrom('routing_rules').where('id', '=', 'rul_teams_test').execute();
    await s.db.insertInto('routing_settings').values({ account_id: accountId, fallback_team_id: group.id }).onConflict((oc) => oc.column('account_id').doUpdateSet({ fallback_team_id: group.id })).execute();
    assert.equal((await owner.delete(`/api/teams/${line.id}`)).body.error.code, 'team_in_use');
    await s.db.updateTable('routing_settings').set({ fallback_team_id: null }).where('account_id', '=', accountId).execute();

    const before = await agentsChangedFor(member.user.id);
    assert.equal((await owner.delete(`/api/teams/${line.id}`)).status, 204);
    const names = (await owner.get('/api/teams')).body.items.map((t: any) => t.name);
    assert.ok(!names.includes('待删业务线') && !names.includes('待删小组'), 'the group went with its line');
    assert.equal(await agentsChangedFor(member.user.id), before + 1, 'its members hear they left');
    assert.equal((await owner.delete(`/api/teams/${line.id}`)).status, 404);
  });

  test('a deleted team’s queue, and its groups’, moves to the fallback team in waiting order; assigned chats keep their agent', async () => {
    const fallback = await create({ name: '兜底组' });
    await setFallback(fallback.id);
    const line = await create({ name: '迁移业务线' });
    const group = await create({ name: '迁移小组', parentId: line.id });
    const member = await makeUser(s.db, accountId, 'agent');
    await owner.request('PUT', `/api/teams/${group.id}/members`, { members: [{ userId: member.user.id }] });
    const inGroup = await conversation({ teamId: group.id, queuedSecondsAgo: 300 });
    const inLine = await conversation({ teamId: line.id, queuedSecondsAgo: 100, preferred: [member.user.id] });
    const alreadyThere = await conversation({ teamId: fallback.id, queuedSecondsAgo: 200 });
    const assigned = await conversation({ teamId: group.id, assigneeId: member.user.id });
    const resolved = await conversation({ teamId: group.id, status: 'resolved' });
    const before = { inGroup: await routingOf(inGroup), inLine: await routingOf(inLine), alreadyThere: await routingOf(alreadyThere) };

    const res = await owner.delete(`/api/teams/${line.id}`);
    assert.equal(res.status, 204, JSON.stringify(res.body));

    for (const id of [inGroup, inLine]) {
      const c = await routingOf(id);
      assert.equal(c.team_id, fallback.id);
      assert.equal(c.routing_state, 'queued');
      assert.equal(c.assignee_id, null);
    }
    assert.equal((await routingOf(inGroup)).queued_at!.getTime(), before.inGroup.queued_at!.getTime(), 'the waiting time is kept');
    assert.equal((await routingOf(inLine)).queued_at!.getTime(), before.inLine.queued_at!.getTime());
    assert.deepEqual((await routingOf(inLine)).preferred_agents, [member.user.id], 'still waiting for its dedicated agents first');
    assert.deepEqual(await routingOf(alreadyThere), before.alreadyThere);
    const places = await Promise.all([inGroup, alreadyThere, inLine].map(async (id) => (await queuePosition(s.db, accountId, id))?.position));
    assert.deepEqual(places, [1, 2, 3], 'one line in the fallback team, by how long each has waited');

    const decision = await lastDecision(inGroup);
    assert.equal(decision.kind, 'overflowed');
    assert.equal(decision.teamId, fallback.id);
    assert.equal(decision.teamName, '兜底组');
    assert.equal(decision.reason.code, 'team_deleted');
    assert.equal(decision.reason.fromTeamId, group.id);
    assert.match(decision.why, /^所在团队「迁移小组」已删除，转给兜底团队，排队位置不变（等待 30\d 秒）$/);
    assert.match((await lastDecision(inLine)).why, /^所在团队「迁移业务线」已删除/);
    owner.locale = 'en';
    assert.match((await lastDecision(inGroup)).why, /^its team “迁移小组” was deleted: moved to the fallback team, keeping its place in the queue \(waited 30\d s\)$/);
    owner.locale = 'zh-CN';
    assert.equal((await owner.get(`/api/conversations/${alreadyThere}/routing`)).body.items.length, 0, 'nothing recorded for a chat that did not move');
    assert.equal(await updatedEvents(inGroup), 1, 'the queue drains and the workspace hears of it');
    assert.equal(await updatedEvents(inLine), 1);
    assert.equal(await updatedEvents(alreadyThere), 0);
    assert.ok((await placedEvents()).some((e) => e.teamIds.includes(fallback.id) && e.leftIds?.length === 0), 'the fallback team’s line is announced');

    const kept = await routingOf(assigned);
    assert.deepEqual([kept.assignee_id, kept.team_id, kept.routing_state], [member.user.id, null, 'assigned']);
    assert.equal((await routingOf(resolved)).team_id, null);
    const settings = await s.db.selectFrom('routing_settings').select('fallback_team_id').where('account_id', '=', accountId).executeTakeFirstOrThrow();
    assert.equal(settings.fallback_team_id, fallback.id);
    const audit = await s.db.selectFrom('audit_log').select('data').where('account_id', '=', accountId).where('action', '=', 'routing.team_deleted').where('target_id', '=', line.id).executeTakeFirstOrThrow();
    assert.deepEqual(audit.data, { with: ['迁移小组'], queuedMovedToFallback: 2 });
  });

  test('with no fallback team, a deleted team’s queued chats leave the queue, unassigned for a person to take', async () => {
    await setFallback(null);
    const line = await create({ name: '无兜底业务线' });
    const group = await create({ name: '无兜底小组', parentId: line.id });
    const member = await makeUser(s.db, accountId, 'agent');
    const waiting = await conversation({ teamId: group.id, queuedSecondsAgo: 120, preferred: [member.user.id] });
    const stays = await conversation({ teamId: line.id, queuedSecondsAgo: 60 });

    assert.equal((await owner.delete(`/api/teams/${group.id}`)).status, 204);

    const c = await routingOf(waiting);
    assert.deepEqual(c, { team_id: null, routing_state: null, queued_at: null, assignee_id: null, preferred_agents: null, status: 'open' });
    assert.equal(await queuePosition(s.db, accountId, waiting), null);
    const decision = await lastDecision(waiting);
    assert.equal(decision.kind, 'unrouted');
    assert.equal(decision.teamId, null);
    assert.match(decision.why, /^所在团队「无兜底小组」已删除，且没有兜底团队：移出队列，等待人工接入（等待 12\d 秒）$/);
    assert.equal(await updatedEvents(waiting), 1);
    assert.ok((await placedEvents()).some((e) => e.leftIds?.includes(waiting) && !e.leftIds.includes(stays)), 'the shopper hears they are out of the queue');
    const unassigned = await owner.get('/api/conversations?view=unassigned&limit=100');
    assert.equal(unassigned.status, 200, JSON.stringify(unassigned.body));
    const listed = unassigned.body.items.find((x: any) => x.id === waiting);
    assert.deepEqual([listed?.assignee, listed?.teamId, listed?.routingState], [null, null, null]);

    // The business line above it was not deleted: its own queue is left alone.
    const other = await routingOf(stays);
    assert.deepEqual([other.team_id, other.routing_state], [line.id, 'queued']);
    assert.equal(await updatedEvents(stays), 0);
    assert.equal((await owner.get(`/api/conversations/${stays}/routing`)).body.items.length, 0);

    // Another account's queue is never touched.
    const shop = await makeAccount(s.db);
    const theirs = await loginAs(s.url, shop.email, shop.password);
    assert.equal((await theirs.delete(`/api/teams/${line.id}`)).status, 404);
    assert.equal((await routingOf(stays)).routing_state, 'queued');
  });
});
