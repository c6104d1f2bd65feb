import type { Logger } from 'pino';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, defineErrors } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { Localized } from '../../platform/locale.ts';
import { loadConversation } from './conversations.service.ts';
import type { ConversationStatus } from './conversations.tables.ts';
import { appendMessage } from './messages.service.ts';

/**
 * Where a conversation may go from each status. 待处理 (pending) waits for the customer; 稍后处理
 * (snoozed) is put aside until a time. Both come back to open when the customer writes (as a
 * resolved one does, when its message is stored) and a snoozed one also when its time comes.
 */
export const TRANSITIONS: Record<ConversationStatus, readonly ConversationStatus[]> = {
  open: ['pending', 'snoozed', 'resolved'],
  pending: ['open', 'snoozed', 'resolved'],
  snoozed: ['open', 'pending', 'snoozed', 'resolved'],
  resolved: ['open'],
};

export const statusErrors = defineErrors({
  status_change_invalid: { status: 409, message: { 'zh-CN': '会话当前的状态不允许此操作（已解决的会话请先重新打开）', en: 'The conversation’s status does not allow this (reopen a resolved conversation first)' } },
  snooze_invalid: { status: 400, message: { 'zh-CN': '稍后处理的时间须在现在之后的 90 天内', en: 'Snooze until a time in the next 90 days' } },
});

const MAX_SNOOZE_MS = 90 * 86_400_000;

const WOKE: Localized = { 'zh-CN': '稍后提醒到期，会话已回到进行中', en: 'Snooze ended: the conversation is open again' };

async function moveTo(ctx: Ctx, id: string, to: 'pending' | 'snoozed', snoozedUntil: Date | null) {
  return inTransaction(ctx, async (ctx) => {
    // Another account's id is not found, whatever else is wrong with the request.
    const current = await loadConversation(ctx.db, ctx.accountId, id);
    if (snoozedUntil) {
      const now = ctx.clock.now().getTime();
      if (!(snoozedUntil.getTime() > now) || snoozedUntil.getTime() - now > MAX_SNOOZE_MS) throw new AppError('snooze_invalid', { field: 'until' });
    }
    if (!TRANSITIONS[current.status].includes(to)) throw new AppError('status_change_invalid');
    await ctx.db
      .updateTable('conversations')
      .set({ status: to, snoozed_until: snoozedUntil, updated_at: ctx.clock.now() })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .execute();
    await emit(ctx, 'conversation.updated', { conversationId: id });
    return loadConversation(ctx.db, ctx.accountId, id);
  });
}

/** 待处理: the agent has answered and waits for the customer. */
export function markPending(ctx: Ctx, id: string) {
  return moveTo(ctx, id, 'pending', null);
}

/** 稍后处理: out of the open list until `until`, then back with a note in the timeline. */
export function snoozeConversation(ctx: Ctx, id: string, until: Date) {
  return moveTo(ctx, id, 'snoozed', until);
}

const WAKE_BATCH = 200;

/**
 * Brings back every snoozed conversation whose time has come, each with an event message in its
 * timeline. Run every minute; the status check in the update makes a second runner a no-op.
 */
export async function wakeSnoozed(deps: { db: Db; clock: Clock; log: Logger }): Promise<{ woken: number }> {
  let woken = 0;
  for (;;) {
    const now = deps.clock.now();
    const due = await deps.db
      .selectFrom('conversations as c')
      .innerJoin('accounts as a', 'a.id', 'c.account_id')
      .select(['c.id', 'c.account_id', 'a.locale'])
      .where('c.status', '=', 'snoozed')
      .where('c.snoozed_until', '<=', now)
      .orderBy('c.snoozed_until')
      .limit(WAKE_BATCH)
      .execute();
    for (const c of due) {
      const done = await deps.db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('conversations')
          .set({ status: 'open', snoozed_until: null, updated_at: now })
          .where('account_id', '=', c.account_id)
          .where('id', '=', c.id)
          .where('status', '=', 'snoozed')
          .where('snoozed_until', '<=', now)
          .returning('id')
          .executeTakeFirst();
        if (!row) return false;
        await appendMessage(trx, { accountId: c.account_id, conversationId: c.id, senderType: 'system', senderId: null, senderName: null, kind: 'event', body: WOKE[c.locale] ?? WOKE['zh-CN'], now });
        return true;
      });
      if (done) woken++;
    }
    if (due.length < WAKE_BATCH) break;
  }
  if (woken) deps.log.info({ woken }, 'snoozed conversations woke up');
  return { woken };
}
