import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, silentLog, startTestServer, testStore, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { systemClock } from '../../platform/clock.ts';
import { systemActor, type Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { ensureTicketDefaults } from './index.ts';

const week = (from = '09:00', to = '18:00') => [0, 1, 2, 3, 4].map(() => [{ from, to }]).concat([[], []]);
const target = (priority: string | null, tierId: string | null, fr: number | null, nr: number | null, res: number | null) =>
  ({ priority, tierId, firstResponseMinutes: fr, nextResponseMinutes: nr, resolutionMinutes: res });

describe(`work order settings (工单设置) (${testStore})`, () => {
  let s: TestServer;
  let owner: TestClient;
  let agent: TestClient;
  let accountId: string;

  const ok = async (res: { status: number; body: any }, status = 200) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    return res.body;
  };
  const refused = (res: { status: number; body: any }, status: number, code: string, field?: string) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code, JSON.stringify(res.body));
    if (field) assert.equal(res.body.error.field, field);
    assert.ok(res.body.error.message.length > 0);
  };
  const ctxOf = (id: string): Ctx => ({ accountId: id, actor: systemActor('test'), db: s.db, clock: systemClock, log: silentLog, locale: 'zh-CN' });
  const counts = async (id: string) => ({
    calendars: (await s.db.selectFrom('sla_calendars').select('id').where('account_id', '=', id).execute()).length,
    policies: (await s.db.selectFrom('sla_policies').select('id').where('account_id', '=', id).execute()).length,
    types: (await s.db.selectFrom('work_order_types').select('id').where('account_id', '=', id).execute()).length,
  });
  let number = 0;
  const workOrderOf = async (typeId: string) => {
    await s.db.insertInto('work_orders').values({ id: newId('wo'), account_id: accountId, number: 9000 + ++number, type_id: typeId, title: '测试工单', priority: 'normal' }).execute();
  };

  before(async () => {
    s = await startTestServer();
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
    const a = await makeUser(s.db, accountId, 'agent');
    agent = await loginAs(s.url, a.email, a.password);
  });
  after(async () => { await s.close(); });

  test('a new account finds a calendar with China’s holidays, the standard SLA on it and four types', async () => {
    assert.deepEqual(await counts(accountId), { calendars: 0, policies: 0, types: 0 });
    const types = (await ok(await agent.get('/api/work-order-types'))).items;
    assert.deepEqual(types.map((t: any) => t.name), ['签证进度查询', '订单审核', '物流异常', '退换货']);
    const visa = types[0];
    assert.deepEqual(visa.fields.map((f: any) => [f.key, f.kind]), [['passport_no', 'text'], ['country', 'select'], ['travel_date', 'date']]);
    assert.ok(visa.fields[1].options.includes('日本'));
    assert.equal(visa.slaPolicyName, '标准 SLA');
    assert.equal(visa.defaultTeamId, null);
    assert.ok(types[2].fields.some((f: any) => f.label === '快递单号'));

    const [policy] = (await ok(await agent.get('/api/sla-policies'))).items;
    assert.equal(policy.name, '标准 SLA');
    assert.equal(policy.reminderShare, 0.8);
    assert.equal(policy.usedBy, 4);
    assert.deepEqual(policy.escalation, [{ level: 1, afterMinutes: 0, notify: 'team_lead' }, { level: 2, afterMinutes: 120, notify: 'supervisor' }]);
    const catchAll = policy.targets.find((t: any) => t.priority === null && t.tierId === null);
    assert.deepEqual([catchAll.firstResponseMinutes, catchAll.nextResponseMinutes, catchAll.resolutionMinutes], [240, 480, 1440]);
    const urgent = policy.targets.find((t: any) => t.priority === 'urgent');
    assert.ok(urgent.firstResponseMinutes < catchAll.firstResponseMinutes);

    const [calendar] = (await ok(await agent.get('/api/sla-calendars'))).items;
    assert.equal(calendar.id, policy.calendarId);
    assert.equal(calendar.name, '工作日 9:00–18:00');
    assert.equal(policy.calendarName, calendar.name);
    assert.equal(calendar.timezone, 'Asia/Shanghai');
    assert.deepEqual(calendar.week[0], [{ from: '09:00', to: '18:00' }]);
    assert.deepEqual(calendar.week[5], []);
    assert.equal(calendar.usedBy, 1);
    assert.ok(calendar.days.some((d: any) => d.date === '2026-02-17' && d.kind === 'holiday' && d.name === '春节'));
    assert.ok(calendar.days.some((d: any) => d.date === '2026-02-28' && d.kind === 'workday'));

    // Listing again creates nothing more.
    await ok(await owner.get('/api/sla-calendars'));
    assert.deepEqual(await counts(accountId), { calendars: 1, policies: 1, types: 4 });
    const holidays = (await ok(await agent.get('/api/sla-calendars/public-holidays'))).days;
    assert.ok(holidays.some((d: any) => d.date === '2026-10-01' && d.kind === 'holiday'));
  });

  test('two first visits at once make one set of defaults, and a shop that has its own gets none', async () => {
    const other = await makeAccount(s.db);
    await Promise.all([ensureTicketDefaults(ctxOf(other.accountId)), ensureTicketDefaults(ctxOf(other.accountId)), ensureTicketDefaults(ctxOf(other.accountId))]);
    await ensureTicketDefaults(ctxOf(other.accountId));
    assert.deepEqual(await counts(other.accountId), { calendars: 1, policies: 1, types: 4 });

    const own = await makeAccount(s.db);
    const ownOwner = await loginAs(s.url, own.email, own.password);
    await ok(await ownOwner.post('/api/sla-calendars', { name: '7×24', week: Array.from({ length: 7 }, () => [{ from: '00:00', to: '24:00' }]) }), 201);
    const types = (await ok(await ownOwner.get('/api/work-order-types'))).items;
    assert.deepEqual(types, []);
    assert.deepEqual(await counts(own.accountId), { calendars: 1, policies: 0, types: 0 });
  });

  test('members who work on work orders read the settings; only managers change them', async () => {
    refused(await agent.post('/api/sla-calendars', { name: '客服排班', week: week() }), 403, 'forbidden');
    refused(await agent.post('/api/work-order-types', { name: '发票问题' }), 403, 'forbidden');
    const [type] = (await ok(await agent.get('/api/work-order-types'))).items;
    refused(await agent.patch(`/api/work-order-types/${type.id}`, { archived: true }), 403, 'forbidden');
    const [policy] = (await ok(await agent.get('/api/sla-policies'))).items;
    refused(await agent.delete(`/api/sla-policies/${policy.id}`), 403, 'forbidden');
  });

  test('a calendar needs an IANA time zone and real, distinct dates; one a policy runs on is not deleted', async () => {
    refused(await owner.post('/api/sla-calendars', { name: '错误时区', timezone: 'Beijing', week: week() }), 400, 'sla_calendar_timezone_invalid', 'timezone');
    refused(await owner.post('/api/sla-calendars', { name: '错误时区', timezone: '+08:00', week: week() }), 400, 'sla_calendar_timezone_invalid', 'timezone');
    refused(await owner.post('/api/sla-calendars', { name: '错误日期', week: week(), days: [{ date: '2026-02-30', kind: 'holiday' }] }), 400, 'sla_calendar_day_invalid', 'days');
    refused(await owner.post('/api/sla-calendars', { name: '重复日期', week: week(), days: [{ date: '2026-05-01', kind: 'holiday' }, { date: '2026-05-01', kind: 'workday' }] }), 400, 'sla_calendar_day_invalid');
    refused(await owner.post('/api/sla-calendars', { name: '六天', week: week().slice(0, 6) }), 400, 'validation_failed');
    refused(await owner.post('/api/sla-calendars', { name: '坏时间', week: [[{ from: '9:00', to: '18:00' }], [], [], [], [], [], []] }), 400, 'validation_failed');

    const created = (await ok(await owner.post('/api/sla-calendars', {
      name: '仓库作息', timezone: 'Asia/Shanghai', week: week('08:30', '17:30'),
      days: [{ date: '2026-05-09', kind: 'workday', name: '劳动节调休' }, { date: '2026-05-01', kind: 'holiday', name: '劳动节' }],
      makeUpHours: [{ from: '09:00', to: '16:00' }],
    }), 201)).calendar;
    assert.deepEqual(created.days.map((d: any) => d.date), ['2026-05-01', '2026-05-09'], 'days are kept in date order');
    assert.deepEqual(created.makeUpHours, [{ from: '09:00', to: '16:00' }]);
    assert.equal(created.usedBy, 0);

    const patched = (await ok(await owner.patch(`/api/sla-calendars/${created.id}`, { name: '仓库作息（新）', timezone: 'Europe/Berlin', makeUpHours: null }))).calendar;
    assert.deepEqual([patched.name, patched.timezone, patched.makeUpHours, patched.days.length], ['仓库作息（新）', 'Europe/Berlin', null, 2]);
    refused(await owner.patch(`/api/sla-calendars/${created.id}`, { timezone: 'Mars/Olympus' }), 400, 'sla_calendar_timezone_invalid');

    const policy = (await ok(await owner.post('/api/sla-policies', { name: '仓库 SLA', calendarId: created.id, targets: [target(null, null, 60, null, 600)] }), 201)).policy;
    refused(await owner.delete(`/api/sla-calendars/${created.id}`), 409, 'sla_calendar_in_use');
    await ok(await owner.patch(`/api/sla-policies/${policy.id}`, { calendarId: null }));
    await ok(await owner.delete(`/api/sla-calendars/${created.id}`), 204);
    refused(await owner.delete(`/api/sla-calendars/${created.id}`), 404, 'not_found');
    const audit = await s.db.selectFrom('audit_log').select('action').where('account_id', '=', accountId).where('target_id', '=', created.id).orderBy('created_at').execute();
    assert.deepEqual(audit.map((a) => a.action), ['work_orders.sla_calendar_created', 'work_orders.sla_calendar_updated', 'work_orders.sla_calendar_deleted']);
  });

  test('a policy’s calendar and tiers must be the shop’s; one row per priority × tier; escalation counts up', async () => {
    const other = await makeAccount(s.db);
    await ensureTicketDefaults(ctxOf(other.accountId));
    const foreignCalendar = await s.db.selectFrom('sla_calendars').select('id').where('account_id', '=', other.accountId).executeTakeFirstOrThrow();
    refused(await owner.post('/api/sla-policies', { name: '借用', calendarId: foreignCalendar.id, targets: [target(null, null, 60, 60, 60)] }), 400, 'sla_policy_calendar_invalid', 'calendarId');
    refused(await owner.post('/api/sla-policies', { name: '无等级', targets: [target(null, 'no_such_tier', 60, 60, 60)] }), 400, 'sla_policy_tier_invalid', 'targets');
    refused(await owner.post('/api/sla-policies', { name: '重复', targets: [target('high', null, 60, 60, 60), target('high', null, 30, 30, 30)] }), 400, 'sla_policy_target_duplicate');
    refused(await owner.post('/api/sla-policies', { name: '无目标', targets: [] }), 400, 'validation_failed');
    refused(await owner.post('/api/sla-policies', { name: '跳级', targets: [target(null, null, 60, 60, 60)], escalation: [{ level: 1, afterMinutes: 0, notify: 'team_lead' }, { level: 3, afterMinutes: 60, notify: 'supervisor' }] }), 400, 'sla_policy_escalation_invalid', 'escalation');
    refused(await owner.post('/api/sla-policies', { name: '倒退', targets: [target(null, null, 60, 60, 60)], escalation: [{ level: 1, afterMinutes: 90, notify: 'team_lead' }, { level: 2, afterMinutes: 30, notify: 'supervisor' }] }), 400, 'sla_policy_escalation_invalid');
    refused(await owner.post('/api/sla-policies', { name: '比例', targets: [target(null, null, 60, 60, 60)], reminderShare: 1.5 }), 400, 'validation_failed');

    await s.db.insertInto('loyalty_tiers').values({ account_id: accountId, key: 'svip_test', name_zh: '至尊VIP', name_en: 'Supreme VIP', rank: 90, match: 'any', color: 'gold', privileges: '', spend_basis: 'lifetime', downgrade_policy: 'never' }).onConflict((oc) => oc.doNothing()).execute();
    const vip = (await ok(await owner.post('/api/sla-policies', {
      name: '大客户 SLA',
      targets: [target('urgent', 'svip_test', 10, null, null), target(null, null, 120, 240, 960), target('urgent', null, 20, 60, 240)],
      reminderShare: 0.75,
      escalation: [{ level: 2, afterMinutes: 60, notify: 'supervisor' }, { level: 1, afterMinutes: 0, notify: 'team_lead' }],
    }), 201)).policy;
    assert.deepEqual(vip.targets.map((t: any) => [t.priority, t.tierId]), [[null, null], ['urgent', null], ['urgent', 'svip_test']], 'catch-all first, then by priority');
    assert.deepEqual(vip.escalation.map((e: any) => e.level), [1, 2]);
    assert.equal(vip.reminderShare, 0.75);
    assert.equal(vip.calendarId, null);

    const type = (await ok(await owner.post('/api/work-order-types', { name: '大客户专属', slaPolicyId: vip.id }), 201)).type;
    assert.equal(type.slaPolicyName, '大客户 SLA');
    refused(await owner.delete(`/api/sla-policies/${vip.id}`), 409, 'sla_policy_in_use');
    const inUse = (await ok(await owner.get('/api/sla-policies'))).items.find((p: any) => p.id === vip.id);
    assert.equal(inUse.usedBy, 1);
    await ok(await owner.patch(`/api/work-order-types/${type.id}`, { slaPolicyId: null }));
    await ok(await owner.delete(`/api/sla-policies/${vip.id}`), 204);
    refused(await owner.patch(`/api/sla-policies/${vip.id}`, { name: '已删除' }), 404, 'not_found');
  });

  test('types: names unique while in use, fields checked, team and policy the shop’s; archived, not deleted, once used', async () => {
    refused(await owner.post('/api/work-order-types', { name: '物流异常' }), 409, 'work_order_type_name_taken', 'name');
    refused(await owner.post('/api/work-order-types', { name: '发票', fields: [{ key: 'kind', label: '发票类型', kind: 'select' }] }), 400, 'work_order_type_fields_invalid', 'fields');
    refused(await owner.post('/api/work-order-types', { name: '发票', fields: [{ key: 'kind', label: '发票类型', kind: 'select', options: [] }] }), 400, 'work_order_type_fields_invalid');
    refused(await owner.post('/api/work-order-types', { name: '发票', fields: [{ key: 'no', label: '单号', kind: 'text' }, { key: 'no', label: '编号', kind: 'number' }] }), 400, 'work_order_type_fields_invalid');
    refused(await owner.post('/api/work-order-types', { name: '发票', fields: [{ key: 'No', label: '单号', kind: 'text' }] }), 400, 'validation_failed');
    refused(await owner.post('/api/work-order-types', { name: '发票', slaPolicyId: 'slp_nope' }), 400, 'work_order_type_policy_invalid', 'slaPolicyId');
    const other = await makeAccount(s.db);
    const foreignTeam = newId('team');
    await s.db.insertInto('teams').values({ id: foreignTeam, account_id: other.accountId, name: '别家团队' }).execute();
    refused(await owner.post('/api/work-order-types', { name: '发票', defaultTeamId: foreignTeam }), 400, 'work_order_team_invalid', 'defaultTeamId');

    const team = newId('team');
    await s.db.insertInto('teams').values({ id: team, account_id: accountId, name: '财务组' }).execute();
    const invoice = (await ok(await owner.post('/api/work-order-types', {
      name: '发票问题', description: '开票、换票', defaultTeamId: team, defaultPriority: 'high',
      fields: [{ key: 'invoice_title', label: '发票抬头', kind: 'text', required: true }, { key: 'kind', label: '发票类型', kind: 'select', options: ['普票', '专票', '普票'] }],
    }), 201)).type;
    assert.deepEqual([invoice.defaultTeamName, invoice.defaultPriority, invoice.archived], ['财务组', 'high', false]);
    assert.deepEqual(invoice.fields[1].options, ['普票', '专票']);
    refused(await owner.patch(`/api/work-order-types/${invoice.id}`, { name: '退换货' }), 409, 'work_order_type_name_taken');
    refused(await owner.patch(`/api/work-order-types/${invoice.id}`, { name: '发票问题', fields: [{ key: 'a', label: 'A', kind: 'select', options: [] }] }), 400, 'work_order_type_fields_invalid');

    await workOrderOf(invoice.id);
    refused(await owner.delete(`/api/work-order-types/${invoice.id}`), 409, 'work_order_type_in_use');
    const archived = (await ok(await owner.patch(`/api/work-order-types/${invoice.id}`, { archived: true }))).type;
    assert.equal(archived.archived, true);
    const active = (await ok(await agent.get('/api/work-order-types'))).items;
    assert.ok(!active.some((t: any) => t.id === invoice.id), 'an archived type is not offered for new work orders');
    const all = (await ok(await owner.get('/api/work-order-types?includeArchived=true'))).items;
    assert.equal(all.at(-1).id, invoice.id, 'archived types come last');

    // Its name is free again while it is archived; restoring it then clashes.
    const again = (await ok(await owner.post('/api/work-order-types', { name: '发票问题' }), 201)).type;
    refused(await owner.patch(`/api/work-order-types/${invoice.id}`, { archived: false }), 409, 'work_order_type_name_taken');
    await ok(await owner.delete(`/api/work-order-types/${again.id}`), 204);
    assert.equal((await ok(await owner.patch(`/api/work-order-types/${invoice.id}`, { archived: false }))).type.archived, false);
    const actions = await s.db.selectFrom('audit_log').select('action').where('account_id', '=', accountId).where('target_id', '=', invoice.id).orderBy('created_at').execute();
    assert.deepEqual(actions.map((a) => a.action), ['work_orders.type_created', 'work_orders.type_archived', 'work_orders.type_restored']);
  });

  test('another shop’s settings are out of reach', async () => {
    const other = await makeAccount(s.db);
    const otherOwner = await loginAs(s.url, other.email, other.password);
    const [type] = (await ok(await owner.get('/api/work-order-types'))).items;
    const [policy] = (await ok(await owner.get('/api/sla-policies'))).items;
    const [calendar] = (await ok(await owner.get('/api/sla-calendars'))).items;
    refused(await otherOwner.patch(`/api/work-order-types/${type.id}`, { name: '偷改' }), 404, 'not_found');
    refused(await otherOwner.delete(`/api/sla-policies/${policy.id}`), 404, 'not_found');
    refused(await otherOwner.patch(`/api/sla-calendars/${calendar.id}`, { name: '偷改' }), 404, 'not_found');
    refused(await otherOwner.post('/api/work-order-types', { name: '借用策略', slaPolicyId: policy.id }), 400, 'work_order_type_policy_invalid');
    const theirs = (await ok(await otherOwner.get('/api/work-order-types'))).items;
    assert.ok(theirs.every((t: any) => t.id !== type.id));
    assert.equal(theirs.length, 4);
  });
});
