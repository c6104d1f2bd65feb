import type { z } from 'zod';
import type * as T from '../../../contracts/tickets.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../accounts/index.ts';
import { appendMessage } from '../conversations/index.ts';
import { pickTargets } from './sla/sla-policy.ts';
import { loadVisible, presentWorkOrder, type WorkOrder } from './tickets.read.ts';
import { clockPaused, nextStatus, type WorkOrderAction } from './tickets.status.ts';
import type { StoredPause } from './tickets.tables.ts';
import { actorId, addEvent, changed, checkFields, checkMembers, checkTeam, followers, namesOf, publicName, save, teamMembers, tell, title, type Row } from './tickets.write.ts';

export type CreateInput = z.infer<typeof T.WorkOrderBody>;
export type PatchInput = z.infer<typeof T.WorkOrderPatch>;

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
      const c = await tx.db.selectFrom('customer_records').select(['id', 'tier']).where('account_id', '=', tx.accountId).where('id', '=', customerId).executeTakeFirst();
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
