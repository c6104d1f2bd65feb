import { sql } from 'kysely';
import type { z } from 'zod';
import type * as T from '../../../contracts/tickets.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { appendMessage } from '../conversations/index.ts';
import { progressLink } from './progress.service.ts';
import { loadVisible, presentWorkOrder, type WorkOrder } from './tickets.read.ts';
import { nextStatus } from './tickets.status.ts';
import { actorId, addEvent, changed, checkMembers, followers, publicName, save, tell, type Row } from './tickets.write.ts';

export type CommentInput = z.infer<typeof T.CommentBody>;

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
