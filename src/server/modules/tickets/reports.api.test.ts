import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loginAs, startTestServer, testStore, type TestClient, type TestServer } from '../../../../test/harness.ts';
import { firstAccountId, makeAccount, makeUser } from '../../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { WorkOrderStatus } from './tickets.status.ts';

// 12:00 Beijing time on 15 March 2026.
const NOW = '2026-03-15T04:00:00Z';
const hoursAgo = (h: number) => new Date(new Date(NOW).getTime() - h * 3_600_000);

describe(`work order reports (工单报表) (${testStore})`, () => {
  const clock = fixedClock(NOW);
  let s: TestServer;
  let owner: TestClient;
  let accountId: string;
  let number = 0;

  const team = async (account: string, name: string) => {
    const id = newId('team');
    await s.db.insertInto('teams').values({ id, account_id: account, name }).execute();
    return id;
  };
  const type = async (account: string, name: string) => {
    const id = newId('wot');
    await s.db.insertInto('work_order_types').values({ id, account_id: account, name, fields: '[]' }).execute();
    return id;
  };
  type Wo = {
    account?: string; typeId: string; teamId?: string | null; createdAt: Date | string; status?: WorkOrderStatus;
    firstDue?: string; firstAt?: string; resolutionDue?: string; resolvedAt?: string; breached?: Record<string, string>; minutes?: number;
  };
  const workOrder = async (w: Wo) => {
    await s.db.insertInto('work_orders').values({
      id: newId('wo'), account_id: w.account ?? accountId, number: ++number, type_id: w.typeId, title: '报表测试', priority: 'normal',
      status: w.status ?? 'open', team_id: w.teamId ?? null,
      first_response_minutes: w.firstDue || w.minutes ? (w.minutes ?? 60) : null, resolution_minutes: w.resolutionDue ? 600 : null,
      first_response_due_at: w.firstDue ? new Date(w.firstDue) : null, first_responded_at: w.firstAt ? new Date(w.firstAt) : null,
      resolution_due_at: w.resolutionDue ? new Date(w.resolutionDue) : null, resolved_at: w.resolvedAt ? new Date(w.resolvedAt) : null,
      breached: JSON.stringify(w.breached ?? {}), created_at: new Date(w.createdAt), updated_at: new Date(w.createdAt),
    }).execute();
  };
  const row = (rows: any[], key: string) => {
    const r = rows.find((x) => x.key === key);
    assert.ok(r, `no row ${key} in ${JSON.stringify(rows)}`);
    return [r.total, r.met, r.breached, r.rate];
  };

  before(async () => {
    s = await startTestServer({ clock });
    accountId = await firstAccountId(s.db);
    owner = await loginAs(s.url);
  });
  after(async () => { await s.close(); });

  test('SLA hit rate by team, type and Beijing-time month: breaches recorded, overdue and late all count', async () => {
    const a = await team(accountId, '签证操作组');
    const b = await team(accountId, '仓储物流组');
    const visa = await type(accountId, '签证进度查询');
    const logistics = await type(accountId, '物流异常');

    // March (Beijing): 00:30 on 1 March is still 28 February in UTC.
    await workOrder({ typeId: visa, teamId: a, createdAt: '2026-03-01T00:30:00+08:00', firstDue: '2026-03-02T10:00:00+08:00', firstAt: '2026-03-02T09:00:00+08:00' });
    await workOrder({ typeId: visa, teamId: a, createdAt: '2026-03-05T10:00:00+08:00', resolutionDue: '2026-03-20T10:00:00+08:00', breached: { first_response: '2026-03-05T14:00:00+08:00' } });
    await workOrder({ typeId: logistics, teamId: a, createdAt: '2026-03-10T10:00:00+08:00', resolutionDue: '2026-03-14T10:00:00+08:00' });
    // February: one still within its time, one answered late (the job never recorded it).
    await workOrder({ typeId: logistics, teamId: b, createdAt: '2026-02-10T10:00:00+08:00', resolutionDue: '2026-03-15T13:00:00+08:00', status: 'pending_team' });
    await workOrder({ typeId: logistics, teamId: b, createdAt: '2026-02-11T10:00:00+08:00', firstDue: '2026-02-11T14:00:00+08:00', firstAt: '2026-02-12T09:00:00+08:00', status: 'resolved', resolutionDue: '2026-02-20T10:00:00+08:00', resolvedAt: '2026-02-13T10:00:00+08:00' });
    // No target: not counted.
    await workOrder({ typeId: visa, teamId: a, createdAt: '2026-02-12T10:00:00+08:00' });
    // 04:00 on 1 January in Beijing, still 2025 in UTC: January. 23:00 on 31 December in Beijing: December.
    await workOrder({ typeId: visa, teamId: null, createdAt: '2025-12-31T20:00:00Z', firstDue: '2026-01-05T10:00:00+08:00', firstAt: '2026-01-04T10:00:00+08:00' });
    await workOrder({ typeId: visa, teamId: null, createdAt: '2025-12-31T15:00:00Z', firstDue: '2026-01-05T10:00:00+08:00' });
    // Another shop's work orders are not ours.
    const other = await makeAccount(s.db);
    const otherType = await type(other.accountId, '签证进度查询');
    await workOrder({ account: other.accountId, typeId: otherType, createdAt: '2026-03-02T10:00:00+08:00', firstDue: '2026-03-02T12:00:00+08:00' });

    const res = await owner.get('/api/work-orders/reports/sla?from=2026-01&to=2026-03');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const r = res.body;
    assert.deepEqual(r.byMonth.map((m: any) => [m.key, m.total, m.met, m.breached, m.rate]), [
      ['2026-01', 1, 1, 0, 1],
      ['2026-02', 2, 1, 1, 0.5],
      ['2026-03', 3, 1, 2, 1 / 3],
    ]);
    assert.deepEqual(row(r.byTeam, a), [3, 1, 2, 1 / 3]);
    assert.deepEqual(row(r.byTeam, b), [2, 1, 1, 0.5]);
    assert.deepEqual(row(r.byTeam, ''), [1, 1, 0, 1]);
    assert.equal(r.byTeam.find((t: any) => t.key === '').name, '未指定团队');
    assert.equal(r.byTeam[0].name, '签证操作组', 'the busiest team first');
    assert.deepEqual(row(r.byType, visa), [3, 2, 1, 2 / 3]);
    assert.deepEqual(row(r.byType, logistics), [3, 1, 2, 1 / 3]);

    // Default: this month and the five before it; December is in, with its overdue work order.
    const d = await owner.get('/api/work-orders/reports/sla');
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.deepEqual(d.body.byMonth.map((m: any) => m.key), ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    assert.deepEqual(d.body.byMonth[0], { key: '2025-10', name: '2025-10', total: 0, met: 0, breached: 0, rate: null });
    assert.deepEqual(row(d.body.byMonth, '2025-12'), [1, 0, 1, 0]);

    // Two hours on, the logistics work order of 10 February is overdue too.
    clock.set(hoursAgo(-2));
    try {
      const later = await owner.get('/api/work-orders/reports/sla?from=2026-02&to=2026-02');
      assert.equal(later.status, 200, JSON.stringify(later.body));
      assert.deepEqual(row(later.body.byMonth, '2026-02'), [2, 0, 2, 0]);
    } finally {
      clock.set(NOW);
    }
  });

  test('a bad range is refused; reports need the reports permission', async () => {
    for (const q of ['from=2026-04&to=2026-01', 'from=2026-13', 'from=2020-01&to=2026-01', 'from=2026-1']) {
      const res = await owner.get(`/api/work-orders/reports/sla?${q}`);
      assert.equal(res.status, 400, `${q}: ${JSON.stringify(res.body)}`);
      assert.ok(['work_order_report_range_invalid', 'validation_failed'].includes(res.body.error.code));
    }
    const bad = await owner.get('/api/work-orders/reports/sla?from=2026-04&to=2026-01');
    assert.equal(bad.body.error.code, 'work_order_report_range_invalid');
    const agentUser = await makeUser(s.db, accountId, 'agent');
    const agent = await loginAs(s.url, agentUser.email, agentUser.password);
    assert.equal((await agent.get('/api/work-orders/reports/sla')).status, 403);
    assert.equal((await agent.get('/api/work-orders/reports/age')).status, 403);
    const lead = await makeUser(s.db, accountId, 'team_lead');
    const leadClient = await loginAs(s.url, lead.email, lead.password);
    assert.equal((await leadClient.get('/api/work-orders/reports/age')).status, 200);
  });

  test('open work orders by age since created, overall and by team; resolved and closed ones are not open', async () => {
    const shop = await makeAccount(s.db);
    const client = await loginAs(s.url, shop.email, shop.password);
    const empty = await client.get('/api/work-orders/reports/age');
    assert.deepEqual(empty.body, { buckets: [{ key: 'lt1d', count: 0 }, { key: '1to3d', count: 0 }, { key: '3to7d', count: 0 }, { key: 'gt7d', count: 0 }], byTeam: [], total: 0 });

    const ops = await team(shop.accountId, '运营组');
    const finance = await team(shop.accountId, '财务组');
    const t = await type(shop.accountId, '订单审核');
    const add = (hours: number, teamId: string | null, status: WorkOrderStatus = 'open') => workOrder({ account: shop.accountId, typeId: t, teamId, createdAt: hoursAgo(hours), status });
    await add(2, ops, 'new');
    await add(23, ops);
    await add(25, ops, 'pending_customer');
    await add(71, finance, 'pending_team');
    await add(73, finance);
    await add(24 * 6.9, finance);
    await add(24 * 8, null);
    await add(24 * 30, ops);
    await add(24 * 8, ops, 'resolved');
    await add(2, finance, 'closed');

    const res = await client.get('/api/work-orders/reports/age');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.buckets, [{ key: 'lt1d', count: 2 }, { key: '1to3d', count: 2 }, { key: '3to7d', count: 2 }, { key: 'gt7d', count: 2 }]);
    assert.equal(res.body.total, 8);
    assert.deepEqual(res.body.byTeam, [
      { teamId: finance, name: '财务组', lt1d: 0, '1to3d': 1, '3to7d': 2, gt7d: 0 },
      { teamId: ops, name: '运营组', lt1d: 2, '1to3d': 1, '3to7d': 0, gt7d: 1 },
      { teamId: null, name: '未指定团队', lt1d: 0, '1to3d': 0, '3to7d': 0, gt7d: 1 },
    ]);
  });
});
