import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type * as T from '../../../contracts/tickets.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../accounts/index.ts';
import { appendMessage } from '../conversations/messages.service.ts';
import { notify } from './notifications.service.ts';
import { progressLink } from './progress.service.ts';
import { pickTargets } from './sla/sla-policy.ts';
import { loadVisible, presentWorkOrder, type WorkOrder } from './tickets.read.ts';
import { calendarOfPolicies, dueTimes, slaSteps } from './tickets.sla.ts';
import { clockPaused, nextStatus, STATUS_LABELS, type WorkOrderAction } from './tickets.status.ts';
import type { NotificationKind, StoredField, StoredPause, WorkOrderEventKind, WorkOrdersTable } from './tickets.tables.ts';

export type CreateInput = z.infer<typeof T.WorkOrderBody>;
export type PatchInput = z.infer<typeof T.WorkOrderPatch>;
export type CommentInput = z.infer<typeof T.CommentBody>;
type Row = Selectable<WorkOrdersTable>;

const actorId = (ctx: Ctx) => (ctx.actor.type === 'user' ? ctx.actor.id : null);

async function actorName(ctx: Ctx): Promise<string> {
  if (ctx.actor.type !== 'user') return ctx.actor.name;
  const u = await ctx.db.selectFrom('users').select(['name', 'display_name']).where('account_id', '=', ctx.accountId).where('id', '=', ctx.actor.id).executeTakeFirst();
  return u?.display_name || u?.name || ctx.actor.name;
}

async function addEvent(ctx: Ctx, workOrderId: string, kind: WorkOrderEventKind, input: { body?: string | null; public?: boolean; meta?: Record<string, unknown>; name?: string }): Promise<string> {
  const row = await ctx.db
    .insertInto('work_order_events')
    .values({
      account_id: ctx.accountId,
      work_order_id: workOrderId,
      kind,
      public: input.public ?? false,
      actor_id: actorId(ctx),
      actor_name: input.name ?? (await actorName(ctx)),
      body: input.body ?? null,
      meta: JSON.stringify(input.meta ?? {}),
      created_at: ctx.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** Lists and open pages refresh when a work order changes (the account channel, after commit). */
const changed = (ctx: Ctx, id: string) => emit(ctx, 'work_order.changed', { id });

/** Names of teams and members by id, for timeline entries that outlive a rename or a departure. */
async function namesOf(ctx: Ctx, teamIds: Array<string | null>, userIds: Array<string | null>): Promise<Map<string | null, string>> {
  const teams = teamIds.filter((x): x is string => Boolean(x));
  const users = userIds.filter((x): x is string => Boolean(x));
  const out = new Map<string | null, string>();
  if (teams.length) for (const t of await ctx.db.selectFrom('teams').select(['id', 'name']).where('account_id', '=', ctx.accountId).where('id', 'in', teams).execute()) out.set(t.id, t.name);
  if (users.length) for (const u of await ctx.db.selectFrom('users').select(['id', 'name', 'display_name']).where('account_id', '=', ctx.accountId).where('id', 'in', users).execute()) out.set(u.id, u.display_name || u.name);
  return out;
}

// ——— Checks ———

async function checkTeam(ctx: Ctx, teamId: string | null | undefined) {
  if (!teamId) return;
  const t = await ctx.db.selectFrom('teams').select('id').where('account_id', '=', ctx.accountId).where('id', '=', teamId).executeTakeFirst();
  if (!t) throw new AppError('work_order_team_invalid', { field: 'teamId' });
}

async function checkMembers(ctx: Ctx, ids: string[], code: 'work_order_assignee_invalid' | 'work_order_mention_invalid', field: string) {
  if (ids.length === 0) return;
  const found = await ctx.db.selectFrom('users').select('id').where('account_id', '=', ctx.accountId).where('id', 'in', ids).where('status', '=', 'active').execute();
  if (found.length !== new Set(ids).size) throw new AppError(code, { field });
}

/** The values of a type's own fields: required ones present, each of its kind; unknown keys refused. */
export function checkFields(fields: readonly StoredField[], values: Record<string, unknown>, locale: 'zh-CN' | 'en'): Record<string, unknown> {
  const bad = (f: StoredField, zh: string, en: string) => new AppError('work_order_field_invalid', { field: `fields.${f.key}`, vars: { label: f.label, reason: locale === 'en' ? en : zh } });
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) throw new AppError('validation_failed', { field: `fields.${key}`, vars: { detail: locale === 'en' ? `fields.${key}: this type has no such field` : `fields.${key}: 该工单类型没有这个字段` } });
  }
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '') {
      if (f.required) throw bad(f, '必填', 'required');
      continue;
    }
    if (f.kind === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(f, '应为数字', 'a number is expected');
    } else if (f.kind === 'date') {
      if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw bad(f, '应为日期（年-月-日）', 'a date (YYYY-MM-DD) is expected');
    } else if (f.kind === 'select') {
      if (typeof v !== 'string' || !(f.options ?? []).includes(v)) throw bad(f, '请从选项中选择', 'choose one of the options');
    } else if (typeof v !== 'string' || v.length > (f.kind === 'textarea' ? 5000 : 500)) {
      throw bad(f, '应为不超过限定长度的文字', 'text within the length limit is expected');
    }
    out[f.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

// ——— Who hears of it ———

async function teamMembers(ctx: Ctx, teamId: string | null, leadsOnly = false): Promise<string[]> {
  if (!teamId) return [];
  let q = ctx.db
    .selectFrom('team_members as m')
    .innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 'm.account_id').onRef('u.id', '=', 'm.user_id'))
    .select('m.user_id')
    .where('m.account_id', '=', ctx.accountId)
    .where('m.team_id', '=', teamId)
    .where('u.status', '=', 'active');
  if (leadsOnly) q = q.where('m.is_lead', '=', true);
  return (await q.execute()).map((r) => r.user_id);
}

async function watchersOf(ctx: Ctx, id: string): Promise<string[]> {
  return (await ctx.db.selectFrom('work_order_watchers').select('user_id').where('account_id', '=', ctx.accountId).where('work_order_id', '=', id).execute()).map((r) => r.user_id);
}

/** Those who follow a work order: its assignee (or, with none, its team's queue), its creator and its watchers. */
async function followers(ctx: Ctx, row: Row): Promise<string[]> {
  const queue = row.assignee_id ? [row.assignee_id] : await teamMembers(ctx, row.team_id);
  return [...queue, ...(row.created_by ? [row.created_by] : []), ...(await watchersOf(ctx, row.id))];
}

const title = (row: Pick<Row, 'number' | 'title'>) => `#${row.number} ${row.title}`;

async function tell(ctx: Ctx, row: Row, kind: NotificationKind, userIds: string[], headline: string, body?: string | null) {
  await notify(ctx, { userIds, kind, workOrderId: row.id, title: `${headline}：${title(row)}`, body: body ?? null });
}

// ——— The SLA plan ———

/** Due times and when the SLA job must look next, for the row as it now stands. */
async function planned(ctx: Ctx, row: Row) {
  const calendars = await calendarOfPolicies(ctx.db, ctx.accountId, [row.sla_policy_id]);
  const calendar = row.sla_policy_id ? (calendars.get(row.sla_policy_id) ?? null) : null;
  const now = ctx.clock.now();
  const { steps, checkAt } = slaSteps(calendar, row, now);
  // Something already owed (a due time passed while paused, say) is for the job's next round.
  return { ...dueTimes(calendar, row, now), sla_check_at: steps.length ? now : checkAt };
}

async function save(ctx: Ctx, row: Row, set: Partial<Row>): Promise<Row> {
  const next = { ...row, ...set, updated_at: ctx.clock.now() } as Row;
  const plan = await planned(ctx, next);
  const values = { ...set, ...plan, updated_at: next.updated_at } as Record<string, unknown>;
  for (const k of ['pauses', 'breached', 'reminded', 'escalation', 'fields'] as const) if (k in values) values[k] = JSON.stringify(values[k]);
  return ctx.db.updateTable('work_orders').set(values).where('account_id', '=', ctx.accountId).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
}

// ——— Commands ———

/**
 * Opens a work order (建工单): from a conversation (linked both ways; the customer is the chat's) or
 * on its own. The type gives the fields, the default team and priority, and the SLA policy whose
 * targets for this priority and customer tier are copied onto it with their due times.
 */
export async function createWorkOrder(ctx: Ctx, input: CreateInput): Promise<WorkOrder> {
  if (input.clientId) {
    const earlier = await ctx.db.selectFrom('work_orders').select('id').where('account_id', '=', ctx.accountId).where('client_id', '=', input.clientId).executeTakeFirst();
    if (earlier) return presentWorkOrder(ctx, await loadVisible(ctx, earlier.id));
  }
  const row = await inTransaction(ctx, async (tx) => {
    const type = await tx.db.selectFrom('work_order_types').selectAll().where('account_id', '=', tx.accountId).where('id', '=', input.typeId).where('archived', '=', false).executeTakeFirst();
    if (!type) throw new AppError('work_order_type_invalid', { field: 'typeId' });
    const fields = checkFields(type.fields, input.fields ?? {}, tx.locale);
    const teamId = input.teamId === undefined ? type.default_team_id : input.teamId;
    await checkTeam(tx, teamId);
    if (input.assigneeId) await checkMembers(tx, [input.assigneeId], 'work_order_assignee_invalid', 'assigneeId');
    let customerId = input.customerId ?? null;
    let conversation: { id: string; customer_id: string } | undefined;
    if (input.conversationId) {
      conversation = await tx.db.selectFrom('conversations').select(['id', 'customer_id']).where('account_id', '=', tx.accountId).where('id', '=', input.conversationId).executeTakeFirst();
      if (!conversation) throw new AppError('work_order_conversation_invalid', { field: 'conversationId' });
      customerId ??= conversation.customer_id;
    }
    let tier: string | null = null;
    if (customerId) {
      const c = await tx.db.selectFrom('customers').select(['id', 'tier']).where('account_id', '=', tx.accountId).where('id', '=', customerId).executeTakeFirst();
      if (!c) throw new AppError('work_order_customer_invalid', { field: 'customerId' });
      tier = c.tier;
    }
    const priority = input.priority ?? type.default_priority;
    const policy = type.sla_policy_id ? await tx.db.selectFrom('sla_policies').selectAll().where('account_id', '=', tx.accountId).where('id', '=', type.sla_policy_id).executeTakeFirst() : undefined;
    const targets = policy ? pickTargets(policy.targets, priority, tier) : { firstResponseMinutes: null, nextResponseMinutes: null, resolutionMinutes: null };
    const counter = await tx.db
      .insertInto('work_order_numbers')
      .values({ account_id: tx.accountId, last: 1 })
      .onConflict((oc) => oc.column('account_id').doUpdateSet((eb) => ({ last: eb('work_order_numbers.last', '+', 1) })))
      .returning('last')
      .executeTakeFirstOrThrow();
    const now = tx.clock.now();
    const id = newId('wo');
    const inserted = await tx.db
      .insertInto('work_orders')
      .values({
        id,
        account_id: tx.accountId,
        number: counter.last,
        type_id: type.id,
        title: input.title,
        description: input.description ?? null,
        fields: JSON.stringify(fields),
        priority,
        is_tracker: input.isTracker ?? false,
        team_id: teamId ?? null,
        assignee_id: input.assigneeId ?? null,
        customer_id: customerId,
        conversation_id: conversation?.id ?? null,
        created_by: actorId(tx),
        client_id: input.clientId ?? null,
        sla_policy_id: policy?.id ?? null,
        first_response_minutes: targets.firstResponseMinutes,
        next_response_minutes: targets.nextResponseMinutes,
        resolution_minutes: targets.resolutionMinutes,
        reminder_share: policy ? policy.reminder_share : null,
        escalation: JSON.stringify(policy?.escalation ?? []),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const row = await save(tx, inserted, {});
    const names = await namesOf(tx, [row.team_id], [row.assignee_id]);
    await addEvent(tx, id, 'created', { meta: { typeName: type.name, priority, teamId: row.team_id, teamName: names.get(row.team_id) ?? null, assigneeId: row.assignee_id, assigneeName: names.get(row.assignee_id) ?? null } });
    if (conversation) {
      await tx.db.insertInto('work_order_links').values({ account_id: tx.accountId, work_order_id: id, conversation_id: conversation.id, customer_id: conversation.customer_id, linked_by: actorId(tx), linked_at: now }).execute();
    }
    // The creator follows what they handed over: they hear of every answer.
    if (actorId(tx)) await tx.db.insertInto('work_order_watchers').values({ account_id: tx.accountId, work_order_id: id, user_id: actorId(tx)! }).onConflict((oc) => oc.doNothing()).execute();
    await tell(tx, row, 'assigned', row.assignee_id ? [row.assignee_id] : await teamMembers(tx, row.team_id), row.assignee_id ? '新工单指派给你' : '团队有新工单');
    await recordAudit(tx, 'work_orders.created', { type: 'work_order', id, label: title(row) }, { typeId: type.id, teamId: row.team_id });
    await changed(tx, id);
    return row;
  });
  return presentWorkOrder(ctx, row);
}

export async function updateWorkOrder(ctx: Ctx, id: string, patch: PatchInput): Promise<WorkOrder> {
  const row = await inTransaction(ctx, async (tx) => {
    const row = await loadVisible(tx, id, true);
    const set: Partial<Row> = {};
    const changes: Record<string, unknown> = {};
    if (patch.title !== undefined && patch.title !== row.title) set.title = changes.title = patch.title;
    if (patch.description !== undefined && patch.description !== row.description) set.description = changes.description = patch.description;
    if (patch.priority !== undefined && patch.priority !== row.priority) set.priority = changes.priority = patch.priority;
    if (patch.fields !== undefined) {
      const type = await tx.db.selectFrom('work_order_types').select('fields').where('account_id', '=', tx.accountId).where('id', '=', row.type_id).executeTakeFirstOrThrow();
      set.fields = changes.fields = checkFields(type.fields, patch.fields, tx.locale);
    }
    const reassigned = (patch.teamId !== undefined && patch.teamId !== row.team_id) || (patch.assigneeId !== undefined && patch.assigneeId !== row.assignee_id);
    if (patch.teamId !== undefined && patch.teamId !== row.team_id) {
      await checkTeam(tx, patch.teamId);
      set.team_id = patch.teamId;
    }
    if (patch.assigneeId !== undefined && patch.assigneeId !== row.assignee_id) {
      if (patch.assigneeId) await checkMembers(tx, [patch.assigneeId], 'work_order_assignee_invalid', 'assigneeId');
      set.assignee_id = patch.assigneeId;
    }
    if (Object.keys(set).length === 0) return row;
    const saved = await save(tx, row, set);
    if (Object.keys(changes).length) await addEvent(tx, id, 'updated', { meta: { changes: Object.keys(changes) } });
    if (reassigned) {
      const names = await namesOf(tx, [row.team_id, saved.team_id], [row.assignee_id, saved.assignee_id]);
      await addEvent(tx, id, 'assigned', {
        meta: {
          fromTeamId: row.team_id,
          fromTeamName: names.get(row.team_id) ?? null,
          teamId: saved.team_id,
          teamName: names.get(saved.team_id) ?? null,
          fromAssigneeId: row.assignee_id,
          fromAssigneeName: names.get(row.assignee_id) ?? null,
          assigneeId: saved.assignee_id,
          assigneeName: names.get(saved.assignee_id) ?? null,
        },
      });
      await tell(tx, saved, 'assigned', saved.assignee_id ? [saved.assignee_id] : await teamMembers(tx, saved.team_id), saved.assignee_id ? '工单指派给你' : '工单转到你的团队');
    }
    await changed(tx, id);
    return saved;
  });
  return presentWorkOrder(ctx, row);
}

/**
 * Moves a work order by one action of the transition table. Pending on the customer pauses the
 * clocks; coming back from it (the customer answered) or reopening starts the next-response clock;
 * taking it up counts as the first response. A tracker resolved tells each linked customer.
 */
export async function transitionWorkOrder(ctx: Ctx, id: string, action: WorkOrderAction, note?: string): Promise<WorkOrder> {
  const row = await inTransaction(ctx, async (tx) => {
    const row = await loadVisible(tx, id, true);
    const to = nextStatus(row.status, action, tx.locale);
    const now = tx.clock.now();
    const set: Partial<Row> = { status: to };
    let pauses: StoredPause[] = row.pauses;
    if (clockPaused(to) && !clockPaused(row.status)) pauses = [...pauses, { from: now.toISOString(), to: null }];
    if (!clockPaused(to) && clockPaused(row.status)) pauses = pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p));
    if (pauses !== row.pauses) set.pauses = pauses;
    if (action === 'start' && !row.first_responded_at) set.first_responded_at = now;
    if (action === 'resume' && row.status === 'pending_customer') set.next_response_started_at = now;
    if (action === 'resolve') {
      set.resolved_at = now;
      set.next_response_started_at = null;
    }
    if (action === 'close') set.closed_at = now;
    if (action === 'reopen') {
      // The problem is back: the clocks that run again may be reminded, breached and escalated again.
      Object.assign(set, { resolved_at: null, closed_at: null, next_response_started_at: now, escalation_level: 0, breached: withoutKeys(row.breached, ['resolution', 'next_response']), reminded: withoutKeys(row.reminded, ['resolution', 'next_response']) });
    }
    const saved = await save(tx, row, set);
    await addEvent(tx, id, 'status', { body: note ?? null, meta: { from: row.status, to, action } });
    if (action === 'resolve') {
      await tell(tx, saved, 'resolved', await followers(tx, saved), '工单已解决', note);
      if (saved.is_tracker) await tellLinkedCustomers(tx, saved, note);
    } else if (action === 'reopen') {
      await tell(tx, saved, 'reply', await followers(tx, saved), '工单重新打开', note);
    }
    await changed(tx, id);
    return saved;
  });
  return presentWorkOrder(ctx, row);
}

function withoutKeys<T extends Record<string, unknown>>(o: T, keys: string[]): T {
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
}

/** The customer of each linked conversation is told once that the problem is solved (跟踪工单). */
async function tellLinkedCustomers(ctx: Ctx, row: Row, note: string | undefined) {
  const links = await ctx.db.selectFrom('work_order_links').select(['conversation_id', 'customer_id']).where('account_id', '=', ctx.accountId).where('work_order_id', '=', row.id).where('notified_at', 'is', null).execute();
  if (links.length === 0) return;
  const name = await publicName(ctx);
  const now = ctx.clock.now();
  const text = ctx.locale === 'en'
    ? `Update on your request (work order #${row.number} ${row.title}): it has been resolved.${note ? ` ${note}` : ''}`
    : `您反馈的问题（工单 #${row.number} ${row.title}）已经处理完毕。${note ?? ''}`;
  for (const l of links) {
    await appendMessage(ctx.db, { accountId: ctx.accountId, conversationId: l.conversation_id, senderType: 'agent', senderId: actorId(ctx), senderName: name, kind: 'text', body: text, clientId: `wo:${row.id}:resolved:${l.conversation_id}`, now });
  }
  await ctx.db.updateTable('work_order_links').set({ notified_at: now }).where('account_id', '=', ctx.accountId).where('work_order_id', '=', row.id).where('notified_at', 'is', null).execute();
  await addEvent(ctx, row.id, 'customer_notified', { public: true, body: text, meta: { conversations: links.length } });
}

/** The name shoppers see for the member: the public nickname, never the internal one. */
async function publicName(ctx: Ctx): Promise<string> {
  if (ctx.actor.type !== 'user') return ctx.actor.name;
  const u = await ctx.db.selectFrom('users').select(['name', 'nickname']).where('account_id', '=', ctx.accountId).where('id', '=', ctx.actor.id).executeTakeFirst();
  return u?.nickname ?? u?.name ?? ctx.actor.name;
}

/**
 * An internal comment (内部评论), or a reply the customer sees (回复顾客) sent through the linked
 * conversation's channel. Anyone but the creator answering is the first response, and meets a
 * running next-response clock. Mentioned members, the assignee, the creator and watchers are told.
 */
export async function addComment(ctx: Ctx, id: string, input: CommentInput, opts: { publicUrl?: string } = {}): Promise<WorkOrder> {
  if (input.clientId) {
    const earlier = await ctx.db.selectFrom('work_order_events').select('id').where('account_id', '=', ctx.accountId).where('work_order_id', '=', id).where(sql<boolean>`meta @> ${JSON.stringify({ clientId: input.clientId })}::jsonb`).executeTakeFirst();
    if (earlier) return presentWorkOrder(ctx, await loadVisible(ctx, id));
  }
  const row = await inTransaction(ctx, async (tx) => {
    const row = await loadVisible(tx, id, true);
    if (input.mentions?.length) await checkMembers(tx, input.mentions, 'work_order_mention_invalid', 'mentions');
    const attachmentIds = input.attachmentIds ?? [];
    if (attachmentIds.length) {
      const found = await tx.db.selectFrom('work_order_attachments').select('id').where('account_id', '=', tx.accountId).where('work_order_id', '=', id).where('id', 'in', attachmentIds).where('event_id', 'is', null).execute();
      if (found.length !== new Set(attachmentIds).size) throw new AppError('work_order_attachment_invalid', { field: 'attachmentIds' });
    }
    if (!input.body.trim() && attachmentIds.length === 0) throw new AppError('validation_failed', { field: 'body', vars: { detail: tx.locale === 'en' ? 'body: write something or attach a file' : 'body: 请输入内容或添加附件' } });
    const now = tx.clock.now();
    let messageId: string | null = null;
    let shownAs: string | null = null;
    if (input.public) {
      if (!row.conversation_id) throw new AppError('work_order_reply_needs_conversation', { field: 'public' });
      const conversation = await tx.db.selectFrom('conversations').select(['channel', 'customer_id']).where('account_id', '=', tx.accountId).where('id', '=', row.conversation_id).executeTakeFirstOrThrow();
      // An email carries the link to the customer's progress page (工单进度); the widget has its own 我的工单.
      const link = conversation.channel === 'email' ? progressLink(tx.accountId, conversation.customer_id, opts.publicUrl) : null;
      const { message } = await appendMessage(tx.db, {
        accountId: tx.accountId,
        conversationId: row.conversation_id,
        senderType: 'agent',
        senderId: actorId(tx),
        senderName: (shownAs = await publicName(tx)),
        kind: 'text',
        body: link ? `${input.body}\n\n${tx.locale === 'en' ? 'Follow your request' : '查看工单进度'}：${link}` : input.body,
        clientId: input.clientId ? `wo:${input.clientId}` : null,
        now,
      });
      messageId = message.id;
    }
    const eventId = await addEvent(tx, id, input.public ? 'reply' : 'comment', { body: input.body, public: input.public, meta: { ...(input.mentions?.length ? { mentions: input.mentions } : {}), ...(input.clientId ? { clientId: input.clientId } : {}), ...(messageId ? { messageId, by: shownAs } : {}) } });
    if (attachmentIds.length) await tx.db.updateTable('work_order_attachments').set({ event_id: eventId }).where('account_id', '=', tx.accountId).where('id', 'in', attachmentIds).execute();
    const set: Partial<Row> = {};
    const me = actorId(tx);
    const answering = me !== row.created_by || input.public;
    if (answering) {
      if (!row.first_responded_at) set.first_responded_at = now;
      if (row.next_response_started_at) set.next_response_started_at = null;
      // Answering a new work order takes it up (开始处理), by the one transition table.
      if (row.status === 'new') {
        set.status = nextStatus(row.status, 'start', tx.locale);
        await addEvent(tx, id, 'status', { meta: { from: row.status, to: set.status, action: 'start' } });
      }
    }
    const saved = await save(tx, row, set);
    const excerpt = input.body.slice(0, 140);
    if (input.mentions?.length) await tell(tx, saved, 'mention', input.mentions, '有人在工单中提到你', excerpt);
    const others = (await followers(tx, saved)).filter((u) => !(input.mentions ?? []).includes(u));
    await tell(tx, saved, 'reply', others, input.public ? '工单有新回复（顾客可见）' : '工单有新评论', excerpt);
    await changed(tx, id);
    return saved;
  });
  return presentWorkOrder(ctx, row);
}

export async function setWatching(ctx: Ctx, id: string, on: boolean): Promise<WorkOrder> {
  const me = actorId(ctx);
  if (!me) throw new AppError('forbidden');
  const row = await inTransaction(ctx, async (tx) => {
    const row = await loadVisible(tx, id);
    if (on) await tx.db.insertInto('work_order_watchers').values({ account_id: tx.accountId, work_order_id: id, user_id: me }).onConflict((oc) => oc.doNothing()).execute();
    else await tx.db.deleteFrom('work_order_watchers').where('account_id', '=', tx.accountId).where('work_order_id', '=', id).where('user_id', '=', me).execute();
    return row;
  });
  return presentWorkOrder(ctx, row);
}

/** Links another conversation (a tracker gathers every customer with the same problem). */
export async function linkConversation(ctx: Ctx, id: string, conversationId: string): Promise<WorkOrder> {
  const row = await inTransaction(ctx, async (tx) => {
    const row = await loadVisible(tx, id, true);
    const c = await tx.db.selectFrom('conversations').select(['id', 'customer_id']).where('account_id', '=', tx.accountId).where('id', '=', conversationId).executeTakeFirst();
    if (!c) throw new AppError('work_order_conversation_invalid', { field: 'conversationId' });
    const inserted = await tx.db.insertInto('work_order_links').values({ account_id: tx.accountId, work_order_id: id, conversation_id: c.id, customer_id: c.customer_id, linked_by: actorId(tx), linked_at: tx.clock.now() }).onConflict((oc) => oc.doNothing()).returning('conversation_id').executeTakeFirst();
    if (!inserted) throw new AppError('work_order_already_linked', { field: 'conversationId' });
    await addEvent(tx, id, 'linked', { meta: { conversationId: c.id, customerId: c.customer_id } });
    await changed(tx, id);
    // A work order made on its own gets the first chat linked as the one it replies through.
    return save(tx, row, row.conversation_id ? {} : { conversation_id: c.id, customer_id: row.customer_id ?? c.customer_id });
  });
  return presentWorkOrder(ctx, row);
}

export async function unlinkConversation(ctx: Ctx, id: string, conversationId: string): Promise<WorkOrder> {
  const row = await inTransaction(ctx, async (tx) => {
    const row = await loadVisible(tx, id, true);
    const gone = await tx.db.deleteFrom('work_order_links').where('account_id', '=', tx.accountId).where('work_order_id', '=', id).where('conversation_id', '=', conversationId).returning('conversation_id').executeTakeFirst();
    if (gone) {
      await addEvent(tx, id, 'linked', { meta: { conversationId, unlinked: true } });
      await changed(tx, id);
      return save(tx, row, {});
    }
    return row;
  });
  return presentWorkOrder(ctx, row);
}

export { STATUS_LABELS };
