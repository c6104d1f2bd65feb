import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { can } from '../../accounts/index.ts';
import { recordCustomerEvents } from '../timeline.service.ts';
import { presentVisit, type VisitRow } from './key-accounts.presenters.ts';
import { nextVisitDue } from './visit-schedule.ts';
import './key-accounts.errors.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

function visitQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('key_account_visits as v')
    .innerJoin('customers as c', (j) => j.onRef('c.account_id', '=', 'v.account_id').onRef('c.id', '=', 'v.customer_id'))
    .leftJoin('key_accounts as k', (j) => j.onRef('k.account_id', '=', 'v.account_id').onRef('k.customer_id', '=', 'v.customer_id'))
    .leftJoin('users as m', (j) => j.onRef('m.account_id', '=', 'c.account_id').onRef('m.id', '=', 'c.account_manager_id'))
    .leftJoin('users as d', (j) => j.onRef('d.account_id', '=', 'v.account_id').onRef('d.id', '=', 'v.done_by'))
    .select([
      'v.id', 'v.customer_id', 'c.name as customer_name', 'c.nickname as customer_nickname', 'k.company', 'c.account_manager_id', 'm.name as manager_name',
      'v.due_at', 'v.status', 'v.outcome', 'v.done_at', 'v.done_by', 'd.name as done_by_name',
    ])
    .where('v.account_id', '=', ctx.accountId);
}

/** A customer's return visits, the latest due first. */
export async function listVisits(ctx: Ctx, customerId: string) {
  const customer = await ctx.db.selectFrom('customers').select('id').where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw notFound('customer');
  const rows = await visitQuery(ctx).where('v.customer_id', '=', customerId).orderBy('v.due_at', 'desc').orderBy('v.id', 'desc').limit(200).execute();
  const now = ctx.clock.now();
  return rows.map((r) => presentVisit(r as VisitRow, now));
}

/**
 * 我的待回访: a manager's scheduled visits that are overdue or due within `days`, the most overdue
 * first. Another manager's list needs key_accounts.manage.
 */
export async function dueVisits(ctx: Ctx, q: { managerId?: string; days: number }) {
  const managerId = q.managerId ?? ctx.actor.id;
  if (managerId !== ctx.actor.id && !can(ctx.actor.role, 'key_accounts.manage')) throw new AppError('forbidden');
  if (!managerId) return [];
  const now = ctx.clock.now();
  const rows = await visitQuery(ctx)
    .where('v.status', '=', 'scheduled')
    .where('c.account_manager_id', '=', managerId)
    .where('v.due_at', '<=', new Date(now.getTime() + q.days * DAY_MS))
    .orderBy('v.due_at')
    .orderBy('v.id')
    .limit(500)
    .execute();
  return rows.map((r) => presentVisit(r as VisitRow, now));
}

async function loadVisit(ctx: Ctx, visitId: string) {
  if (!/^\d{1,18}$/.test(visitId)) throw notFound('visit');
  const row = await visitQuery(ctx).where('v.id', '=', Number(visitId)).executeTakeFirst();
  if (!row) throw notFound('visit');
  return row as VisitRow;
}

async function keyAccountRhythm(ctx: Ctx, customerId: string) {
  const file = await ctx.db.selectFrom('key_accounts').select(['visit_every', 'visit_unit']).where('account_id', '=', ctx.accountId).where('customer_id', '=', customerId).executeTakeFirst();
  return file?.visit_every && file.visit_unit ? { n: file.visit_every, unit: file.visit_unit } : null;
}

/**
 * Records a return visit as done with what came of it (回访结果), on the customer's timeline as
 * key_account.visit, and schedules the next one by the key account's rhythm. Only the customer's
 * account manager, or a member with key_accounts.manage, completes it.
 */
export async function completeVisit(ctx: Ctx, visitId: string, outcome: string) {
  const visit = await loadVisit(ctx, visitId);
  if (visit.account_manager_id !== ctx.actor.id && !can(ctx.actor.role, 'key_accounts.manage')) throw new AppError('visit_not_yours');
  const nextId = await inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const done = await ctx.db
      .updateTable('key_account_visits')
      .set({ status: 'done', outcome, done_at: now, done_by: ctx.actor.id })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', visit.id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    if (!done.numUpdatedRows) throw new AppError('visit_already_done');
    await recordCustomerEvents(ctx.db, [{ accountId: ctx.accountId, customerId: visit.customer_id, kind: 'key_account.visit', data: { visitId: String(visit.id), dueAt: visit.due_at.toISOString(), outcome }, actorId: ctx.actor.id, occurredAt: now }]);
    const due = nextVisitDue(now, await keyAccountRhythm(ctx, visit.customer_id));
    if (!due) return null;
    const next = await ctx.db.insertInto('key_account_visits').values({ account_id: ctx.accountId, customer_id: visit.customer_id, due_at: due, outcome: null, done_at: null, done_by: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
    return next.id;
  });
  const now = ctx.clock.now();
  return {
    visit: presentVisit(await loadVisit(ctx, String(visit.id)), now),
    next: nextId === null ? null : presentVisit(await loadVisit(ctx, String(nextId)), now),
  };
}
