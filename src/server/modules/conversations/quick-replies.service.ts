import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound, registerNotFoundSubject } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { ReceptionStep } from './conversations.tables.ts';
import { loadConversation } from './conversations.service.ts';
import { trackingOf } from '../orders/index.ts';

registerNotFoundSubject('quick_reply', { 'zh-CN': '该快捷回复', en: 'The quick reply' });

export type Scope = 'shared' | 'personal';
export type QuickReplyInput = { shortcut: string; title: string; body: string; step?: ReceptionStep | null };

/** The shared library and the caller's own, shortcut order; `q` matches shortcut, title or text. */
export async function listQuickReplies(ctx: Ctx, filter: { q?: string; step?: ReceptionStep }) {
  let query = ctx.db
    .selectFrom('quick_replies')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where((eb) => eb.or([eb('scope', '=', 'shared'), eb.and([eb('scope', '=', 'personal'), eb('owner_id', '=', ctx.actor.id ?? '')])]));
  if (filter.step) query = query.where('step', '=', filter.step);
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('shortcut', 'ilike', like), eb('title', 'ilike', like), eb('body', 'ilike', like)]));
  }
  return query.orderBy('scope', 'desc').orderBy('shortcut').limit(200).execute();
}

export async function createQuickReply(ctx: Ctx, scope: Scope, input: QuickReplyInput) {
  if (scope === 'personal' && ctx.actor.type !== 'user') throw new AppError('forbidden');
  const now = ctx.clock.now();
  try {
    return await ctx.db
      .insertInto('quick_replies')
      .values({ id: newId('qr'), account_id: ctx.accountId, scope, owner_id: scope === 'personal' ? ctx.actor.id : null, shortcut: input.shortcut, title: input.title, body: input.body, step: input.step ?? null, created_by: ctx.actor.id, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new AppError('conflict', { field: 'shortcut', vars: { detail: `/${input.shortcut}` } });
    throw err;
  }
}

function scoped(ctx: Ctx, scope: Scope, id: string) {
  return (qb: any) => {
    let q = qb.where('account_id', '=', ctx.accountId).where('id', '=', id).where('scope', '=', scope);
    if (scope === 'personal') q = q.where('owner_id', '=', ctx.actor.id ?? '');
    return q;
  };
}

export async function updateQuickReply(ctx: Ctx, scope: Scope, id: string, input: Partial<QuickReplyInput>) {
  const row = await scoped(ctx, scope, id)(ctx.db.updateTable('quick_replies').set({ ...input, updated_at: ctx.clock.now() })).returningAll().executeTakeFirst();
  if (!row) throw notFound('quick_reply');
  return row;
}

export async function deleteQuickReply(ctx: Ctx, scope: Scope, id: string) {
  const result = await scoped(ctx, scope, id)(ctx.db.deleteFrom('quick_replies')).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('quick_reply');
}

const ORDER_STATUS: Record<string, string> = { unpaid: '待付款', paid: '已付款', shipped: '已发货', completed: '已完成', refunded: '已退款', closed: '已关闭' };

export const VARIABLES = ['customer.name', 'order.number', 'order.status', 'order.tracking', 'agent.nickname', 'shop.name'] as const;

/**
 * Fills `{{customer.name}}`, `{{order.number}}` … with this conversation's facts. Unknown or
 * empty variables are left out of the text and named in `missing`, so the agent can fill them in.
 */
export async function renderReply(ctx: Ctx, conversationId: string, body: string) {
  const conversation = await loadConversation(ctx.db, ctx.accountId, conversationId);
  const [customer, order, agent, account] = await Promise.all([
    ctx.db.selectFrom('customers').select(['name', 'nickname']).where('account_id', '=', ctx.accountId).where('id', '=', conversation.customer.id).executeTakeFirst(),
    ctx.db.selectFrom('orders').select(['id', 'platform_order_id', 'status']).where('account_id', '=', ctx.accountId).where('customer_id', '=', conversation.customer.id).orderBy('placed_at', 'desc').executeTakeFirst(),
    ctx.actor.type === 'user' ? ctx.db.selectFrom('users').select(['name', 'nickname']).where('account_id', '=', ctx.accountId).where('id', '=', ctx.actor.id).executeTakeFirst() : undefined,
    ctx.db.selectFrom('accounts').select('name').where('id', '=', ctx.accountId).executeTakeFirst(),
  ]);
  // The parcel of that same order (courier and waybill), when it has gone out.
  const tracking = order ? await trackingOf(ctx.db, ctx.accountId, order.id) : null;
  const values: Record<string, string | null | undefined> = {
    'customer.name': customer?.name ?? customer?.nickname,
    'order.number': order?.platform_order_id,
    'order.status': order ? ORDER_STATUS[order.status] ?? order.status : null,
    'order.tracking': tracking,
    'agent.nickname': agent?.nickname ?? agent?.name ?? ctx.actor.name,
    'shop.name': account?.name,
  };
  const missing = new Set<string>();
  const text = body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    if (!value) missing.add(key);
    return value ?? '';
  });
  return { text, missing: [...missing] };
}
