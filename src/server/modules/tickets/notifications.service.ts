import type { Ctx } from '../../platform/context.ts';
import { emit } from '../../platform/events.ts';
import type { NotificationKind } from './tickets.tables.ts';

export type NotifyInput = { userIds: string[]; kind: NotificationKind; workOrderId: string | null; title: string; body?: string | null };

/**
 * Tells members something (通知) in the caller's transaction: one row each, never the actor
 * themself. After commit the outbox handler pushes it to their open apps and queues the email.
 */
export async function notify(ctx: Ctx, input: NotifyInput): Promise<void> {
  const userIds = [...new Set(input.userIds)].filter((id) => id && id !== ctx.actor.id);
  if (userIds.length === 0) return;
  const rows = await ctx.db
    .insertInto('notifications')
    .values(userIds.map((userId) => ({ account_id: ctx.accountId, user_id: userId, kind: input.kind, work_order_id: input.workOrderId, title: input.title, body: input.body ?? null })))
    .returning(['id', 'user_id'])
    .execute();
  await emit(ctx, 'notification.created', { ids: rows.map((r) => String(r.id)) });
}
