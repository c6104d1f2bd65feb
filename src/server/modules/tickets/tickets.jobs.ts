import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemActor, type Ctx } from '../../platform/context.ts';
import { onEvents } from '../../platform/events.ts';
import { defineJob } from '../../platform/jobs.ts';
import type { Schedule } from '../../platform/scheduler.ts';
import { notify } from './notifications.service.ts';
import { calendarOfPolicies, slaSteps, type SlaStep } from './tickets.sla.ts';
import type { SlaTargetKey } from './tickets.tables.ts';
import { teamMembers } from './tickets.write.ts';

export const SLA_SWEEP_JOB = 'work_orders.sla-sweep';

/** The SLA job looks every minute; each round handles what fell due since (reminders, breaches, escalations). */
export const TICKETS_SCHEDULES: Schedule[] = [{ name: 'work-orders-sla', cron: '* * * * *', job: SLA_SWEEP_JOB }];

const TARGET_LABELS: Record<SlaTargetKey, string> = { first_response: '首次响应', next_response: '再次响应', resolution: '解决' };
const BATCH = 200;

export function registerTicketsJobs(): void {
  defineJob(SLA_SWEEP_JOB, async (job) => ({ handled: await sweepSla({ db: job.db, clock: job.clock, log: job.log }) }));
}

export function registerTicketsEventHandlers(): void {
  // Lists and open pages refresh; each client asks again for what it may see.
  onEvents('work_order.changed', 'tickets.announce', async (events, { publish }) => {
    const seen = new Set<string>();
    for (const e of events) {
      const key = `${e.accountId} ${String(e.payload.id)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      publish({ accountId: e.accountId, channel: 'account', event: 'work_order.changed', data: { id: e.payload.id } });
    }
  });
}

/**
 * One round of the SLA job: every work order whose next SLA moment has come is locked (others'
 * rounds skip it), given what it is owed — a reminder to its assignee at the policy's share of the
 * time, a breach marked at the due time, each escalation level recorded and its people told (the
 * team lead, then the supervisor) — and planned again. Returns how many were handled.
 */
export async function sweepSla(deps: { db: Db; clock: Clock; log: Logger }): Promise<number> {
  let handled = 0;
  for (;;) {
    const now = deps.clock.now();
    const n = await deps.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('work_orders').selectAll().where('sla_check_at', '<=', now).orderBy('sla_check_at').limit(BATCH).forUpdate().skipLocked().execute();
      for (const row of rows) {
        const ctx: Ctx = { accountId: row.account_id, actor: systemActor('SLA'), db: trx, clock: deps.clock, log: deps.log, locale: 'zh-CN' };
        const calendars = await calendarOfPolicies(trx, row.account_id, [row.sla_policy_id]);
        const calendar = row.sla_policy_id ? (calendars.get(row.sla_policy_id) ?? null) : null;
        const { steps } = slaSteps(calendar, row, now);
        const next = { ...row, breached: { ...row.breached }, reminded: { ...row.reminded } };
        for (const step of steps) {
          await apply(ctx, next, step);
          if (step.kind === 'reminder') next.reminded[step.key] = step.at.toISOString();
          if (step.kind === 'breach') next.breached[step.key] = step.at.toISOString();
          if (step.kind === 'escalation') next.escalation_level = Math.max(next.escalation_level, step.level);
        }
        const replanned = slaSteps(calendar, next, now);
        await trx
          .updateTable('work_orders')
          .set({
            breached: JSON.stringify(next.breached),
            reminded: JSON.stringify(next.reminded),
            escalation_level: next.escalation_level,
            sla_check_at: replanned.steps.length ? now : replanned.checkAt,
            ...(steps.length ? { updated_at: now } : {}),
          })
          .where('account_id', '=', row.account_id)
          .where('id', '=', row.id)
          .execute();
        if (steps.length) await trx.insertInto('outbox').values({ account_id: row.account_id, type: 'work_order.changed', payload: JSON.stringify({ id: row.id }) }).execute();
      }
      return rows.length;
    });
    handled += n;
    if (n < BATCH) return handled;
  }
}

type Owed = { id: string; account_id: string; number: string; title: string; assignee_id: string | null; team_id: string | null };

async function apply(ctx: Ctx, row: Owed, step: SlaStep): Promise<void> {
  const label = TARGET_LABELS[step.key];
  const head = `#${row.number} ${row.title}`;
  const event = (kind: 'reminder' | 'breach' | 'escalation', body: string, meta: Record<string, unknown>) =>
    ctx.db.insertInto('work_order_events').values({ account_id: ctx.accountId, work_order_id: row.id, kind, actor_name: 'SLA', body, meta: JSON.stringify({ ...meta, target: step.key, dueAt: step.at.toISOString() }), created_at: ctx.clock.now() }).execute();
  const queue = row.assignee_id ? [row.assignee_id] : await teamMembers(ctx, row.team_id);
  if (step.kind === 'reminder') {
    await event('reminder', `${label}时限即将到期`, {});
    await notify(ctx, { userIds: queue, kind: 'reminder', workOrderId: row.id, title: `${label}即将超时：${head}`, body: null });
  } else if (step.kind === 'breach') {
    await event('breach', `${label}已超时`, {});
    await notify(ctx, { userIds: queue, kind: 'breach', workOrderId: row.id, title: `${label}已超时：${head}`, body: null });
  } else {
    const who = step.notify === 'team_lead' ? await teamMembers(ctx, row.team_id, true) : [];
    // No team lead to tell (no team, or none leads it): the supervisors hear of it instead.
    const people = who.length ? who : await supervisors(ctx);
    await event('escalation', `升级到第 ${step.level} 级：已通知${step.notify === 'team_lead' && who.length ? '团队组长' : '客服主管'}`, { level: step.level, notify: step.notify, notified: people });
    await notify(ctx, { userIds: people, kind: 'escalation', workOrderId: row.id, title: `工单升级（第 ${step.level} 级）：${head}`, body: `${label}超时未处理` });
  }
}

async function supervisors(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db.selectFrom('users').select(['id', 'role']).where('account_id', '=', ctx.accountId).where('status', '=', 'active').where('role', 'in', ['supervisor', 'owner']).execute();
  const sup = rows.filter((r) => r.role === 'supervisor').map((r) => r.id);
  return sup.length ? sup : rows.map((r) => r.id);
}
