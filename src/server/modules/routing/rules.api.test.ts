import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { makeAccount, makeUser } from '../../../../test/factories.ts';
import { loadRoutingSettings, loadRules } from './rules.service.ts';

describe(`routing rules (分配规则) and settings (${testStore})`, () => {
  let s: TestServer;
  let n = 0;

  before(async () => {
    s = await startTestServer();
  });
  after(async () => { await s.close(); });

  /** A shop of its own for each test, so positions and settings start empty. */
  async function shop() {
    const account = await makeAccount(s.db);
    const owner = await loginAs(s.url, account.email, account.password);
    const as = async (role: Parameters<typeof makeUser>[2]) => {
      const u = await makeUser(s.db, account.accountId, role);
      return loginAs(s.url, u.email, u.password);
    };
    return { accountId: account.accountId, owner, as };
  }

  /** The teams API is another file's; a row is all a rule needs. */
  async function team(accountId: string, name = `团队${n++}`) {
    const id = `team_t${n++}`;
    await s.db.insertInto('teams').values({ id, account_id: accountId, name }).execute();
    return id;
  }

  async function product(accountId: string) {
    const groupId = `pgp_t${n++}`;
    const productId = `prd_t${n++}`;
    await s.db.insertInto('product_groups').values({ id: groupId, account_id: accountId, name: `签证${n}` }).execute();
    await s.db.insertInto('products').values({ id: productId, account_id: accountId, group_id: groupId, sku: `SKU-${n++}`, name: '日本单次旅游签证', price: '299.00' }).execute();
    return { groupId, productId };
  }

  const events = async (accountId: string) =>
    Number((await s.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId).where('type', '=', 'routing.rules_changed').executeTakeFirstOrThrow()).n);
  const audits = async (accountId: string, action: string) =>
    s.db.selectFrom('audit_log').select(['target_id', 'target_label', 'data']).where('account_id', '=', accountId).where('action', '=', action).orderBy('created_at').execute();
  const names = async (c: TestClient) => {
    const res = await c.get('/api/routing/rules');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    res.body.items.forEach((r: any, i: number) => assert.equal(r.position, i, 'positions are dense'));
    return res.body.items.map((r: any) => r.name);
  };
  const rule = (name: string, teamId: string, extra: Record<string, unknown> = {}) => ({ name, conditions: { keywords: ['签证'] }, actions: { target: { kind: 'team', teamId } }, ...extra });

  test('settings: defaults, who may read and change them, the fallback team, upsert, audit and event', async () => {
    const { accountId, owner, as } = await shop();
    const dispatcher = await as('dispatcher');
    const agent = await as('agent');

    const defaults = { enabled: false, fallbackTeamId: null, overflowAfterSeconds: 180, answerTimeoutSeconds: 90, autoAwayMinutes: 15, firstResponseTargetSeconds: 60 };
    const read = await dispatcher.get('/api/routing/settings');
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.deepEqual(read.body.settings, defaults);
    assert.deepEqual(await loadRoutingSettings(s.db, accountId), defaults);
    assert.equal((await agent.get('/api/routing/settings')).status, 403);
    assert.equal((await dispatcher.patch('/api/routing/settings', { overflowAfterSeconds: 60 })).status, 403);
    assert.equal((await agent.patch('/api/routing/settings', { overflowAfterSeconds: 60 })).status, 403);

    const noFallback = await owner.patch('/api/routing/settings', { enabled: true });
    assert.equal(noFallback.status, 400);
    assert.equal(noFallback.body.error.code, 'routing_needs_fallback');
    assert.equal(noFallback.body.error.field, 'fallbackTeamId');
    assert.match(noFallback.body.error.message, /兜底团队/);

    const tooShort = await owner.patch('/api/routing/settings', { overflowAfterSeconds: 5 });
    assert.equal(tooShort.status, 400);
    assert.equal(tooShort.body.error.field, 'overflowAfterSeconds');
    const unknown = await owner.patch('/api/routing/settings', { queueLimit: 3 });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.field, 'queueLimit');

    const other = await makeAccount(s.db);
    const foreignTeam = await team(other.accountId);
    const foreign = await owner.patch('/api/routing/settings', { fallbackTeamId: foreignTeam });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error.code, 'routing_fallback_invalid');
    assert.equal(foreign.body.error.field, 'fallbackTeamId');
    assert.equal(await events(accountId), 0, 'nothing refused is announced');

    const fallback = await team(accountId, '综合组');
    const saved = await owner.patch('/api/routing/settings', { enabled: true, fallbackTeamId: fallback, answerTimeoutSeconds: 120 });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.settings, { ...defaults, enabled: true, fallbackTeamId: fallback, answerTimeoutSeconds: 120 });
    assert.deepEqual((await dispatcher.get('/api/routing/settings')).body.settings, saved.body.settings);
    assert.equal(await events(accountId), 1);

    // A second change updates the one row; the stored fallback team is enough to stay on.
    const again = await owner.patch('/api/routing/settings', { autoAwayMinutes: 0 });
    assert.equal(again.body.settings.autoAwayMinutes, 0);
    assert.equal(again.body.settings.enabled, true);
    const rows = await s.db.selectFrom('routing_settings').selectAll().where('account_id', '=', accountId).execute();
    assert.equal(rows.length, 1);
    assert.deepEqual(await loadRoutingSettings(s.db, accountId), again.body.settings);

    const drop = await owner.patch('/api/routing/settings', { fallbackTeamId: null });
    assert.equal(drop.status, 400);
    assert.equal(drop.body.error.code, 'routing_needs_fallback');
    const off = await owner.patch('/api/routing/settings', { enabled: false, fallbackTeamId: null });
    assert.equal(off.status, 200);
    assert.deepEqual(off.body.settings, { ...defaults, answerTimeoutSeconds: 120, autoAwayMinutes: 0 });

    const unchanged = await owner.patch('/api/routing/settings', {});
    assert.equal(unchanged.status, 200);
    assert.equal(await events(accountId), 3, 'one event per change, none for no change');
    const audit = await audits(accountId, 'routing.settings_changed');
    assert.equal(audit.length, 3);
    assert.deepEqual(audit[0].data, { before: { enabled: false, fallbackTeamId: null, answerTimeoutSeconds: 90 }, after: { enabled: true, fallbackTeamId: fallback, answerTimeoutSeconds: 120 } });
  });

  test('rules: add at the end or at a position, list in order, change, delete; positions stay dense', async () => {
    const { accountId, owner } = await shop();
    const visa = await team(accountId, '签证组');

    const first = await owner.post('/api/routing/rules', rule('签证咨询', visa));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.match(first.body.rule.id, /^rul_/);
    assert.equal(first.body.rule.position, 0);
    assert.equal(first.body.rule.enabled, true);
    assert.deepEqual(first.body.rule.conditions, { keywords: ['签证'] });
    assert.deepEqual(first.body.rule.actions, { target: { kind: 'team', teamId: visa } });

    const second = await owner.post('/api/routing/rules', { name: 'VIP 加急', conditions: { tiers: ['vip'] }, actions: { priority: 3 } });
    assert.equal(second.body.rule.position, 1);
    const top = await owner.post('/api/routing/rules', { ...rule('老客户找上次的客服', visa), actions: { target: { kind: 'last_agent' } }, position: 0 });
    assert.equal(top.status, 201);
    assert.equal(top.body.rule.position, 0);
    const middle = await owner.post('/api/routing/rules', { name: '专属客服', actions: { target: { kind: 'dedicated', teamId: visa } }, position: 2 });
    assert.equal(middle.body.rule.position, 2);
    const far = await owner.post('/api/routing/rules', { name: '客户经理', actions: { target: { kind: 'account_manager' } }, position: 99 });
    assert.equal(far.body.rule.position, 4, 'a position past the end is the end');
    assert.deepEqual(await names(owner), ['老客户找上次的客服', '签证咨询', '专属客服', 'VIP 加急', '客户经理']);

    const patched = await owner.patch(`/api/routing/rules/${second.body.rule.id}`, { name: 'VIP 优先', enabled: false, actions: { priority: 2, target: { kind: 'team', teamId: visa } } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.rule.name, 'VIP 优先');
    assert.equal(patched.body.rule.enabled, false);
    assert.equal(patched.body.rule.position, 3);
    assert.deepEqual(patched.body.rule.conditions, { tiers: ['vip'] }, 'conditions not given are kept');
    assert.deepEqual(patched.body.rule.actions, { priority: 2, target: { kind: 'team', teamId: visa } });

    // The engine's view: enabled rules only, in order, parsed.
    const loaded = await loadRules(s.db, accountId);
    assert.deepEqual(loaded.map((r) => r.name), ['老客户找上次的客服', '签证咨询', '专属客服', '客户经理']);
    assert.deepEqual(loaded[1], { id: first.body.rule.id, name: '签证咨询', conditions: { keywords: ['签证'] }, actions: { target: { kind: 'team', teamId: visa } } });

    assert.equal((await owner.delete(`/api/routing/rules/${middle.body.rule.id}`)).status, 204);
    assert.deepEqual(await names(owner), ['老客户找上次的客服', '签证咨询', 'VIP 优先', '客户经理']);
    assert.equal((await owner.delete(`/api/routing/rules/${middle.body.rule.id}`)).status, 404);
    assert.equal((await owner.delete(`/api/routing/rules/${top.body.rule.id}`)).status, 204);
    assert.deepEqual(await names(owner), ['签证咨询', 'VIP 优先', '客户经理']);

    assert.equal(await events(accountId), 8, 'five adds, one change, two deletes');
    assert.equal((await audits(accountId, 'routing.rule_created')).length, 5);
    const changed = await audits(accountId, 'routing.rule_updated');
    assert.equal(changed.length, 1);
    assert.equal(changed[0].target_label, 'VIP 优先');
    assert.deepEqual((changed[0].data as any).before, { name: 'VIP 加急', enabled: true, actions: { priority: 3 } });
    const deleted = await audits(accountId, 'routing.rule_deleted');
    assert.deepEqual(deleted.map((a) => a.target_id), [middle.body.rule.id, top.body.rule.id]);

    const same = await owner.patch(`/api/routing/rules/${first.body.rule.id}`, { name: '签证咨询' });
    assert.equal(same.status, 200);
    assert.equal(await events(accountId), 8, 'no change, no event');
  });

  test('rules added and deleted at the same time keep positions dense', async () => {
    const { accountId, owner } = await shop();
    const t = await team(accountId);
    const added = await Promise.all(['一', '二', '三', '四', '五', '六'].map((name, i) => owner.post('/api/routing/rules', rule(name, t, i % 2 ? { position: 0 } : {}))));
    assert.deepEqual(added.map((r) => r.status), [201, 201, 201, 201, 201, 201]);
    assert.equal((await names(owner)).length, 6);
    const deleted = await Promise.all(added.slice(0, 3).map((r) => owner.delete(`/api/routing/rules/${r.body.rule.id}`)));
    assert.deepEqual(deleted.map((r) => r.status), [204, 204, 204]);
    assert.equal((await names(owner)).length, 3);
  });

  test('reorder: every rule exactly once, or rule_order_invalid', async () => {
    const { accountId, owner } = await shop();
    const t = await team(accountId);
    const ids: string[] = [];
    for (const name of ['甲', '乙', '丙']) ids.push((await owner.post('/api/routing/rules', rule(name, t))).body.rule.id);

    const put = await owner.request('PUT', '/api/routing/rules/order', { ids: [ids[2], ids[0], ids[1]] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.items.map((r: any) => [r.name, r.position]), [['丙', 0], ['甲', 1], ['乙', 2]]);
    assert.deepEqual(await names(owner), ['丙', '甲', '乙']);
    assert.deepEqual((await loadRules(s.db, accountId)).map((r) => r.name), ['丙', '甲', '乙']);
    const audit = await audits(accountId, 'routing.rules_reordered');
    assert.deepEqual(audit.map((a) => a.data), [{ before: ids, after: [ids[2], ids[0], ids[1]] }]);

    const other = await makeAccount(s.db);
    const foreign = await (await loginAs(s.url, other.email, other.password)).post('/api/routing/rules', rule('别家', await team(other.accountId)));
    for (const bad of [[ids[0], ids[1]], [ids[0], ids[1], ids[1]], [ids[0], ids[1], ids[2], ids[2]], [ids[0], ids[1], foreign.body.rule.id], [ids[0], ids[1], ids[2], foreign.body.rule.id]]) {
      const res = await owner.request('PUT', '/api/routing/rules/order', { ids: bad });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.body.error.code, 'rule_order_invalid');
      assert.equal(res.body.error.field, 'ids');
    }
    assert.equal((await owner.request('PUT', '/api/routing/rules/order', { ids: [] })).body.error.field, 'ids');
    assert.deepEqual(await names(owner), ['丙', '甲', '乙'], 'a refused order changes nothing');

    const before = await events(accountId);
    assert.equal((await owner.request('PUT', '/api/routing/rules/order', { ids: [ids[2], ids[0], ids[1]] })).status, 200);
    assert.equal(await events(accountId), before, 'the same order again is no change');
  });

  test('validation: the schema’s fields, empty rules, and ids that are not of this account', async () => {
    const { accountId, owner } = await shop();
    const mine = await team(accountId);
    const label = (await owner.post('/api/labels', { name: '签证加急' })).body.label;
    const { productId, groupId } = await product(accountId);
    const other = await makeAccount(s.db);
    const theirTeam = await team(other.accountId);
    const theirs = await product(other.accountId);
    const theirLabel = (await (await loginAs(s.url, other.email, other.password)).post('/api/labels', { name: '别家标签' })).body.label;

    const expect400 = async (body: unknown, code: string, field: string) => {
      const res = await owner.post('/api/routing/rules', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code, JSON.stringify(res.body));
      assert.equal(res.body.error.field, field, JSON.stringify(res.body));
      return res;
    };
    await expect400({ name: '   ', actions: { priority: 2 } }, 'validation_failed', 'name');
    await expect400({ name: '渠道不对', conditions: { channels: ['fax'] }, actions: { priority: 2 } }, 'validation_failed', 'conditions.channels.0');
    await expect400({ name: '多余字段', conditions: { weekday: 1 }, actions: { priority: 2 } }, 'validation_failed', 'conditions.weekday');
    await expect400({ name: '优先级', actions: { priority: 7 } }, 'validation_failed', 'actions.priority');
    await expect400({ name: '目标', actions: { target: { kind: 'robot' } } }, 'validation_failed', 'actions.target.kind');
    await expect400({ name: '缺团队', actions: { target: { kind: 'team' } } }, 'validation_failed', 'actions.target.teamId');
    await expect400({ name: '缺动作' }, 'validation_failed', 'actions');
    const empty = await expect400({ name: '什么都不做', conditions: { tiers: ['vip'] }, actions: {} }, 'rule_empty', 'actions');
    assert.match(empty.body.error.message, /分配目标/);
    await expect400({ name: '空标签', actions: { labelIds: [] } }, 'rule_empty', 'actions');
    await expect400({ name: '别家团队', actions: { target: { kind: 'team', teamId: theirTeam } } }, 'rule_target_invalid', 'actions.target.teamId');
    await expect400({ name: '没有的团队', actions: { target: { kind: 'dedicated', teamId: 'team_nope' } } }, 'rule_target_invalid', 'actions.target.teamId');
    await expect400({ name: '别家标签', actions: { priority: 2, labelIds: [label.id, theirLabel.id] } }, 'rule_labels_invalid', 'actions.labelIds');
    await expect400({ name: '别家商品', conditions: { productIds: [productId, theirs.productId] }, actions: { priority: 2 } }, 'rule_condition_invalid', 'conditions.productIds');
    await expect400({ name: '别家分组', conditions: { productGroupIds: [theirs.groupId] }, actions: { priority: 2 } }, 'rule_condition_invalid', 'conditions.productGroupIds');
    const en = await new TestClient(s.url, 'en');
    Object.assign(en, { cookie: owner.cookie, csrfToken: owner.csrfToken });
    const english = await en.post('/api/routing/rules', { name: 'x', actions: { target: { kind: 'team', teamId: theirTeam } } });
    assert.equal(english.body.error.message, 'The rule’s target is invalid: the team does not exist');
    assert.equal((await owner.get('/api/routing/rules')).body.items.length, 0, 'nothing refused was kept');
    assert.equal(await events(accountId), 0);

    const full = await owner.post('/api/routing/rules', {
      name: '日本签证（工作时间）',
      enabled: false,
      conditions: { productIds: [productId, productId], productGroupIds: [groupId], urlContains: ['/visa/jp'], channels: ['web', 'phone'], tiers: ['vip'], tags: ['老客户'], keywords: ['日本签证'], businessHours: 'open', languages: ['zh-CN'] },
      actions: { target: { kind: 'dedicated', teamId: mine }, priority: 2, labelIds: [label.id] },
    });
    assert.equal(full.status, 201, JSON.stringify(full.body));
    assert.equal(full.body.rule.conditions.businessHours, 'open');
    assert.deepEqual((await loadRules(s.db, accountId)), [], 'a disabled rule is not tried');

    const id = full.body.rule.id;
    const patch400 = async (body: unknown, code: string, field: string) => {
      const res = await owner.patch(`/api/routing/rules/${id}`, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, code);
      assert.equal(res.body.error.field, field);
    };
    await patch400({ actions: {} }, 'rule_empty', 'actions');
    await patch400({ actions: { target: { kind: 'team', teamId: theirTeam } } }, 'rule_target_invalid', 'actions.target.teamId');
    await patch400({ conditions: { productGroupIds: [theirs.groupId] } }, 'rule_condition_invalid', 'conditions.productGroupIds');
    await patch400({ position: 0 }, 'validation_failed', 'position');
    await patch400({ enabled: 'yes' }, 'validation_failed', 'enabled');
    assert.equal((await owner.post('/api/routing/rules', { ...rule('位置', mine), position: -1 })).body.error.field, 'position');
  });

  test('another account’s rules are not found; agents and dispatchers may not keep rules', async () => {
    const { accountId, owner, as } = await shop();
    const t = await team(accountId);
    const mine = (await owner.post('/api/routing/rules', rule('本店规则', t))).body.rule;
    const other = await makeAccount(s.db);
    const otherOwner = await loginAs(s.url, other.email, other.password);

    assert.deepEqual((await otherOwner.get('/api/routing/rules')).body.items, []);
    const patch = await otherOwner.patch(`/api/routing/rules/${mine.id}`, { name: '改别家' });
    assert.equal(patch.status, 404);
    assert.equal(patch.body.error.code, 'not_found');
    assert.equal((await otherOwner.delete(`/api/routing/rules/${mine.id}`)).status, 404);
    assert.equal((await owner.patch('/api/routing/rules/rul_nope', { name: 'x' })).status, 404);
    const foreignOrder = await otherOwner.request('PUT', '/api/routing/rules/order', { ids: [mine.id] });
    assert.equal(foreignOrder.body.error.code, 'rule_order_invalid');
    assert.equal((await owner.get('/api/routing/rules')).body.items[0].name, '本店规则');

    for (const role of ['agent', 'dispatcher', 'team_lead'] as const) {
      const c = await as(role);
      assert.equal((await c.get('/api/routing/rules')).status, 403, role);
      assert.equal((await c.post('/api/routing/rules', rule('越权', t))).status, 403, role);
      assert.equal((await c.patch(`/api/routing/rules/${mine.id}`, { name: '越权' })).status, 403, role);
      assert.equal((await c.request('PUT', '/api/routing/rules/order', { ids: [mine.id] })).status, 403, role);
      assert.equal((await c.delete(`/api/routing/rules/${mine.id}`)).status, 403, role);
    }
    for (const role of ['admin', 'supervisor'] as const) {
      const c = await as(role);
      assert.equal((await c.get('/api/routing/rules')).status, 200, role);
      assert.equal((await c.patch(`/api/routing/rules/${mine.id}`, { name: `${role}改过` })).status, 200, role);
    }
    assert.equal((await new TestClient(s.url).get('/api/routing/rules')).status, 401);
  });
});
