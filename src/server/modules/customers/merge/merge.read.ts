import { sql } from 'kysely';
import type { z } from 'zod';
import type * as M from '../../../../contracts/customer-merge.ts';
import type { Ctx } from '../../../platform/context.ts';
import { notFound } from '../../../platform/errors.ts';
import { cursorError, decodeCursor, encodeCursor } from '../cursor.ts';
import { presentMerge, type MergeRow } from './merge.presenters.ts';

function mergesQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('customer_merges as m')
    .leftJoin('customers as s', (j) => j.onRef('s.account_id', '=', 'm.account_id').onRef('s.id', '=', 'm.survivor_id'))
    .leftJoin('customers as f', (j) => j.onRef('f.account_id', '=', 'm.account_id').onRef('f.id', '=', 'm.merged_id'))
    .selectAll('m')
    .select([sql<string | null>`coalesce(s.name, s.nickname)`.as('survivor_name'), sql<string | null>`coalesce(f.name, f.nickname)`.as('merged_name')])
    .where('m.account_id', '=', ctx.accountId);
}

export async function loadMerge(ctx: Ctx, id: string) {
  const row = await mergesQuery(ctx).where('m.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('customer_merge');
  return presentMerge(row as MergeRow);
}

/** The account's merges, or one customer's (survived or merged in), newest first, a page at a time. */
export async function listMerges(ctx: Ctx, q: z.infer<typeof M.MergeListQuery>) {
  let query = mergesQuery(ctx);
  if (q.customerId) {
    const customerId = q.customerId;
    query = query.where((eb) => eb.or([eb('m.survivor_id', '=', customerId), eb('m.merged_id', '=', customerId)]));
  }
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, ctx.locale);
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw cursorError(ctx.locale);
    query = query.where(sql<boolean>`(m.created_at, m.id) < (${new Date(at)}::timestamptz, ${id})`);
  }
  const rows = await query.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentMerge(r as MergeRow)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
  };
}

/** Where a merged record went (open that one instead), and the merges the customer took part in. */
export async function customerMergeStatus(ctx: Ctx, customerId: string) {
  const c = await ctx.db.selectFrom('customers').select(['id', 'merged_into', 'merged_at']).where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!c) throw notFound('customer');
  const { items } = await listMerges(ctx, { customerId, limit: 50 });
  let mergedInto = null;
  if (c.merged_into) {
    const live = items.find((m) => m.merged.id === customerId && !m.undoneAt);
    mergedInto = live
      ? { id: live.survivor.id, name: live.survivor.name, mergeId: live.id, mergedAt: live.createdAt }
      : null;
  }
  return { mergedInto, items };
}
