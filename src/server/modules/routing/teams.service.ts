import { sql } from 'kysely';
import type { z } from 'zod';
import type * as R from '../../../contracts/routing.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { emitAll } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../accounts/index.ts';
import { ensureAgentStates } from './agent-state.ts';
import { emitAgentsChanged } from './agents.status.ts';
import { assertAgents, byName, inTreeOrder, memberName, TEAM_ROLES } from './members.ts';

export type Team = z.infer<typeof R.Team>;
export type TeamInput = z.infer<typeof R.TeamBody>;
export type TeamMemberInput = { userId: string; isLead?: boolean };

type TeamRow = { id: string; parent_id: string | null; name: string; description: string | null; sort: number; created_at: Date };

/** Members who answer customers, leads first; a deactivated member or one moved to another department is not shown. */
async function membersOf(db: Db, accountId: string, teamIds?: string[]) {
  let query = db
    .selectFrom('team_members as m')
    .innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 'm.account_id').onRef('u.id', '=', 'm.user_id'))
    .select(['m.team_id', 'm.user_id', 'm.is_lead', 'u.name', 'u.display_name'])
    .where('m.account_id', '=', accountId)
    .where('u.status', '=', 'active')
    .where('u.role', 'in', TEAM_ROLES);
  if (teamIds) query = query.where('m.team_id', 'in', teamIds);
  const rows = await query.execute();
  const byTeam = new Map<string, Team['members']>();
  for (const r of rows) byTeam.set(r.team_id, [...(byTeam.get(r.team_id) ?? []), { userId: r.user_id, name: memberName(r), isLead: r.is_lead }]);
  for (const list of byTeam.values()) list.sort((a, b) => Number(b.isLead) - Number(a.isLead) || byName(a.name, b.name) || (a.userId < b.userId ? -1 : 1));
  return byTeam;
}

function present(t: TeamRow, members: Team['members']): Team {
  return { id: t.id, parentId: t.parent_id, name: t.name, description: t.description, sort: t.sort, members, createdAt: t.created_at.toISOString() };
}

const columns = ['id', 'parent_id', 'name', 'description', 'sort', 'created_at'] as const;

/** The account's teams in tree order: each business line followed by its groups (签证 → 日韩签证 …). */
export async function listTeams(ctx: Ctx): Promise<Team[]> {
  const rows = await ctx.db.selectFrom('teams').select(columns).where('account_id', '=', ctx.accountId).execute();
  const members = await membersOf(ctx.db, ctx.accountId);
  return inTreeOrder(rows).map((t) => present(t, members.get(t.id) ?? []));
}

export async function getTeam(ctx: Ctx, id: string): Promise<Team> {
  const row = await ctx.db.selectFrom('teams').select(columns).where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('team');
  return present(row, (await membersOf(ctx.db, ctx.accountId, [id])).get(id) ?? []);
}

/** The team and every team under it, at any depth. */
async function subtree(db: Db, accountId: string, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive d(id) as (
      select id from teams where account_id = ${accountId} and id = ${id}
      union
      select t.id from teams t join d on t.parent_id = d.id where t.account_id = ${accountId})
    select id from d`.execute(db);
  return rows.map((r) => r.id);
}

async function memberIds(db: Db, accountId: string, teamIds: string[]): Promise<string[]> {
  if (teamIds.length === 0) return [];
  const rows = await db.selectFrom('team_members').select('user_id').distinct().where('account_id', '=', accountId).where('team_id', 'in', teamIds).execute();
  return rows.map((r) => r.user_id);
}

async function checkParent(ctx: Ctx, parentId: string | null | undefined, movingId?: string): Promise<void> {
  if (!parentId) return;
  const parent = await ctx.db.selectFrom('teams').select('id').where('account_id', '=', ctx.accountId).where('id', '=', parentId).executeTakeFirst();
  if (!parent) throw new AppError('team_parent_invalid', { field: 'parentId' });
  if (movingId && (await subtree(ctx.db, ctx.accountId, movingId)).includes(parentId)) throw new AppError('team_parent_invalid', { field: 'parentId' });
}

function nameTaken(err: unknown): never {
  if ((err as { code?: string }).code === '23505') throw new AppError('team_name_taken', { field: 'name' });
  throw err;
}

export async function createTeam(ctx: Ctx, input: TeamInput): Promise<Team> {
  return inTransaction(ctx, async (ctx) => {
    await checkParent(ctx, input.parentId);
    const now = ctx.clock.now();
    const id = newId('team');
    try {
      await ctx.db
        .insertInto('teams')
        .values({ id, account_id: ctx.accountId, parent_id: input.parentId ?? null, name: input.name, description: input.description || null, sort: input.sort ?? 0, created_at: now, updated_at: now })
        .execute();
    } catch (err) {
      nameTaken(err);
    }
    await recordAudit(ctx, 'routing.team_created', { type: 'team', id, label: input.name }, { parentId: input.parentId ?? null });
    return getTeam(ctx, id);
  });
}

/**
 * Renames, describes, reorders or moves a team (with everything under it). Its members hear of it:
 * their teams show by name, and a move changes which chats of the business line reach them.
 */
export async function updateTeam(ctx: Ctx, id: string, input: Partial<TeamInput>): Promise<Team> {
  return inTransaction(ctx, async (ctx) => {
    const before = await ctx.db.selectFrom('teams').select(columns).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('team');
    const moving = input.parentId !== undefined && input.parentId !== before.parent_id;
    if (moving) await checkParent(ctx, input.parentId, id);
    const next = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      ...(input.sort !== undefined ? { sort: input.sort } : {}),
    };
    if (Object.keys(next).length === 0) return getTeam(ctx, id);
    try {
      await ctx.db.updateTable('teams').set({ ...next, updated_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    } catch (err) {
      nameTaken(err);
    }
    const changed: Record<string, unknown> = {};
    for (const [key, col] of [['name', 'name'], ['parentId', 'parent_id'], ['description', 'description'], ['sort', 'sort']] as const) {
      const to = (next as Record<string, unknown>)[col];
      if (to !== undefined && to !== before[col]) changed[key] = { from: before[col], to };
    }
    if (Object.keys(changed).length) {
      await recordAudit(ctx, 'routing.team_updated', { type: 'team', id, label: input.name ?? before.name }, changed);
      const affected = await memberIds(ctx.db, ctx.accountId, moving ? await subtree(ctx.db, ctx.accountId, id) : [id]);
      await emitAgentsChanged(ctx.db, affected.map((userId) => ({ accountId: ctx.accountId, userId })));
    }
    return getTeam(ctx, id);
  });
}

/**
 * The conversations queued for teams about to go: over to the fallback team, keeping their place
 * (queued_at), or, with no fallback team to go to, out of the queue for a person to take. Each gets
 * a routing decision, and a conversation.updated event lets the queue drain and the workspace follow.
 */
async function rehomeQueue(ctx: Ctx, teams: Array<{ id: string; name: string }>): Promise<{ moved: number; unqueued: number }> {
  const ids = teams.map((t) => t.id);
  const queued = await ctx.db
    .selectFrom('conversations')
    .select(['id', 'team_id', 'queued_at'])
    .where('account_id', '=', ctx.accountId)
    .where('routing_state', '=', 'queued')
    .where('team_id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (queued.length === 0) return { moved: 0, unqueued: 0 };
  const settings = await ctx.db.selectFrom('routing_settings').select('fallback_team_id').where('account_id', '=', ctx.accountId).executeTakeFirst();
  const fallback = settings?.fallback_team_id && !ids.includes(settings.fallback_team_id) ? settings.fallback_team_id : null;
  const now = ctx.clock.now();
  const conversationIds = queued.map((c) => c.id);
  const move = ctx.db.updateTable('conversations').where('account_id', '=', ctx.accountId).where('id', 'in', conversationIds);
  // A chat waiting for its product's dedicated agents keeps waiting for them, now in the fallback team.
  if (fallback) await move.set({ team_id: fallback, updated_at: now }).execute();
  else await move.set({ routing_state: null, team_id: null, queued_at: null, preferred_agents: null, updated_at: now }).execute();
  const nameOf = new Map(teams.map((t) => [t.id, t.name]));
  await ctx.db
    .insertInto('routing_decisions')
    .values(queued.map((c) => ({
      account_id: ctx.accountId,
      conversation_id: c.id,
      kind: fallback ? ('overflowed' as const) : ('unrouted' as const),
      team_id: fallback,
      reason: JSON.stringify({
        code: fallback ? 'team_deleted' : 'team_deleted_no_fallback',
        fromTeamId: c.team_id,
        vars: { team: nameOf.get(c.team_id ?? '') ?? '' },
        waitedSeconds: c.queued_at ? Math.round((now.getTime() - new Date(c.queued_at).getTime()) / 1000) : undefined,
      }),
      created_at: now,
    })))
    .execute();
  await emitAll(ctx.db, [
    ...conversationIds.map((conversationId) => ({ accountId: ctx.accountId, type: 'conversation.updated', payload: { conversationId } })),
    // Once committed, the waiting shoppers hear their new place in the fallback team's line, or
    // that they are out of the queue, at once rather than at the next move of the queue.
    { accountId: ctx.accountId, type: 'routing.placed', payload: { teamIds: fallback ? [fallback] : [], assignedIds: [], leftIds: fallback ? [] : conversationIds } },
  ]);
  return fallback ? { moved: queued.length, unqueued: 0 } : { moved: 0, unqueued: queued.length };
}

/**
 * Refused while a routing rule or the fallback setting sends chats to it or to a team under it.
 * The chats queued for it or its groups go to the fallback team (rehomeQueue); assigned ones keep
 * their agent and lose the team (the foreign key sets it null).
 */
export async function deleteTeam(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const team = await ctx.db.selectFrom('teams').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!team) throw notFound('team');
    const ids = await subtree(ctx.db, ctx.accountId, id);
    const inUse = await sql<{ n: number }>`
      select (select count(*) from routing_rules r where r.account_id = ${ctx.accountId} and r.actions -> 'target' ->> 'teamId' in (${sql.join(ids)}))
           + (select count(*) from routing_settings s where s.account_id = ${ctx.accountId} and s.fallback_team_id in (${sql.join(ids)})) as n`.execute(ctx.db);
    if (Number(inUse.rows[0].n) > 0) throw new AppError('team_in_use');
    const affected = await memberIds(ctx.db, ctx.accountId, ids);
    // Locked, so no chat joins one of their queues between the move and the delete.
    const doomed = await ctx.db.selectFrom('teams').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', 'in', ids).orderBy('id').forUpdate().execute();
    const queue = await rehomeQueue(ctx, doomed);
    const names = doomed.filter((t) => t.id !== id).map((t) => t.name);
    // The groups under it go with it (the foreign key cascades), and so do their memberships.
    await ctx.db.deleteFrom('teams').where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await recordAudit(ctx, 'routing.team_deleted', { type: 'team', id, label: team.name }, {
      ...(names.length ? { with: names } : {}),
      ...(queue.moved ? { queuedMovedToFallback: queue.moved } : {}),
      ...(queue.unqueued ? { queuedLeftUnassigned: queue.unqueued } : {}),
    });
    await emitAgentsChanged(ctx.db, affected.map((userId) => ({ accountId: ctx.accountId, userId })));
  });
}

/** The whole membership: members not named leave the team. Only members who answer customers may join. */
export async function setTeamMembers(ctx: Ctx, id: string, members: TeamMemberInput[]): Promise<Team> {
  return inTransaction(ctx, async (ctx) => {
    const team = await ctx.db.selectFrom('teams').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!team) throw notFound('team');
    const wanted = new Map<string, boolean>();
    for (const m of members) wanted.set(m.userId, (wanted.get(m.userId) ?? false) || Boolean(m.isLead));
    const userIds = [...wanted.keys()];
    await assertAgents(ctx.db, ctx.accountId, userIds, 'members', TEAM_ROLES);
    const before = await ctx.db.selectFrom('team_members').select(['user_id', 'is_lead']).where('account_id', '=', ctx.accountId).where('team_id', '=', id).execute();
    let remove = ctx.db.deleteFrom('team_members').where('account_id', '=', ctx.accountId).where('team_id', '=', id);
    if (userIds.length) remove = remove.where('user_id', 'not in', userIds);
    await remove.execute();
    if (userIds.length) {
      await ensureAgentStates(ctx.db, ctx.accountId, userIds);
      await ctx.db
        .insertInto('team_members')
        .values(userIds.map((userId) => ({ account_id: ctx.accountId, team_id: id, user_id: userId, is_lead: wanted.get(userId)!, created_at: ctx.clock.now() })))
        .onConflict((oc) => oc.columns(['account_id', 'team_id', 'user_id']).doUpdateSet({ is_lead: (eb) => eb.ref('excluded.is_lead') }))
        .execute();
    }
    const was = new Map(before.map((m) => [m.user_id, m.is_lead]));
    const affected = [...new Set([...was.keys(), ...userIds])].filter((u) => was.get(u) !== wanted.get(u));
    if (affected.length) {
      await recordAudit(ctx, 'routing.team_members_changed', { type: 'team', id, label: team.name }, {
        joined: userIds.filter((u) => !was.has(u)),
        left: [...was.keys()].filter((u) => !wanted.has(u)),
        leads: userIds.filter((u) => wanted.get(u)),
      });
      await emitAgentsChanged(ctx.db, affected.map((userId) => ({ accountId: ctx.accountId, userId })));
    }
    return getTeam(ctx, id);
  });
}
