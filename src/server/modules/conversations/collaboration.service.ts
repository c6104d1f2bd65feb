import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { AppError, defineErrors, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { can } from '../accounts/index.ts';
import { assignConversation, loadConversation } from './conversations.service.ts';
import type { ConversationSummary } from './conversations.presenters.ts';
import { appendMessage } from './messages.service.ts';

const ONLINE_WINDOW_MS = 10 * 60_000;

/** The account's active members, as colleagues see them: for @mentions and transfers. */
export async function listColleagues(ctx: Ctx) {
  const since = new Date(ctx.clock.now().getTime() - ONLINE_WINDOW_MS);
  const rows = await ctx.db
    .selectFrom('users as u')
    .select([
      'u.id',
      sql<string>`coalesce(u.display_name, u.name)`.as('name'),
      'u.nickname',
      'u.role',
      'u.specialisation',
      sql<boolean>`exists (select 1 from sessions s where s.account_id = u.account_id and s.user_id = u.id and s.revoked_at is null and s.last_seen_at > ${since})`.as('online'),
    ])
    .where('u.account_id', '=', ctx.accountId)
    .where('u.status', '=', 'active')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, nickname: r.nickname, role: r.role, specialisation: r.specialisation, online: Boolean(r.online), canReply: can(r.role, 'conversations.reply') }));
}

/** Active members of this account among ids; throws for any other id. */
async function activeMembers(db: Db, accountId: string, ids: string[], field: string) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', sql<string>`coalesce(display_name, name)`.as('name'), 'role'])
    .where('account_id', '=', accountId)
    .where('status', '=', 'active')
    .where('id', 'in', ids)
    .execute();
  if (rows.length !== new Set(ids).size) throw new AppError('member_invalid', { field });
  return rows;
}

export async function checkMentions(ctx: Ctx, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  await activeMembers(ctx.db, ctx.accountId, unique, 'mentions');
  return unique;
}

async function actorName(ctx: Ctx): Promise<string> {
  if (ctx.actor.type !== 'user') return ctx.actor.name;
  const me = await ctx.db.selectFrom('users').select(sql<string>`coalesce(display_name, name)`.as('name')).where('account_id', '=', ctx.accountId).where('id', '=', ctx.actor.id).executeTakeFirst();
  return me?.name ?? ctx.actor.name;
}

export const transferErrors = defineErrors({
  transfer_target_required: { status: 400, message: { 'zh-CN': '请选择转接给一位同事或一个团队（二选一）', en: 'Transfer to either a colleague or a team, exactly one of them' } },
  transfer_same_team: { status: 400, message: { 'zh-CN': '会话已在该团队等待分配', en: 'The conversation is already waiting in this team' } },
});

type TransferInput = { assigneeId?: string; teamId?: string; note?: string | null; clientId: string };

/**
 * 转接: hands the conversation to a colleague, or to a team whose agents routing picks from, with a
 * note read first. An agent may transfer what is theirs (or unassigned); team leads and dispatchers
 * may move anything.
 */
export async function transferConversation(ctx: Ctx, id: string, input: TransferInput) {
  return inTransaction(ctx, async (ctx) => {
    // Another account's conversation is not found, whatever the body says.
    const current = await loadConversation(ctx.db, ctx.accountId, id);
    if (Boolean(input.assigneeId) === Boolean(input.teamId)) throw new AppError('transfer_target_required', { field: input.assigneeId ? 'teamId' : 'assigneeId' });
    const mayMoveAny = can(ctx.actor.role, 'conversations.assign');
    if (!mayMoveAny && current.assignee && current.assignee.id !== ctx.actor.id) throw new AppError('transfer_not_yours');
    return input.teamId ? toTeam(ctx, current, input.teamId, input) : toColleague(ctx, current, input.assigneeId!, input);
  });
}

async function toColleague(ctx: Ctx, current: ConversationSummary, assigneeId: string, input: TransferInput) {
  const [target] = await activeMembers(ctx.db, ctx.accountId, [assigneeId], 'assigneeId');
  if (!can(target.role, 'conversations.reply')) throw new AppError('assignee_invalid', { field: 'assigneeId' });
  if (current.assignee?.id === target.id) throw new AppError('transfer_same', { field: 'assigneeId' });
  const by = await actorName(ctx);
  const note = input.note?.trim() || null;
  const body = note ? `${by} 将会话转接给 ${target.name}：${note}` : `${by} 将会话转接给 ${target.name}`;
  const { message } = await appendMessage(ctx.db, {
    accountId: ctx.accountId,
    conversationId: current.id,
    senderType: 'system',
    senderId: ctx.actor.id,
    senderName: by,
    kind: 'note',
    body,
    clientId: input.clientId,
    // The colleague is told as for an @mention, so a transfer never goes unnoticed.
    meta: { transfer: { from: current.assignee?.id ?? null, to: target.id, by: ctx.actor.id, note }, mentions: [target.id] },
    now: ctx.clock.now(),
  });
  const conversation = await assignConversation(ctx, current.id, target.id);
  return { conversation, message };
}

/**
 * 转给团队: the conversation leaves its agent and goes back to routing within the team; the routing
 * engine (on 'routing.requeue') assigns it to one of the team's agents or queues it.
 */
async function toTeam(ctx: Ctx, current: ConversationSummary, teamId: string, input: TransferInput) {
  const team = await ctx.db.selectFrom('teams').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', teamId).executeTakeFirst();
  if (!team) throw notFound('team');
  const by = await actorName(ctx);
  const note = input.note?.trim() || null;
  const body = note ? `${by} 将会话转给团队 ${team.name}：${note}` : `${by} 将会话转给团队 ${team.name}`;
  const { message, duplicate } = await appendMessage(ctx.db, {
    accountId: ctx.accountId,
    conversationId: current.id,
    senderType: 'system',
    senderId: ctx.actor.id,
    senderName: by,
    kind: 'note',
    body,
    clientId: input.clientId,
    meta: { transfer: { from: current.assignee?.id ?? null, to: null, teamId: team.id, by: ctx.actor.id, note } },
    now: ctx.clock.now(),
  });
  // A retried request (same clientId) finds its note stored: the transfer itself was made then.
  if (duplicate) return { conversation: await loadConversation(ctx.db, ctx.accountId, current.id), message };
  // Checked after the retry check (the note is rolled back with the refusal): routing may have placed it in the team since.
  if (current.teamId === team.id && !current.assignee) throw new AppError('transfer_same_team', { field: 'teamId' });
  await ctx.db
    .updateTable('conversations')
    .set({ team_id: team.id, assignee_id: null, routing_state: null, preferred_agents: null, auto_assigned: false, updated_at: ctx.clock.now() })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', current.id)
    .execute();
  await ctx.db
    .insertInto('routing_decisions')
    .values({ account_id: ctx.accountId, conversation_id: current.id, kind: 'transferred', team_id: team.id, agent_id: null, rule_id: null, rule_name: null, reason: JSON.stringify({ by: ctx.actor.id, note }) })
    .execute();
  await emit(ctx, 'conversation.updated', { conversationId: current.id });
  await emit(ctx, 'routing.requeue', { conversationId: current.id, teamId: team.id });
  return { conversation: await loadConversation(ctx.db, ctx.accountId, current.id), message };
}

/** Mentions of me, newest first; unread only unless asked. */
export async function listMentions(ctx: Ctx, q: { unread: boolean; limit: number }) {
  let query = ctx.db
    .selectFrom('mentions as mn')
    .innerJoin('messages as m', (j) => j.onRef('m.id', '=', 'mn.message_id').onRef('m.account_id', '=', 'mn.account_id'))
    .innerJoin('conversations as c', (j) => j.onRef('c.id', '=', 'mn.conversation_id').onRef('c.account_id', '=', 'mn.account_id'))
    .innerJoin('customers as cu', (j) => j.onRef('cu.id', '=', 'c.customer_id').onRef('cu.account_id', '=', 'c.account_id'))
    .select(['mn.id', 'mn.conversation_id', 'mn.message_id', 'mn.created_at', 'mn.read_at', 'm.body', 'm.sender_name', sql<string | null>`coalesce(cu.name, cu.nickname)`.as('customer_name')])
    .where('mn.account_id', '=', ctx.accountId)
    .where('mn.user_id', '=', ctx.actor.id ?? '');
  if (q.unread) query = query.where('mn.read_at', 'is', null);
  const rows = await query.orderBy('mn.id', 'desc').limit(q.limit).execute();
  const unread = await ctx.db
    .selectFrom('mentions')
    .select(sql<number>`count(*)`.as('n'))
    .where('account_id', '=', ctx.accountId)
    .where('user_id', '=', ctx.actor.id ?? '')
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      conversationId: r.conversation_id,
      messageId: String(r.message_id),
      by: r.sender_name ?? '',
      customerName: r.customer_name ?? '访客',
      excerpt: r.body.slice(0, 140),
      createdAt: r.created_at.toISOString(),
      read: r.read_at !== null,
    })),
    unread: Number(unread.n),
  };
}

/** Marks my mentions read: these ids, or all of them in a conversation, or all. */
export async function readMentions(ctx: Ctx, input: { ids?: string[]; conversationId?: string }) {
  let q = ctx.db
    .updateTable('mentions')
    .set({ read_at: ctx.clock.now() })
    .where('account_id', '=', ctx.accountId)
    .where('user_id', '=', ctx.actor.id ?? '')
    .where('read_at', 'is', null);
  if (input.ids?.length) q = q.where('id', 'in', input.ids.map(Number));
  if (input.conversationId) q = q.where('conversation_id', '=', input.conversationId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows ?? 0);
}
