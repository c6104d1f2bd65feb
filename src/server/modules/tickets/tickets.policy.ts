import { sql, type ExpressionBuilder } from 'kysely';
import type { Schema } from '../../db/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { can } from '../accounts/index.ts';

/**
 * Who sees which work orders. Operations staff (运营/仓库/财务) see their queue and nothing else:
 * work orders of their teams (and the groups under them), those assigned to them, those they
 * made or watch. Every other role that reads work orders sees them all.
 */
export type Scope = { all: true } | { all: false; accountId: string; userId: string };

export function scopeOf(ctx: Ctx): Scope {
  if (can(ctx.actor.role, 'work_orders.read_all')) return { all: true };
  // An operations API token is nobody's queue: it sees no work order.
  return { all: false, accountId: ctx.accountId, userId: ctx.actor.type === 'user' && ctx.actor.id ? ctx.actor.id : '' };
}

/** A where-clause on `w` (work_orders) that keeps what the scope may see. */
export function visibleTo(scope: Scope) {
  return (eb: ExpressionBuilder<Schema & { w: Schema['work_orders'] }, 'w'>) => {
    if (scope.all) return eb.val(true);
    const me = scope.userId;
    return eb.or([
      eb('w.assignee_id', '=', me),
      eb('w.created_by', '=', me),
      eb.exists(eb.selectFrom('work_order_watchers as ww').select(sql`1`.as('one')).whereRef('ww.account_id', '=', 'w.account_id').whereRef('ww.work_order_id', '=', 'w.id').where('ww.user_id', '=', me)),
      eb('w.team_id', 'in', teamsOf(scope.accountId, me)),
    ]);
  };
}

/** The teams a member is in, with every group under them (a subquery for `team_id in …`). */
export function teamsOf(accountId: string, userId: string) {
  return sql<string>`(
    with recursive t(id) as (
      select m.team_id from team_members m where m.account_id = ${accountId} and m.user_id = ${userId}
      union
      select c.id from teams c join t on c.parent_id = t.id
    ) select id from t)`;
}
