import { sql } from 'kysely';
import type { z } from 'zod';
import type * as R from '../../../contracts/routing.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { recordAudit } from '../accounts/index.ts';
import { ensureAgentStates } from './agent-state.ts';
import { emitAgentsChanged, recordActivity, setStatusByHand } from './agents.status.ts';
import { AGENT_ROLES, byName, mayAnswer, memberName } from './members.ts';
import type { AgentStatus } from './routing.tables.ts';

export type Agent = z.infer<typeof R.Agent>;
export type AgentPatch = z.infer<typeof R.AgentPatch>;
type Channel = z.infer<typeof R.RoutingChannel>;

const CHANNELS: readonly Channel[] = ['web', 'email', 'phone', 'api'];
const DEFAULT_CAPACITY = 8;

function perChannel(value: unknown): Partial<Record<Channel, number>> {
  const out: Partial<Record<Channel, number>> = {};
  if (!value || typeof value !== 'object') return out;
  for (const c of CHANNELS) {
    const n = (value as Record<string, unknown>)[c];
    if (n !== undefined && n !== null) out[c] = Number(n);
  }
  return out;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * The agents of an account (every active member who may answer customers), or those of `userIds`,
 * with their status, capacity, load and teams. A member without an agent_states row yet shows the
 * defaults: offline, capacity 8, and the open conversations assigned to them by hand.
 */
export async function loadAgents(db: Db, accountId: string, userIds?: string[]): Promise<Agent[]> {
  if (userIds && userIds.length === 0) return [];
  let query = db
    .selectFrom('users as u')
    .leftJoin('agent_states as s', (j) => j.onRef('s.account_id', '=', 'u.account_id').onRef('s.user_id', '=', 'u.id'))
    .select(['u.id', 'u.name', 'u.display_name', 'u.nickname', 'u.role', 'u.created_at'])
    .select(['s.status', 's.status_source', 's.status_changed_at', 's.capacity', 's.channel_capacity', 's.load', 's.channel_load', 's.last_assigned_at', 's.last_activity_at'])
    .select(sql<number | null>`case when s.user_id is null then (select count(*) from conversations c where c.account_id = u.account_id and c.assignee_id = u.id and c.status = 'open') end`.as('open_now'))
    .select(sql<Record<string, number> | null>`case when s.user_id is null then (select jsonb_object_agg(per.channel, per.n) from (
        select c.channel, count(*) as n from conversations c where c.account_id = u.account_id and c.assignee_id = u.id and c.status = 'open' group by c.channel) per) end`.as('open_now_by_channel'))
    .where('u.account_id', '=', accountId)
    .where('u.status', '=', 'active')
    .where('u.role', 'in', AGENT_ROLES);
  if (userIds) query = query.where('u.id', 'in', userIds);
  const rows = (await query.execute()).sort((a, b) => byName(memberName(a), memberName(b)) || (a.id < b.id ? -1 : 1));
  if (rows.length === 0) return [];
  const memberships = await db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', (j) => j.onRef('t.account_id', '=', 'm.account_id').onRef('t.id', '=', 'm.team_id'))
    .select(['m.user_id', 't.id', 't.name', 't.sort'])
    .where('m.account_id', '=', accountId)
    .where('m.user_id', 'in', rows.map((r) => r.id))
    .execute();
  memberships.sort((a, b) => a.sort - b.sort || byName(a.name, b.name));
  const teamsOf = new Map<string, { id: string; name: string }[]>();
  for (const m of memberships) teamsOf.set(m.user_id, [...(teamsOf.get(m.user_id) ?? []), { id: m.id, name: m.name }]);
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    displayName: r.display_name,
    nickname: r.nickname,
    role: r.role,
    status: (r.status ?? 'offline') as AgentStatus,
    statusSource: r.status_source ?? 'auto',
    statusChangedAt: iso(r.status_changed_at ?? r.created_at)!,
    capacity: r.capacity ?? DEFAULT_CAPACITY,
    channelCapacity: perChannel(r.channel_capacity),
    load: Number(r.load ?? r.open_now ?? 0),
    channelLoad: perChannel(r.channel_load ?? r.open_now_by_channel),
    teams: teamsOf.get(r.id) ?? [],
    lastAssignedAt: iso(r.last_assigned_at ?? null),
    lastActivityAt: iso(r.last_activity_at ?? null),
  }));
}

export function listAgents(ctx: Ctx): Promise<Agent[]> {
  return loadAgents(ctx.db, ctx.accountId);
}

/** 404 for no such member of the account; agent_invalid for a member who does not answer customers. */
async function agentUser(ctx: Ctx, userId: string) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'status', 'display_name', 'nickname', 'specialisation'])
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw notFound('user');
  if (user.status !== 'active' || !mayAnswer(user.role)) throw new AppError('agent_invalid');
  return user;
}

export async function getAgent(ctx: Ctx, userId: string): Promise<Agent> {
  await agentUser(ctx, userId);
  const [agent] = await loadAgents(ctx.db, ctx.accountId, [userId]);
  return agent;
}

/** The signed-in member: an API token is nobody's agent. */
function me(ctx: Ctx): string {
  if (ctx.actor.type !== 'user' || !ctx.actor.id) throw new AppError('agent_needs_user');
  return ctx.actor.id;
}

export function getMyAgent(ctx: Ctx): Promise<Agent> {
  return getAgent(ctx, me(ctx));
}

const blankToNull = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v === '' ? null : v);

/**
 * A supervisor sets an agent's names (internal by function, public nickname), capacity overall
 * and per channel, and the whole set of their teams (a lead stays lead where they stay).
 */
export async function updateAgent(ctx: Ctx, userId: string, patch: AgentPatch): Promise<Agent> {
  return inTransaction(ctx, async (ctx) => {
    const before = await agentUser(ctx, userId);
    const now = ctx.clock.now();
    const changed: Record<string, unknown> = {};
    const displayName = blankToNull(patch.displayName);
    const nickname = blankToNull(patch.nickname);
    if ((displayName !== undefined && displayName !== before.display_name) || (nickname !== undefined && nickname !== before.nickname)) {
      const user = await ctx.db
        .updateTable('users')
        .set({ ...(displayName !== undefined ? { display_name: displayName } : {}), ...(nickname !== undefined ? { nickname } : {}), updated_at: now })
        .where('account_id', '=', ctx.accountId)
        .where('id', '=', userId)
        .returning(['name', 'role', 'display_name', 'nickname', 'specialisation'])
        .executeTakeFirstOrThrow();
      if (user.display_name !== before.display_name) changed.displayName = { from: before.display_name, to: user.display_name };
      if (user.nickname !== before.nickname) changed.nickname = { from: before.nickname, to: user.nickname };
      // The members page and everyone's workspace hear of the new names as of any other change to a user.
      await emit(ctx, 'user.updated', { userId, role: user.role, name: user.name, displayName: user.display_name, nickname: user.nickname, specialisation: user.specialisation });
    }
    if (patch.capacity !== undefined || patch.channelCapacity !== undefined) {
      await ensureAgentStates(ctx.db, ctx.accountId, [userId]);
      const state = await ctx.db.selectFrom('agent_states').select(['capacity', 'channel_capacity']).where('account_id', '=', ctx.accountId).where('user_id', '=', userId).executeTakeFirstOrThrow();
      await ctx.db
        .updateTable('agent_states')
        .set({
          ...(patch.capacity !== undefined ? { capacity: patch.capacity } : {}),
          ...(patch.channelCapacity !== undefined ? { channel_capacity: JSON.stringify(perChannel(patch.channelCapacity)) } : {}),
          updated_at: now,
        })
        .where('account_id', '=', ctx.accountId)
        .where('user_id', '=', userId)
        .execute();
      if (patch.capacity !== undefined && patch.capacity !== state.capacity) changed.capacity = { from: state.capacity, to: patch.capacity };
      const [from, to] = [perChannel(state.channel_capacity), perChannel(patch.channelCapacity ?? state.channel_capacity)];
      if (JSON.stringify(from) !== JSON.stringify(to)) changed.channelCapacity = { from, to };
    }
    if (patch.teamIds !== undefined) {
      const teams = await setAgentTeams(ctx, userId, [...new Set(patch.teamIds)]);
      if (teams) changed.teams = teams;
    }
    if (Object.keys(changed).length) {
      await recordAudit(ctx, 'routing.agent_updated', { type: 'user', id: userId, label: before.display_name || before.name }, changed);
      await emitAgentsChanged(ctx.db, [{ accountId: ctx.accountId, userId }]);
    }
    return (await loadAgents(ctx.db, ctx.accountId, [userId]))[0];
  });
}

async function setAgentTeams(ctx: Ctx, userId: string, teamIds: string[]) {
  if (teamIds.length) {
    const found = await ctx.db.selectFrom('teams').select('id').where('account_id', '=', ctx.accountId).where('id', 'in', teamIds).execute();
    if (found.length !== teamIds.length) throw new AppError('team_invalid', { field: 'teamIds' });
  }
  const before = (await ctx.db.selectFrom('team_members').select('team_id').where('account_id', '=', ctx.accountId).where('user_id', '=', userId).execute()).map((m) => m.team_id);
  const leaving = before.filter((id) => !teamIds.includes(id));
  const joining = teamIds.filter((id) => !before.includes(id));
  if (leaving.length) await ctx.db.deleteFrom('team_members').where('account_id', '=', ctx.accountId).where('user_id', '=', userId).where('team_id', 'in', leaving).execute();
  if (joining.length) {
    await ctx.db
      .insertInto('team_members')
      .values(joining.map((teamId) => ({ account_id: ctx.accountId, team_id: teamId, user_id: userId, created_at: ctx.clock.now() })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return leaving.length || joining.length ? { left: leaving, joined: joining } : null;
}

export async function setMyStatus(ctx: Ctx, status: AgentStatus): Promise<Agent> {
  const userId = me(ctx);
  await agentUser(ctx, userId);
  await setStatusByHand(ctx.db, ctx.accountId, userId, status, ctx.clock.now());
  return (await loadAgents(ctx.db, ctx.accountId, [userId]))[0];
}

/** A supervisor, lead or dispatcher sets a colleague's status (送下线, 置忙); recorded in the audit log. */
export async function setAgentStatus(ctx: Ctx, userId: string, status: AgentStatus): Promise<Agent> {
  return inTransaction(ctx, async (ctx) => {
    const user = await agentUser(ctx, userId);
    const before = (await loadAgents(ctx.db, ctx.accountId, [userId]))[0];
    const changed = await setStatusByHand(ctx.db, ctx.accountId, userId, status, ctx.clock.now());
    if (changed && userId !== ctx.actor.id) {
      await recordAudit(ctx, 'routing.agent_status_set', { type: 'user', id: userId, label: user.display_name || user.name }, { from: before.status, to: status });
    }
    return (await loadAgents(ctx.db, ctx.accountId, [userId]))[0];
  });
}

export async function recordMyActivity(ctx: Ctx): Promise<void> {
  const userId = me(ctx);
  await agentUser(ctx, userId);
  await recordActivity(ctx.db, ctx.accountId, userId, ctx.clock.now());
}
