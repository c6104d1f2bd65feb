import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, defineErrors } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import type { NotificationKind, NotificationsTable } from './tickets.tables.ts';

export type NotifyInput = { userIds: string[]; kind: NotificationKind; workOrderId: string | null; title: string; body?: string | null };

export type Notification = { id: string; kind: NotificationKind; workOrderId: string | null; title: string; body: string | null; read: boolean; createdAt: string };

export const notificationErrors = defineErrors({
  notifications_read_nothing: {
    status: 400,
    message: { 'zh-CN': '请给出要标记已读的通知（ids），或 all: true 标记全部', en: 'Say which notifications to mark read (ids), or all: true for every one' },
  },
  notifications_id_invalid: { status: 400, message: { 'zh-CN': '通知编号无效：{id}', en: 'Not a notification id: {id}' } },
});

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

export function presentNotification(row: Selectable<NotificationsTable>): Notification {
  return {
    id: String(row.id),
    kind: row.kind,
    workOrderId: row.work_order_id,
    title: row.title,
    body: row.body,
    read: row.read_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * The caller's own user id. Notifications are a member's: an API token (or the system) has none,
 * so it reads an empty list and marks nothing, rather than being refused a route every signed-in
 * caller may use.
 */
function memberOf(ctx: Ctx): string | null {
  return ctx.actor.type === 'user' ? ctx.actor.id : null;
}

const ID = /^\d{1,18}$/;

/** My notifications, newest first, a page at a time (the cursor is the last id of the page before). */
export async function listNotifications(ctx: Ctx, q: { unread?: boolean; cursor?: string; limit: number }) {
  const userId = memberOf(ctx);
  if (q.cursor !== undefined && !ID.test(q.cursor)) {
    const detail = ctx.locale === 'en' ? 'cursor: not a cursor of this list; reload from the first page' : 'cursor: 分页游标无效，请从第一页重新加载';
    throw new AppError('validation_failed', { field: 'cursor', vars: { detail } });
  }
  if (!userId) return { items: [], unread: 0, nextCursor: null };
  let query = ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', ctx.accountId).where('user_id', '=', userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(presentNotification),
    unread: await unreadCount(ctx.db, ctx.accountId, userId),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1].id) : null,
  };
}

async function unreadCount(db: Db, accountId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<string>`count(*)`.as('n'))
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks my notifications read: these ids, or all of them. Ids that are not mine change nothing. */
export async function readNotifications(ctx: Ctx, input: { ids?: string[]; all?: boolean }) {
  const userId = memberOf(ctx);
  const ids = input.ids ?? [];
  if (!input.all && ids.length === 0) throw new AppError('notifications_read_nothing', { field: 'ids' });
  const bad = ids.findIndex((id) => !ID.test(id));
  if (bad >= 0) throw new AppError('notifications_id_invalid', { field: `ids.${bad}`, vars: { id: ids[bad] } });
  if (!userId) return { updated: 0, unread: 0 };
  let q = ctx.db.updateTable('notifications').set({ read_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('user_id', '=', userId).where('read_at', 'is', null);
  if (!input.all) q = q.where('id', 'in', ids);
  const res = await q.executeTakeFirst();
  return { updated: Number(res.numUpdatedRows ?? 0), unread: await unreadCount(ctx.db, ctx.accountId, userId) };
}
