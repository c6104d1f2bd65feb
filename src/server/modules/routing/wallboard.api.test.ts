import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, type TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { ensureDefaultInbox } from '../conversations/index.ts';

describe(`wallboard (调度大屏) (${testStore})`, () => {
  // 10:00 in Shanghai; the account's day began at 16:00 UTC the day before.
  const NOW = new Date('2026-03-10T02:00:00Z');
  const MIDNIGHT = new Date('2026-03-09T16:00:00Z');
  const clock = fixedClock(NOW);
  const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
  let s: TestServer;
  let owner: TestClient;
  let accountId: string;
  const ids: Record<string, string> = {};

  async function team(account: string, name: string, sort: number, parentId: string | null = null) {
    const id = newId('team');
    await s.db.insertInto('teams').values({ id, account_id: account, name, sort, parent_id: parentId }).execute();
    return id;
  }
  async function member(account: string, teamId: string, userId: string) {
    await s.db.insertInto('team_members').values({ account_id: account, team_id: teamId, user_id: userId }).execute();
  }
  async function agentState(account: string, userId: string, status: 'online' | 'busy' | 'away' | 'offline', capacity: number) {
    await s.db.insertInto('agent_states').values({ account_id: account, user_id: userId, status, capacity, channel_capacity: '{}', channel_load: '{}' }).execute();
  }
  async function conversation(account: string, c: {
    teamId?: string | null; status?: 'open' | 'pending' | 'resolved'; queuedAt?: Date; createdAt: Date; firstReplyAt?: Date; waitingSince?: Date; assigneeId?: string;
    customer?: { name?: string; nickname?: string };
  }) {
    const inbox = await ensureDefaultInbox(s.db, account);
    const customerId = newId('cus');
    await s.db.insertInto('customers').values({ id: customerId, account_id: account, name: c.customer?.name ?? null, nickname: c.customer?.nickname ?? null }).execute();
    const id = newId('cnv');
    await s.db.insertInto('conversations').values({
      id, account_id: account, inbox_id: inbox.id, customer_id: customerId, channel: 'web', entry: '{}',
      status: c.status ?? 'open', team_id: c.teamId ?? null, assignee_id: c.assigneeId ?? null,
      routing_state: c.queuedAt ? 'queued' : c.assigneeId ? 'assigned' : null, queued_at: c.queuedAt ?? null,
      waiting_since: c.waitingSince ?? null, first_reply_at: c.firstReplyAt ?? null,
      last_message_at: null, last_message_preview: null, resolved_at: null,
      created_at: c.createdAt, updated_at: c.createdAt,
    }).execute();
    return id;
  }
  const board = async (client: TestClient = owner) => {
    const res = await client.get('/api/routing/wallboard');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const row = (b: any, id: string | null) => b.teams.find((t: any) => t.id === id);

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);

    ids.visa = await team(accountId, '签证', 0);
    ids.japan = await team(accountId, '日韩签证', 1, ids.visa);
    ids.europe = await team(accountId, '欧洲签证', 0, ids.visa);
    ids.logistics = await team(accountId, '物流', 1);
    ids.after = await team(accountId, '售后', 1);

    const zhang = (await makeUser(s.db, accountId, 'agent', { name: '张三' })).user;
    await s.db.updateTable('users').set({ display_name: '日本客服A' }).where('id', '=', zhang.id).execute();
    const li = (await makeUser(s.db, accountId, 'agent', { name: '李四' })).user;
    const wang = (await makeUser(s.db, accountId, 'agent', { name: '王五' })).user;
    const zhao = (await makeUser(s.db, accountId, 'agent', { name: '赵六' })).user;
    const loner = (await makeUser(s.db, accountId, 'agent', { name: '无组' })).user;
    const gone = (await makeUser(s.db, accountId, 'agent', { name: '已离职' })).user;
    Object.assign(ids, { zhang: zhang.id, li: li.id, wang: wang.id, zhao: zhao.id, loner: loner.id, gone: gone.id });
    for (const u of [zhang, li, wang, zhao, gone]) await member(accountId, ids.japan, u.id);
    await member(accountId, ids.after, li.id);
    await agentState(accountId, zhang.id, 'online', 5);
    await agentState(accountId, li.id, 'busy', 3);
    await agentState(accountId, wang.id, 'away', 4);
    await agentState(accountId, loner.id, 'online', 8);
    // A deactivated member is no longer on the floor, whatever their last status.
    await agentState(accountId, gone.id, 'online', 8);
    await s.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', gone.id).execute();
    // 赵六 never signed in: no agent_states row, offline.

    // 日韩签证: two in the queue, one answered chat each for 张三 (today) and yesterday's, and one resolved.
    ids.q1 = await conversation(accountId, { teamId: ids.japan, queuedAt: at(NOW, -300), waitingSince: at(NOW, -300), createdAt: at(NOW, -300), customer: { name: '陈女士', nickname: 'chen88' } });
    ids.q2 = await conversation(accountId, { teamId: ids.japan, queuedAt: at(NOW, -30), waitingSince: at(NOW, -30), createdAt: at(NOW, -30) });
    ids.a1 = await conversation(accountId, { teamId: ids.japan, assigneeId: zhang.id, createdAt: at(MIDNIGHT, 3600), firstReplyAt: at(MIDNIGHT, 3600 + 120) });
    ids.a2 = await conversation(accountId, { teamId: ids.japan, assigneeId: zhang.id, createdAt: at(MIDNIGHT, -1), firstReplyAt: at(MIDNIGHT, 9) });
    ids.r1 = await conversation(accountId, { teamId: ids.japan, assigneeId: li.id, status: 'resolved', createdAt: at(MIDNIGHT, 7200), firstReplyAt: at(MIDNIGHT, 7200 + 60) });
    // A queued chat set aside (pending) is not in the queue, and not at risk.
    ids.pend = await conversation(accountId, { teamId: ids.japan, status: 'pending', queuedAt: at(NOW, -900), waitingSince: at(NOW, -900), createdAt: at(NOW, -900) });
    // 售后: 李四 has a chat he has not answered yet.
    ids.p1 = await conversation(accountId, { teamId: ids.after, assigneeId: li.id, waitingSince: at(NOW, -100), createdAt: at(NOW, -100), customer: { nickname: '小美' } });
    // No team: queued ten minutes.
    ids.n1 = await conversation(accountId, { queuedAt: at(NOW, -600), waitingSince: at(NOW, -600), createdAt: at(NOW, -600) });
  });
  after(async () => { await s.close(); });

  test('teams in tree order with queue, longest wait, agents, today’s conversations and first response', async () => {
    const b = await board();
    assert.equal(b.generatedAt, NOW.toISOString());
    assert.equal(b.firstResponseTargetSeconds, 60);
    assert.deepEqual(b.teams.map((t: any) => t.name), ['签证', '欧洲签证', '日韩签证', '售后', '物流', '未分组']);
    assert.deepEqual(b.teams.map((t: any) => t.parentId), [null, ids.visa, ids.visa, null, null, null]);

    const japan = row(b, ids.japan);
    assert.equal(japan.queue, 2);
    assert.equal(japan.longestWaitSeconds, 300);
    assert.deepEqual(japan.agents, { online: 1, busy: 1, away: 1, offline: 1 });
    assert.deepEqual(japan.members, [
      { userId: ids.zhang, name: '日本客服A', status: 'online', load: 2, capacity: 5 },
      { userId: ids.li, name: '李四', status: 'busy', load: 1, capacity: 3 },
      { userId: ids.wang, name: '王五', status: 'away', load: 0, capacity: 4 },
      { userId: ids.zhao, name: '赵六', status: 'offline', load: 0, capacity: 8 },
    ]);
    assert.equal(japan.conversationsToday, 5, 'q1, q2, a1, the resolved r1 and the pending one; a2 began yesterday');
    assert.equal(japan.avgFirstResponseSeconds, 90);
    assert.deepEqual(japan.atRisk, [{ conversationId: ids.q1, teamId: ids.japan, customerName: '陈女士', waitingSeconds: 300, assigneeName: null }]);
    assert.equal(japan.atRiskCount, 1);

    const after = row(b, ids.after);
    assert.equal(after.queue, 0);
    assert.equal(after.longestWaitSeconds, 0);
    assert.deepEqual(after.agents, { online: 0, busy: 1, away: 0, offline: 0 });
    assert.equal(after.conversationsToday, 1);
    assert.equal(after.avgFirstResponseSeconds, null);
    assert.deepEqual(after.atRisk, [{ conversationId: ids.p1, teamId: ids.after, customerName: '小美', waitingSeconds: 100, assigneeName: '李四' }]);

    // The business line has nothing of its own: its row is its groups' (日韩签证 and the empty 欧洲签证).
    const visa = row(b, ids.visa);
    assert.deepEqual(visa, { ...japan, id: ids.visa, name: '签证', parentId: null });
    assert.deepEqual(row(b, ids.europe).atRisk, []);

    const none = row(b, null);
    assert.equal(none.name, '未分组');
    assert.equal(none.queue, 1);
    assert.equal(none.longestWaitSeconds, 600);
    assert.deepEqual(none.members, []);
    assert.equal(none.conversationsToday, 1);
    assert.deepEqual(none.atRisk.map((r: any) => [r.conversationId, r.waitingSeconds]), [[ids.n1, 600]]);

    // 张三 online and 无组 (in no team) online; 已离职 is deactivated.
    assert.deepEqual(b.totals, { queue: 3, online: 2, conversationsToday: 7, avgFirstResponseSeconds: 90, atRisk: 3 });

    const en = owner.locale;
    owner.locale = 'en';
    assert.equal(row(await board(), null).name, 'No team');
    owner.locale = en;
  });

  test('at risk from 80% of the first-response target; waits count on with the clock', async () => {
    clock.set(at(NOW, 17));
    let japan = row(await board(), ids.japan);
    assert.deepEqual(japan.atRisk.map((r: any) => r.conversationId), [ids.q1], 'q2 has waited 47 s of 60');
    assert.equal(japan.longestWaitSeconds, 317);

    clock.set(at(NOW, 18));
    let b = await board();
    japan = row(b, ids.japan);
    assert.deepEqual(japan.atRisk.map((r: any) => [r.conversationId, r.waitingSeconds]), [[ids.q1, 318], [ids.q2, 48]], 'longest first');
    assert.equal(b.totals.atRisk, 4);

    // Answered: no longer at risk.
    await s.db.updateTable('conversations').set({ first_reply_at: at(NOW, 10), waiting_since: null }).where('id', '=', ids.q1).execute();
    b = await board();
    assert.deepEqual(row(b, ids.japan).atRisk.map((r: any) => r.conversationId), [ids.q2]);
    assert.equal(row(b, ids.japan).avgFirstResponseSeconds, Math.round((120 + 60 + 310) / 3));

    // A ten-minute target: only waits of eight minutes and more.
    await s.db.insertInto('routing_settings').values({ account_id: accountId, first_response_target_seconds: 600 }).execute();
    b = await board();
    assert.equal(b.firstResponseTargetSeconds, 600);
    assert.deepEqual(b.teams.flatMap((t: any) => t.atRisk.map((r: any) => r.conversationId)), [ids.n1]);
    assert.equal(b.totals.atRisk, 1);
    await s.db.deleteFrom('routing_settings').where('account_id', '=', accountId).execute();
    await s.db.updateTable('conversations').set({ first_reply_at: null, waiting_since: at(NOW, -300) }).where('id', '=', ids.q1).execute();
  });

  test('at most 20 at risk per team, while the total counts them all', async () => {
    clock.set(NOW);
    const crowd = await team(accountId, '大促临时组', 9);
    for (let i = 0; i < 22; i++) await conversation(accountId, { teamId: crowd, queuedAt: at(NOW, -100 - i), waitingSince: at(NOW, -100 - i), createdAt: at(NOW, -100 - i) });
    const b = await board();
    const r = row(b, crowd);
    assert.equal(r.atRisk.length, 20);
    assert.equal(r.atRisk[0].waitingSeconds, 121);
    assert.equal(r.atRisk[19].waitingSeconds, 102);
    assert.equal(r.queue, 22);
    assert.equal(b.totals.atRisk, 3 + 22);
    await s.db.deleteFrom('conversations').where('team_id', '=', crowd).execute();
    await s.db.deleteFrom('teams').where('id', '=', crowd).execute();
  });

  test('today starts at midnight in the account’s timezone', async () => {
    clock.set(at(MIDNIGHT, 86_400 - 1));
    assert.equal((await board()).totals.conversationsToday, 7);
    clock.set(at(MIDNIGHT, 86_400));
    let b = await board();
    assert.equal(b.totals.conversationsToday, 0);
    assert.equal(b.totals.avgFirstResponseSeconds, null);
    assert.equal(row(b, ids.japan).queue, 2, 'the queue does not start over at midnight');

    // In London it is 16:00 on the 10th, a day that began at 00:00 UTC: the chats of the evening before are not today's.
    await s.db.updateTable('accounts').set({ timezone: 'Europe/London' }).where('id', '=', accountId).execute();
    b = await board();
    assert.equal(b.totals.conversationsToday, 5, 'q1, q2, the pending one, p1 and n1; not a1, a2 or r1');
    await s.db.updateTable('accounts').set({ timezone: 'Asia/Shanghai' }).where('id', '=', accountId).execute();
    clock.set(NOW);
  });

  test('the leads and the dispatcher watch it; an agent may not', async () => {
    for (const role of ['dispatcher', 'team_lead', 'supervisor'] as const) {
      const u = await makeUser(s.db, accountId, role);
      assert.equal((await (await loginAs(s.url, u.email, u.password)).get('/api/routing/wallboard')).status, 200, role);
    }
    const a = await makeUser(s.db, accountId, 'agent');
    const res = await (await loginAs(s.url, a.email, a.password)).get('/api/routing/wallboard');
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
  });

  test('another account’s teams, agents and conversations never show', async () => {
    const before = await board();
    const other = await makeAccount(s.db);
    const otherOwner = await loginAs(s.url, other.email, other.password);
    assert.deepEqual((await board(otherOwner)).teams, [], 'no teams, nothing waiting: an empty board');

    const theirs = await team(other.accountId, '日韩签证', 0);
    const theirAgent = (await makeUser(s.db, other.accountId, 'agent')).user;
    await member(other.accountId, theirs, theirAgent.id);
    await agentState(other.accountId, theirAgent.id, 'online', 2);
    await conversation(other.accountId, { teamId: theirs, queuedAt: at(NOW, -700), waitingSince: at(NOW, -700), createdAt: at(NOW, -700) });
    await conversation(other.accountId, { status: 'resolved', createdAt: at(NOW, -50), firstReplyAt: at(NOW, -40) });

    assert.deepEqual(await board(), before);
    const b = await board(otherOwner);
    assert.deepEqual(b.teams.map((t: any) => [t.name, t.queue, t.longestWaitSeconds, t.atRisk.length, t.members.length]), [['日韩签证', 1, 700, 1, 1]], 'a resolved chat of no team makes no row');
    assert.deepEqual(b.totals, { queue: 1, online: 1, conversationsToday: 2, avgFirstResponseSeconds: 10, atRisk: 1 });
  });

  test('a business line’s row covers its groups at any depth, each agent once; the totals count everything once', async () => {
    clock.set(NOW);
    const shop = await makeAccount(s.db);
    const acc = shop.accountId;
    const lead = await loginAs(s.url, shop.email, shop.password);
    const line = await team(acc, '签证', 0);
    const japanKorea = await team(acc, '日韩签证', 0, line);
    const japan = await team(acc, '日本小组', 0, japanKorea);
    const seAsia = await team(acc, '东南亚签证', 1, line);
    const logistics = await team(acc, '物流', 1);
    const agent = async (name: string, status: 'online' | 'busy' | 'away' | null) => {
      const u = (await makeUser(s.db, acc, 'agent', { name })).user;
      if (status) await agentState(acc, u.id, status, 5);
      return u.id;
    };
    const a = await agent('甲', 'online');
    const b = await agent('乙', 'busy');
    const c = await agent('丙', null);
    const d = await agent('丁', 'away');
    // 甲 is in the line itself, in one of its groups and in another line; 乙 in a group and the group under it.
    for (const [teamId, userId] of [[line, a], [japanKorea, a], [japanKorea, b], [japan, b], [japan, c], [seAsia, d], [logistics, a]]) await member(acc, teamId, userId);

    const queued = (teamId: string, secondsAgo: number) => conversation(acc, { teamId, queuedAt: at(NOW, -secondsAgo), waitingSince: at(NOW, -secondsAgo), createdAt: at(NOW, -secondsAgo) });
    const qLine = await queued(line, 60);
    const qJapanKorea = await queued(japanKorea, 200);
    const qJapan = await queued(japan, 400);
    const qLogistics = await queued(logistics, 500);
    await conversation(acc, { teamId: japanKorea, assigneeId: b, createdAt: at(MIDNIGHT, 3600), firstReplyAt: at(MIDNIGHT, 3600 + 30) });
    await conversation(acc, { teamId: japan, assigneeId: b, status: 'resolved', createdAt: at(MIDNIGHT, 7200), firstReplyAt: at(MIDNIGHT, 7200 + 90) });
    await conversation(acc, { teamId: seAsia, assigneeId: d, status: 'resolved', createdAt: at(MIDNIGHT, 600), firstReplyAt: at(MIDNIGHT, 600 + 150) });

    let b1 = await board(lead);
    assert.deepEqual(b1.teams.map((t: any) => t.name), ['签证', '日韩签证', '日本小组', '东南亚签证', '物流']);
    const figures = (id: string) => {
      const r = row(b1, id);
      return { queue: r.queue, wait: r.longestWaitSeconds, agents: r.agents, today: r.conversationsToday, frt: r.avgFirstResponseSeconds, atRisk: r.atRisk.map((x: any) => [x.conversationId, x.teamId]), atRiskCount: r.atRiskCount };
    };
    assert.deepEqual(figures(japan), { queue: 1, wait: 400, agents: { online: 0, busy: 1, away: 0, offline: 1 }, today: 2, frt: 90, atRisk: [[qJapan, japan]], atRiskCount: 1 });
    assert.deepEqual(figures(japanKorea), {
      queue: 2, wait: 400, agents: { online: 1, busy: 1, away: 0, offline: 1 }, today: 4, frt: 60,
      atRisk: [[qJapan, japan], [qJapanKorea, japanKorea]], atRiskCount: 2,
    }, '乙, in the group and in the group under it, counts once');
    assert.deepEqual(figures(seAsia), { queue: 0, wait: 0, agents: { online: 0, busy: 0, away: 1, offline: 0 }, today: 1, frt: 150, atRisk: [], atRiskCount: 0 });
    assert.deepEqual(figures(line), {
      queue: 3, wait: 400, agents: { online: 1, busy: 1, away: 1, offline: 1 }, today: 6, frt: 90,
      atRisk: [[qJapan, japan], [qJapanKorea, japanKorea], [qLine, line]], atRiskCount: 3,
    }, 'its own chat and its groups’, two levels down; 甲 once');
    assert.deepEqual(row(b1, line).members.map((m: any) => m.name), ['甲', '乙', '丁', '丙']);
    assert.deepEqual(figures(logistics), { queue: 1, wait: 500, agents: { online: 1, busy: 0, away: 0, offline: 0 }, today: 1, frt: null, atRisk: [[qLogistics, logistics]], atRiskCount: 1 });
    assert.deepEqual(b1.totals, { queue: 4, online: 1, conversationsToday: 7, avgFirstResponseSeconds: 90, atRisk: 4 }, 'nothing counted twice');

    // Each row lists its 20 longest waits and counts them all.
    for (let i = 0; i < 21; i++) await queued(japan, 1000 + i);
    b1 = await board(lead);
    for (const [id, count] of [[japan, 22], [japanKorea, 23], [line, 24]] as const) {
      assert.equal(row(b1, id).atRisk.length, 20, id);
      assert.equal(row(b1, id).atRiskCount, count, id);
    }
    assert.equal(row(b1, line).atRisk[0].waitingSeconds, 1020);
    assert.equal(row(b1, line).queue, 24);
    assert.equal(b1.totals.atRisk, 25);
    assert.equal(b1.totals.queue, 25);
  });
});
