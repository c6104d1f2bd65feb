import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { emit, emitAll } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { checkRecontact } from './contact-guard.ts';
import { presentConversation, type ConversationRow, type ConversationSummary } from './conversations.presenters.ts';
import type { Channel, ConversationStatus, EntryContext } from './conversations.tables.ts';

function baseQuery(db: Db, accountId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('inboxes as i', (j) => j.onRef('i.id', '=', 'c.inbox_id').onRef('i.account_id', '=', 'c.account_id'))
    .innerJoin('customers as cu', (j) => j.onRef('cu.id', '=', 'c.customer_id').onRef('cu.account_id', '=', 'c.account_id'))
    .innerJoin('customer_stats as cs', (j) => j.onRef('cs.customer_id', '=', 'c.customer_id').onRef('cs.account_id', '=', 'c.account_id'))
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'c.assignee_id').onRef('u.account_id', '=', 'c.account_id'))
    .leftJoin('teams as t', (j) => j.onRef('t.id', '=', 'c.team_id').onRef('t.account_id', '=', 'c.account_id'))
    .selectAll('c')
    .select(['i.name as inbox_name', sql<string | null>`coalesce(cu.name, cu.nickname)`.as('customer_name'), 'cs.tier as customer_tier', sql<string | null>`coalesce(u.display_name, u.name)`.as('assignee_name'), 't.name as team_name'])
    .select(
      sql<ConversationRow['labels']>`(select json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by lower(l.name))
        from conversation_labels cl join labels l on l.account_id = cl.account_id and l.id = cl.label_id
        where cl.account_id = c.account_id and cl.conversation_id = c.id)`.as('labels'),
    )
    .where('c.account_id', '=', accountId);
}

export async function loadConversation(db: Db, accountId: string, id: string): Promise<ConversationSummary> {
  const row = await baseQuery(db, accountId).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('conversation');
  return presentConversation(row as ConversationRow);
}

/** Several at once (those not found are left out): one query for the realtime handler of a dispatched batch. */
export async function loadConversations(db: Db, accountId: string, ids: string[]): Promise<ConversationSummary[]> {
  if (ids.length === 0) return [];
  const rows = await baseQuery(db, accountId).where('c.id', 'in', ids).execute();
  return rows.map((row) => presentConversation(row as ConversationRow));
}

/** The customer's unresolved conversation in this inbox, if there is one. */
export async function findOpenConversation(db: Db, accountId: string, inboxId: string, customerId: string): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', accountId)
    .where('inbox_id', '=', inboxId)
    .where('customer_id', '=', customerId)
    .where('status', '!=', 'resolved')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** The customer's current conversation in this inbox, or a new one: one thread until it is resolved. */
export async function openConversation(db: Db, input: { accountId: string; inboxId: string; customerId: string; channel: Channel; entry?: EntryContext; now: Date }) {
  const run = async (trx: Db) => {
    const current = await findOpenConversation(trx, input.accountId, input.inboxId, input.customerId);
    if (current) return { id: current.id, created: false };
    const id = newId('cnv');
    await trx
      .insertInto('conversations')
      .values({ id, account_id: input.accountId, inbox_id: input.inboxId, customer_id: input.customerId, channel: input.channel, entry: JSON.stringify(input.entry ?? {}), assignee_id: null, last_message_at: null, last_message_preview: null, waiting_since: null, first_reply_at: null, resolved_at: null, created_at: input.now, updated_at: input.now })
      .execute();
    await emit({ db: trx, accountId: input.accountId }, 'conversation.created', { conversationId: id });
    return { id, created: true };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export type OpenInput = { accountId: string; inboxId: string; customerId: string; channel: Channel; entry?: EntryContext; now: Date };

/**
 * New conversations, several at once, in the caller's transaction: one INSERT and one outbox
 * INSERT for all of them (a group of first messages opens its conversations together). The caller
 * has checked that none of these customers has an open conversation in that inbox.
 */
export async function openConversations(trx: Db, inputs: OpenInput[]): Promise<string[]> {
  if (inputs.length === 0) return [];
  const ids = inputs.map(() => newId('cnv'));
  await trx
    .insertInto('conversations')
    .values(inputs.map((input, k) => ({ id: ids[k], account_id: input.accountId, inbox_id: input.inboxId, customer_id: input.customerId, channel: input.channel, entry: JSON.stringify(input.entry ?? {}), assignee_id: null, last_message_at: null, last_message_preview: null, waiting_since: null, first_reply_at: null, resolved_at: null, created_at: input.now, updated_at: input.now })))
    .execute();
  await emitAll(trx, inputs.map((input, k) => ({ accountId: input.accountId, type: 'conversation.created', payload: { conversationId: ids[k] } })));
  return ids;
}

export type ListQuery = { view: 'mine' | 'unassigned' | 'team' | 'all'; status?: ConversationStatus; channel?: Channel; label?: string; tier?: string; cursor?: string; limit: number };

/** The teams of the 我的团队 view: those the member belongs to and every team under them. */
async function myTeamIds(ctx: Ctx): Promise<string[]> {
  if (ctx.actor.type !== 'user') return [];
  const { rows } = await sql<{ id: string }>`
    with recursive mine (id) as (
      select m.team_id from team_members m where m.account_id = ${ctx.accountId} and m.user_id = ${ctx.actor.id}
      union
      select t.id from teams t join mine on t.parent_id = mine.id where t.account_id = ${ctx.accountId}
    )
    select id from mine order by id`.execute(ctx.db);
  return rows.map((r) => r.id);
}

export async function listConversations(ctx: Ctx, q: ListQuery) {
  const me = ctx.actor.id ?? '';
  const teamIds = await myTeamIds(ctx);
  // The view and the filters, without the status: the status counts are taken over the same rows.
  const filtered = <T extends SelectQueryBuilder<any, any, any>>(query: T, c: string): T => {
    let out: SelectQueryBuilder<any, any, any> = query;
    if (q.channel) out = out.where(`${c}.channel`, '=', q.channel);
    if (q.view === 'mine') out = out.where(`${c}.assignee_id`, '=', me);
    if (q.view === 'unassigned') out = out.where(`${c}.assignee_id`, 'is', null);
    if (q.view === 'team') out = teamIds.length ? out.where(`${c}.team_id`, 'in', teamIds) : out.where(sql<boolean>`false`);
    if (q.label) out = out.where(({ exists, selectFrom }) => exists(selectFrom('conversation_labels as fl').select('fl.label_id').whereRef('fl.account_id', '=', `${c}.account_id`).whereRef('fl.conversation_id', '=', `${c}.id`).where('fl.label_id', '=', q.label!)));
    if (q.tier) out = out.where(({ exists, selectFrom }) => exists(selectFrom('customer_stats as fc').select('fc.customer_id').whereRef('fc.account_id', '=', `${c}.account_id`).whereRef('fc.customer_id', '=', `${c}.customer_id`).where('fc.tier', '=', q.tier!)));
    return out as T;
  };
  let query = filtered(baseQuery(ctx.db, ctx.accountId).where('c.status', '=', q.status ?? 'open'), 'c');
  if (q.cursor) {
    const [at, id] = q.cursor.split('|');
    const time = new Date(Number(at));
    query = query.where((eb) => eb.or([eb('c.last_message_at', '<', time), eb.and([eb('c.last_message_at', '=', time), eb('c.id', '<', id)])]));
  }
  const rows = (await query.orderBy(sql`c.last_message_at desc nulls last`).orderBy('c.id', 'desc').limit(q.limit + 1).execute()) as ConversationRow[];
  const items = rows.slice(0, q.limit).map(presentConversation);
  const last = rows[q.limit - 1];
  const nextCursor = rows.length > q.limit && last?.last_message_at ? `${last.last_message_at.getTime()}|${last.id}` : null;
  const counts = await ctx.db
    .selectFrom('conversations')
    .select([
      sql<number>`count(*) filter (where assignee_id = ${me})`.as('mine'),
      sql<number>`count(*) filter (where assignee_id is null)`.as('unassigned'),
      (teamIds.length ? sql<number>`count(*) filter (where team_id in (${sql.join(teamIds)}))` : sql<number>`0`).as('team'),
      sql<number>`count(*)`.as('all'),
    ])
    .where('account_id', '=', ctx.accountId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  const byStatus = await filtered(
    ctx.db
      .selectFrom('conversations as s')
      .select([
        sql<number>`count(*) filter (where s.status = 'open')`.as('open'),
        sql<number>`count(*) filter (where s.status = 'pending')`.as('pending'),
        sql<number>`count(*) filter (where s.status = 'snoozed')`.as('snoozed'),
      ])
      .where('s.account_id', '=', ctx.accountId)
      .where('s.status', 'in', ['open', 'pending', 'snoozed']),
    's',
  ).executeTakeFirstOrThrow();
  return {
    items,
    nextCursor,
    counts: { mine: Number(counts.mine), unassigned: Number(counts.unassigned), team: Number(counts.team), all: Number(counts.all) },
    teamIds,
    statusCounts: { open: Number(byStatus.open), pending: Number(byStatus.pending), snoozed: Number(byStatus.snoozed) },
  };
}

async function changed(ctx: Ctx, id: string) {
  await emit(ctx, 'conversation.updated', { conversationId: id });
  return loadConversation(ctx.db, ctx.accountId, id);
}

export async function assignConversation(ctx: Ctx, id: string, assigneeId: string | null) {
  return inTransaction(ctx, async (ctx) => {
    const before = await loadConversation(ctx.db, ctx.accountId, id);
    if (assigneeId) {
      const user = await ctx.db.selectFrom('users').select('id').where('account_id', '=', ctx.accountId).where('id', '=', assigneeId).where('status', '=', 'active').executeTakeFirst();
      if (!user) throw new AppError('assignee_invalid', { field: 'assigneeId' });
    }
    await ctx.db.updateTable('conversations').set({ assignee_id: assigneeId, updated_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    // Routing records a person's (re)assignment beside its own decisions.
    if ((before.assignee?.id ?? null) !== assigneeId) await emit(ctx, 'conversation.assigned', { conversationId: id, assigneeId, fromId: before.assignee?.id ?? null, by: ctx.actor.id });
    return changed(ctx, id);
  });
}

export async function setConversationStatus(ctx: Ctx, id: string, status: 'open' | 'resolved') {
  return inTransaction(ctx, async (ctx) => {
    const current = await loadConversation(ctx.db, ctx.accountId, id);
    // Reopening a resolved conversation is contacting the customer again: the contact rules apply.
    if (status === 'open' && current.status === 'resolved') await checkRecontact(ctx, { customerId: current.customer.id, channel: current.channel });
    const now = ctx.clock.now();
    await ctx.db
      .updateTable('conversations')
      .set({ status, resolved_at: status === 'resolved' ? now : null, snoozed_until: null, updated_at: now })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .execute();
    return changed(ctx, id);
  });
}

export async function markRead(ctx: Ctx, id: string, requested: number) {
  await inTransaction(ctx, async (ctx) => {
    await loadConversation(ctx.db, ctx.accountId, id);
    // Reading never goes backwards: an older upTo from a slow tab changes nothing.
    const prev = await ctx.db.selectFrom('conversations').select('agent_last_read_id').where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirstOrThrow();
    const upTo = Math.max(requested, Number(prev.agent_last_read_id));
    const unread = await ctx.db
      .selectFrom('messages')
      .select(sql<number>`count(*)`.as('n'))
      .where('account_id', '=', ctx.accountId)
      .where('conversation_id', '=', id)
      .where('sender_type', '=', 'customer')
      .where('id', '>', upTo)
      .executeTakeFirstOrThrow();
    await ctx.db
      .updateTable('conversations')
      .set({ agent_last_read_id: upTo, unread_count: Number(unread.n) })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .execute();
    await emit(ctx, 'conversation.updated', { conversationId: id });
    // The shopper's widget turns ✓ into 已读 for its messages up to here.
    if (upTo > Number(prev.agent_last_read_id)) await emit(ctx, 'conversation.agent_read', { conversationId: id, upTo: String(upTo) });
  });
}
