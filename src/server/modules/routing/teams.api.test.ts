import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';

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
});
