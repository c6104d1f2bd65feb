import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loginAs, silentLog, startTestServer, TestClient, testStore, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { defaultSlaCalendar } from './sla/sla-calendar.ts';
import { sweepSla } from './tickets.jobs.ts';

/**
 * Work orders over HTTP with the SLA job run by hand on a fixed clock. The shop's calendar is
 * Monday–Friday 09:00–18:00 Beijing time; the work orders start on Friday 2026-03-06 at 17:00
 * (09:00Z), so every due time has to jump the weekend.
 */
describe(`work orders (工单) and their SLA (${testStore})`, () => {
  const clock = fixedClock('2026-03-06T09:00:00Z');
  let s: TestServer;
  let accountId: string;
  let inboxId: string;
  let owner: TestClient;
  let agent: TestClient;
  let agentId: string;
  let ops: TestClient;
  let opsId: string;
  let opsLeadId: string;
  let opsLead: TestClient;
  let otherOps: TestClient;
  let supervisorId: string;
  let qa: TestClient;
  let typeId: string;
  let plainTypeId: string;
  let opsTeamId: string;
  let warehouseTeamId: string;

  const sweep = () => sweepSla({ db: s.db, clock, log: silentLog });
  const chat = async (text = '我的日本签证办到哪一步了？') => {
    const v = await new TestClient(s.url).post('/api/widget/v1/sessions', { inboxId });
    const shopper = new TestClient(s.url, 'zh-CN', undefined, v.body.visitorToken);
    const sent = await shopper.post('/api/widget/v1/messages', { clientId: randomUUID(), body: text });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    return { conversationId: sent.body.message.conversationId as string, shopper };
  };
  const create = async (body: Record<string, unknown>, as = agent) => {
    const res = await as.post('/api/work-orders', { typeId, title: '日本签证进度查询', fields: { passport_no: 'E12345678', country: '日本' }, ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.workOrder;
  };
  const get = async (id: string, as: TestClient = owner) => (await as.get(`/api/work-orders/${id}`)).body.workOrder;
  const notes = async (userId: string) => s.db.selectFrom('notifications').select(['kind', 'title', 'work_order_id']).where('user_id', '=', userId).orderBy('id').execute();

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    inboxId = (await s.db.selectFrom('inboxes').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow()).id;
    owner = await loginAs(s.url);
    const people: Record<string, { id: string; client: TestClient }> = {};
    for (const [key, role, name] of [['agent', 'agent', '售后小王'], ['ops', 'operations', '运营小李'], ['opsLead', 'operations', '运营组长老周'], ['otherOps', 'operations', '仓库小陈'], ['supervisor', 'supervisor', '主管刘姐'], ['qa', 'qa_inspector', '质检小赵']] as const) {
      const made = await makeUser(s.db, accountId, role, { name });
      people[key] = { id: made.user.id, client: await loginAs(s.url, made.email, made.password) };
    }
    ({ id: agentId, client: agent } = people.agent);
    ({ id: opsId, client: ops } = people.ops);
    ({ id: opsLeadId, client: opsLead } = people.opsLead);
    otherOps = people.otherOps.client;
    supervisorId = people.supervisor.id;
    qa = people.qa.client;

    // Operations staff belong to teams: the team is the queue work orders are handed to.
    const team = await owner.post('/api/teams', { name: '签证运营组' });
    opsTeamId = team.body.team.id;
    const members = await owner.request('PUT', `/api/teams/${opsTeamId}/members`, { members: [{ userId: opsId }, { userId: opsLeadId, isLead: true }] });
    assert.equal(members.status, 200, JSON.stringify(members.body));
    warehouseTeamId = (await owner.post('/api/teams', { name: '仓库组' })).body.team.id;
    await owner.request('PUT', `/api/teams/${warehouseTeamId}/members`, { members: [{ userId: people.otherOps.id }] });

    const calendar = defaultSlaCalendar();
    const calendarId = newId('slc');
    await s.db.insertInto('sla_calendars').values({ id: calendarId, account_id: accountId, name: '工作日', timezone: calendar.timezone, week: JSON.stringify(calendar.week), days: JSON.stringify(calendar.days) }).execute();
    const policyId = newId('slp');
    await s.db.insertInto('sla_policies').values({
      id: policyId,
      account_id: accountId,
      name: '签证 SLA',
      calendar_id: calendarId,
      targets: JSON.stringify([
        { priority: null, tierId: null, firstResponseMinutes: 90, nextResponseMinutes: 120, resolutionMinutes: 480 },
        { priority: null, tierId: 'vip', firstResponseMinutes: 30, nextResponseMinutes: null, resolutionMinutes: null },
      ]),
      reminder_share: 0.5,
      escalation: JSON.stringify([{ level: 1, afterMinutes: 0, notify: 'team_lead' }, { level: 2, afterMinutes: 60, notify: 'supervisor' }]),
    }).execute();
    typeId = newId('wot');
    await s.db.insertInto('work_order_types').values({
      id: typeId,
      account_id: accountId,
      name: '签证进度查询',
      fields: JSON.stringify([{ key: 'passport_no', label: '护照号', kind: 'text', required: true }, { key: 'country', label: '送签国家', kind: 'select', options: ['日本', '韩国'] }]),
      default_team_id: opsTeamId,
      sla_policy_id: policyId,
    }).execute();
    plainTypeId = newId('wot');
    await s.db.insertInto('work_order_types').values({ id: plainTypeId, account_id: accountId, name: '内部事务', fields: '[]' }).execute();
  });
  after(async () => {
    await s?.close();
  });

  test('a chat becomes a work order for the operations team: linked both ways, numbered, due times jump the weekend', async () => {
    clock.set('2026-03-06T09:00:00Z');
    const { conversationId } = await chat();
    const wo = await create({ conversationId });
    assert.equal(wo.status, 'new');
    assert.equal(wo.team.id, opsTeamId, 'the type’s default team');
    assert.equal(wo.conversationId, conversationId);
    assert.ok(wo.customer?.id, 'the customer comes from the chat');
    assert.deepEqual(wo.links.map((l: any) => l.conversationId), [conversationId]);
    assert.equal(wo.fields.passport_no, 'E12345678');
    const due = Object.fromEntries(wo.slaTargets.map((t: any) => [t.target, t.dueAt]));
    // 90 working minutes from Friday 17:00: one hour on Friday, half an hour on Monday.
    assert.equal(due.first_response, '2026-03-09T01:30:00.000Z');
    assert.equal(due.resolution, '2026-03-09T08:00:00.000Z');
    assert.equal(wo.sla.target, 'first_response');
    assert.equal(wo.createdBy.id, agentId);
    assert.ok(wo.watching, 'the creator follows what they handed over');

    const again = await create({ conversationId });
    assert.equal(again.number, wo.number + 1);
    // The conversation shows its work orders.
    const forChat = await agent.get(`/api/work-orders?conversationId=${conversationId}`);
    assert.deepEqual(forChat.body.items.map((i: any) => i.number).sort(), [wo.number, again.number]);
    // The operations team's queue heard of it.
    assert.ok((await notes(opsId)).some((n) => n.kind === 'assigned' && n.work_order_id === wo.id));
  });

  test('a VIP customer gets the tighter first response of the tier row, the rest from the catch-all', async () => {
    clock.set('2026-03-06T09:00:00Z');
    const { conversationId } = await chat('VIP 顾客的问题');
    const c = await s.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
    await s.db.updateTable('customer_stats').set({ tier: 'vip' }).where('customer_id', '=', c.customer_id).execute();
    const wo = await create({ conversationId });
    const due = Object.fromEntries(wo.slaTargets.map((t: any) => [t.target, t.dueAt]));
    assert.equal(due.first_response, '2026-03-06T09:30:00.000Z');
    assert.equal(due.resolution, '2026-03-09T08:00:00.000Z');
  });

  test('bad input is refused with a clear 4xx; a retry with the same clientId makes one work order', async () => {
    const missing = await agent.post('/api/work-orders', { typeId, title: '缺护照号', fields: {} });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'work_order_field_invalid');
    assert.equal(missing.body.error.field, 'fields.passport_no');
    assert.match(missing.body.error.message, /护照号/);
    const option = await agent.post('/api/work-orders', { typeId, title: 'x', fields: { passport_no: 'E1', country: '火星' } });
    assert.equal(option.body.error.code, 'work_order_field_invalid');
    const unknown = await agent.post('/api/work-orders', { typeId, title: 'x', fields: { passport_no: 'E1', shoe_size: 42 } });
    assert.equal(unknown.status, 400);
    const badType = await agent.post('/api/work-orders', { typeId: 'wot_nope', title: 'x' });
    assert.equal(badType.body.error.code, 'work_order_type_invalid');
    const badTeam = await agent.post('/api/work-orders', { typeId: plainTypeId, title: 'x', teamId: 'team_nope' });
    assert.equal(badTeam.body.error.code, 'work_order_team_invalid');
    const noTitle = await agent.post('/api/work-orders', { typeId: plainTypeId, title: '   ' });
    assert.equal(noTitle.status, 400);

    const clientId = randomUUID();
    const first = await create({ clientId });
    const second = await create({ clientId });
    assert.equal(second.id, first.id);
    assert.equal((await s.db.selectFrom('work_orders').select('id').where('client_id', '=', clientId).execute()).length, 1);
  });

  test('operations staff see their team’s queue and their own, nothing else; QA reads but cannot act; other shops see nothing', async () => {
    const mine = await create({ title: '运营组的工单' });
    const warehouse = await create({ title: '仓库组的工单', teamId: warehouseTeamId });
    const list = await ops.get('/api/work-orders?limit=100');
    const ids = list.body.items.map((i: any) => i.id);
    assert.ok(ids.includes(mine.id));
    assert.ok(!ids.includes(warehouse.id));
    assert.equal((await ops.get(`/api/work-orders/${warehouse.id}`)).status, 404);
    assert.equal((await ops.post(`/api/work-orders/${warehouse.id}/comments`, { body: '偷看' })).status, 404);
    assert.equal((await otherOps.get(`/api/work-orders/${warehouse.id}`)).status, 200);
    // Handed to them by name, it is theirs to see.
    await owner.request('PATCH', `/api/work-orders/${warehouse.id}`, { assigneeId: opsId });
    assert.equal((await ops.get(`/api/work-orders/${warehouse.id}`)).status, 200);
    const team = await ops.get('/api/work-orders?view=team&limit=100');
    assert.ok(team.body.items.every((i: any) => i.team?.id === opsTeamId));

    // Operations staff can hand a work order on: they read the teams and members to pick from.
    const people = await ops.get('/api/work-orders/people');
    assert.equal(people.status, 200);
    assert.deepEqual(people.body.teams.find((t: any) => t.id === opsTeamId).members.map((m: any) => [m.name, m.isLead]), [['运营组长老周', true], ['运营小李', false]]);
    assert.ok(people.body.members.some((m: any) => m.name === '仓库小陈'));
    const passed = await ops.request('PATCH', `/api/work-orders/${mine.id}`, { teamId: warehouseTeamId });
    assert.equal(passed.status, 200);
    assert.equal(passed.body.workOrder.events.at(-1).meta.teamName, '仓库组');
    assert.equal((await ops.get(`/api/work-orders/${mine.id}`)).status, 404, 'handed on to another team, it leaves their queue');

    assert.equal((await qa.get(`/api/work-orders/${mine.id}`)).status, 200);
    assert.equal((await qa.post('/api/work-orders', { typeId: plainTypeId, title: 'qa' })).status, 403);
    assert.equal((await qa.post(`/api/work-orders/${mine.id}/transition`, { action: 'start' })).status, 403);

    const other = await makeAccount(s.db);
    const stranger = await loginAs(s.url, other.email, other.password);
    assert.equal((await stranger.get(`/api/work-orders/${mine.id}`)).status, 404);
    assert.equal((await stranger.get('/api/work-orders')).body.items.length, 0);
    assert.equal((await stranger.post('/api/work-orders', { typeId, title: '借用别家的类型' })).body.error.code, 'work_order_type_invalid');
  });

  test('the operations user answers: the reply reaches the customer in the chat, an internal comment never does', async () => {
    clock.set('2026-03-06T09:00:00Z');
    const { conversationId, shopper } = await chat('签证到哪了？');
    const wo = await create({ conversationId });
    const internal = await ops.post(`/api/work-orders/${wo.id}/comments`, { body: '内部：使馆还没出签' });
    assert.equal(internal.status, 201, JSON.stringify(internal.body));
    assert.equal(internal.body.workOrder.slaTargets.find((t: any) => t.target === 'first_response').metAt, '2026-03-06T09:00:00.000Z', 'anyone but the creator answering is the first response');
    await s.db.updateTable('users').set({ nickname: '签证顾问小美' }).where('id', '=', opsId).execute();
    const reply = await ops.post(`/api/work-orders/${wo.id}/comments`, { body: '您的签证已送馆，预计 3 个工作日出签', public: true, clientId: 'r-1' });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.workOrder.status, 'open', 'answering a new work order takes it up');
    await ops.post(`/api/work-orders/${wo.id}/comments`, { body: '您的签证已送馆，预计 3 个工作日出签', public: true, clientId: 'r-1' });
    const seen = await shopper.get('/api/widget/v1/messages');
    const bodies = seen.body.items.map((m: any) => m.body);
    assert.equal(bodies.filter((b: string) => b.includes('预计 3 个工作日出签')).length, 1, 'the reply once, even retried');
    assert.ok(!bodies.some((b: string) => b.includes('使馆还没出签')));
    // The customer sees the public nickname, in the chat and in their progress view.
    assert.equal(seen.body.items.find((m: any) => m.body.includes('预计 3 个工作日出签')).sender.name, '签证顾问小美');
    const progress = await shopper.get('/api/widget/v1/work-orders');
    const mine = progress.body.items.find((i: any) => i.number === wo.number);
    assert.deepEqual(mine.replies.map((r: any) => r.by), ['签证顾问小美']);
    assert.equal(mine.status, 'open');
    const events = (await get(wo.id)).events;
    assert.deepEqual(events.filter((e: any) => e.kind === 'reply').map((e: any) => e.public), [true]);
    assert.deepEqual(events.filter((e: any) => e.kind === 'comment').map((e: any) => e.public), [false]);
    // The agent who made it hears of the answer.
    assert.ok((await notes(agentId)).some((n) => n.kind === 'reply' && n.work_order_id === wo.id));

    const alone = await create({ title: '没有会话的工单' });
    const refused = await ops.post(`/api/work-orders/${alone.id}/comments`, { body: '你好', public: true });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'work_order_reply_needs_conversation');
    // Linking a chat gives it one to reply through.
    const { conversationId: later, shopper: laterShopper } = await chat('我也想问签证进度');
    assert.equal((await ops.post(`/api/work-orders/${alone.id}/links`, { conversationId: later })).body.workOrder.conversationId, later);
    assert.equal((await ops.post(`/api/work-orders/${alone.id}/comments`, { body: '已为您查询，请稍候', public: true })).status, 201);
    assert.ok((await laterShopper.get('/api/widget/v1/messages')).body.items.some((m: any) => m.body === '已为您查询，请稍候'));
  });

  test('one transition table: a wrong move is a 409 in words; pending on the customer stops the clock and coming back starts the next response', async () => {
    clock.set('2026-03-06T09:00:00Z');
    const wo = await create({});
    const wrong = await ops.post(`/api/work-orders/${wo.id}/transition`, { action: 'close' });
    assert.equal(wrong.status, 409);
    assert.match(wrong.body.error.message, /新建.*关闭/);
    clock.set('2026-03-06T09:10:00Z');
    const waiting = await ops.post(`/api/work-orders/${wo.id}/transition`, { action: 'wait_customer', note: '请顾客补充护照首页' });
    assert.equal(waiting.body.workOrder.status, 'pending_customer');
    assert.equal(waiting.body.workOrder.sla.paused, true);
    // The weekend and Monday morning pass while the customer is the one to answer.
    clock.set('2026-03-09T02:00:00Z');
    const resumed = (await ops.post(`/api/work-orders/${wo.id}/transition`, { action: 'resume' })).body.workOrder;
    const due = Object.fromEntries(resumed.slaTargets.map((t: any) => [t.target, t.dueAt]));
    // 10 of 90 minutes were used before the pause: 80 left from Monday 10:00.
    assert.equal(due.first_response, '2026-03-09T03:20:00.000Z');
    assert.equal(due.next_response, '2026-03-09T04:00:00.000Z');
    assert.deepEqual(resumed.actions.sort(), ['resolve', 'wait_customer', 'wait_team'].sort());
    const events = resumed.events.filter((e: any) => e.kind === 'status').map((e: any) => `${e.meta.from}→${e.meta.to}`);
    assert.deepEqual(events, ['new→pending_customer', 'pending_customer→open']);
  });

  test('left unanswered: a reminder at half the time, the breach at the due time, the team lead then the supervisor — each once', async () => {
    clock.set('2026-03-06T09:00:00Z');
    const wo = await create({ title: '没人回复的工单' });
    const kinds = async () => (await get(wo.id)).events.filter((e: any) => ['reminder', 'breach', 'escalation'].includes(e.kind)).map((e: any) => `${e.kind}:${e.meta.target}${e.meta.level ? `:${e.meta.level}` : ''}`);

    clock.set('2026-03-06T09:44:00Z');
    await sweep();
    assert.deepEqual(await kinds(), []);
    clock.set('2026-03-06T09:46:00Z');
    await sweep();
    assert.deepEqual(await kinds(), ['reminder:first_response']);
    assert.ok((await notes(opsId)).some((n) => n.kind === 'reminder' && n.work_order_id === wo.id), 'the team’s queue is reminded');

    // Saturday: the calendar is closed, nothing falls due, and the countdown stands still.
    clock.set('2026-03-07T06:00:00Z');
    await sweep();
    assert.deepEqual(await kinds(), ['reminder:first_response']);
    const resting = (await owner.get('/api/work-orders?status=active&limit=100')).body.items.find((i: any) => i.id === wo.id);
    assert.equal(resting.sla.running, false);
    assert.equal(resting.sla.targetMinutes, 90);
    assert.equal(resting.sla.remainingMs, 30 * 60_000, 'an hour of the 90 minutes ran on Friday');

    clock.set('2026-03-09T01:31:00Z');
    await sweep();
    await sweep();
    assert.deepEqual(await kinds(), ['reminder:first_response', 'breach:first_response', 'escalation:first_response:1']);
    assert.ok((await notes(opsLeadId)).some((n) => n.kind === 'escalation' && n.work_order_id === wo.id), 'level 1 tells the team lead');
    assert.ok(!(await notes(supervisorId)).some((n) => n.work_order_id === wo.id));

    clock.set('2026-03-09T02:31:00Z');
    await sweep();
    const after = await get(wo.id);
    assert.equal(after.escalationLevel, 2);
    assert.deepEqual(after.escalation.map((l: any) => l.reached), [true, true]);
    assert.ok((await notes(supervisorId)).some((n) => n.kind === 'escalation' && n.work_order_id === wo.id), 'level 2 tells the supervisor');
    const list = (await owner.get('/api/work-orders?status=active&limit=100')).body.items.find((i: any) => i.id === wo.id);
    assert.equal(list.sla.breached, true);
    assert.ok(list.sla.remainingMs < 0);
    assert.equal(list.escalationLevel, 2);
    const counted = await kinds();
    await sweep();
    assert.deepEqual(await kinds(), counted, 'a second round owes nothing');
    // Resolved and reopened, the ladder starts again for the clocks that run again.
    await ops.post(`/api/work-orders/${wo.id}/transition`, { action: 'resolve' });
    const reopened = (await ops.post(`/api/work-orders/${wo.id}/transition`, { action: 'reopen' })).body.workOrder;
    assert.equal(reopened.escalationLevel, 0);
    assert.ok(reopened.slaTargets.some((t: any) => t.target === 'next_response' && t.dueAt), 'the next response runs from the reopen');
  });

  test('a tracker work order gathers many chats; resolving it tells each customer once', async () => {
    clock.set('2026-03-09T02:00:00Z');
    const a = await chat('我的快递怎么还没到？');
    const b = await chat('物流三天没更新了');
    const tracker = await create({ title: '3月批次圆通延误', isTracker: true, conversationId: a.conversationId });
    const linked = await agent.post(`/api/work-orders/${tracker.id}/links`, { conversationId: b.conversationId });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.workOrder.links.length, 2);
    assert.equal((await agent.post(`/api/work-orders/${tracker.id}/links`, { conversationId: b.conversationId })).body.error.code, 'work_order_already_linked');
    await ops.post(`/api/work-orders/${tracker.id}/transition`, { action: 'start' });
    const resolved = await ops.post(`/api/work-orders/${tracker.id}/transition`, { action: 'resolve', note: '快递已恢复派送。' });
    assert.equal(resolved.status, 200);
    for (const shopper of [a.shopper, b.shopper]) {
      const bodies = (await shopper.get('/api/widget/v1/messages')).body.items.map((m: any) => m.body);
      assert.equal(bodies.filter((t: string) => t.includes(`工单 #${tracker.number}`) && t.includes('快递已恢复派送')).length, 1);
    }
    assert.ok(resolved.body.workOrder.links.every((l: any) => l.notifiedAt));
    // Reopened and resolved again, nobody is told twice.
    await ops.post(`/api/work-orders/${tracker.id}/transition`, { action: 'reopen' });
    await ops.post(`/api/work-orders/${tracker.id}/transition`, { action: 'resolve' });
    const bodies = (await a.shopper.get('/api/widget/v1/messages')).body.items.map((m: any) => m.body);
    assert.equal(bodies.filter((t: string) => t.includes(`工单 #${tracker.number}`)).length, 1);
  });

  test('attachments go with a comment and come back with their name; a file of another type than it claims is refused', async () => {
    const wo = await create({ title: '附件' });
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const up = await fetch(`${s.url}/api/work-orders/${wo.id}/attachments?name=${encodeURIComponent('护照首页.png')}`, { method: 'POST', headers: { cookie: ops.cookie, 'x-csrf-token': ops.csrfToken, 'content-type': 'image/png' }, body: png });
    assert.equal(up.status, 201);
    const { attachment } = (await up.json()) as { attachment: { id: string; fileName: string } };
    assert.equal(attachment.fileName, '护照首页.png');
    const res = await ops.post(`/api/work-orders/${wo.id}/comments`, { body: '护照首页见附件', attachmentIds: [attachment.id] });
    assert.equal(res.status, 201);
    const event = res.body.workOrder.events.find((e: any) => e.kind === 'comment');
    assert.deepEqual(event.attachments.map((a: any) => a.fileName), ['护照首页.png']);
    const down = await fetch(`${s.url}/api/work-orders/${wo.id}/attachments/${attachment.id}`, { headers: { cookie: ops.cookie } });
    assert.equal(down.status, 200);
    assert.deepEqual(Buffer.from(await down.arrayBuffer()), png);
    const reused = await ops.post(`/api/work-orders/${wo.id}/comments`, { body: '再用一次', attachmentIds: [attachment.id] });
    assert.equal(reused.body.error.code, 'work_order_attachment_invalid');
    const fake = await fetch(`${s.url}/api/work-orders/${wo.id}/attachments?name=a.png`, { method: 'POST', headers: { cookie: ops.cookie, 'x-csrf-token': ops.csrfToken, 'content-type': 'image/png' }, body: Buffer.from('MZ this is no image') });
    assert.equal(fake.status, 415);
  });
});
