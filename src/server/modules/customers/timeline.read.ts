import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import type { Locale } from '../../platform/locale.ts';
import { cursorError, decodeCursor, encodeCursor } from './cursor.ts';
import { money } from '../../platform/money.ts';
import { timelineTitle } from './timeline.presenter.ts';

/**
 * The customer's timeline, newest first: their conversations and orders (read from their own tables)
 * and every customer_events row, merged in one order (time, then source, then id) and keyset-paged.
 */

type Source = 'conversation' | 'event' | 'order';
/** Ties at the same instant are broken by source, then id: the rank is part of the order. */
const RANK: Record<Source, number> = { conversation: 0, event: 1, order: 2 };

type Cursor = { us: string; rank: number; id: string };
type Entry = { source: Source; id: string; us: bigint; kind: string; data: Record<string, unknown>; actorId: string | null; at: Date };

function cursorOf(e: Entry): string {
  return encodeCursor([e.us.toString(), RANK[e.source], e.id]);
}

function readCursor(text: string, locale: Locale): Cursor {
  const [us, rank, id] = decodeCursor(text, locale);
  const idFits = typeof id === 'string' && id.length <= 64 && (rank !== RANK.event || /^\d{1,19}$/.test(id));
  if (typeof us === 'string' && /^-?\d{1,20}$/.test(us) && typeof rank === 'number' && [0, 1, 2].includes(rank) && idFits) return { us, rank, id: id as string };
  throw cursorError(locale);
}

const micros = (column: string) => sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`;
const instant = (us: string) => sql`('epoch'::timestamptz + ${us}::bigint * interval '1 microsecond')`;

/** Rows of one source that come after the cursor in (time desc, rank desc, id desc) order. */
function after(source: Source, column: string, c: Cursor | null, idCast: RawBuilder<unknown> = sql``): RawBuilder<boolean> {
  if (!c) return sql<boolean>`true`;
  const col = sql.ref(column);
  const at = instant(c.us);
  if (RANK[source] < c.rank) return sql<boolean>`${col} <= ${at}`;
  if (RANK[source] > c.rank) return sql<boolean>`${col} < ${at}`;
  return sql<boolean>`(${col} < ${at} or (${col} = ${at} and id < ${c.id}${idCast}))`;
}

async function events(ctx: Ctx, customerId: string, c: Cursor | null, limit: number): Promise<Entry[]> {
  const rows = await ctx.db
    .selectFrom('customer_events')
    .select(['id', 'kind', 'data', 'actor_id', 'occurred_at', micros('occurred_at').as('us')])
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .where(() => after('event', 'occurred_at', c, sql`::bigint`))
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    source: 'event' as const,
    id: String(r.id),
    us: BigInt(r.us),
    kind: r.kind,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    actorId: r.actor_id,
    at: r.occurred_at,
  }));
}

async function orders(ctx: Ctx, customerId: string, c: Cursor | null, limit: number): Promise<Entry[]> {
  const rows = await ctx.db
    .selectFrom('orders')
    .select(['id', 'platform', 'platform_order_id', 'status', 'paid_total', 'placed_at', micros('placed_at').as('us')])
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .where(() => after('order', 'placed_at', c))
    .orderBy('placed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    source: 'order' as const,
    id: r.id,
    us: BigInt(r.us),
    kind: 'order.placed',
    data: { orderId: r.id, platform: r.platform, platformOrderId: r.platform_order_id, status: r.status, paidTotal: money(r.paid_total) },
    actorId: null,
    at: r.placed_at,
  }));
}

async function conversations(ctx: Ctx, customerId: string, c: Cursor | null, limit: number): Promise<Entry[]> {
  const rows = await ctx.db
    .selectFrom('conversations')
    .select(['id', 'channel', 'status', 'last_message_preview', 'assignee_id', 'created_at', micros('created_at').as('us')])
    .where('account_id', '=', ctx.accountId)
    .where('customer_id', '=', customerId)
    .where(() => after('conversation', 'created_at', c))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    source: 'conversation' as const,
    id: r.id,
    us: BigInt(r.us),
    kind: 'conversation.started',
    data: { conversationId: r.id, channel: r.channel, status: r.status, lastMessagePreview: r.last_message_preview },
    actorId: r.assignee_id,
    at: r.created_at,
  }));
}

/** Newest first; at the same instant the higher source rank, then the higher id. */
function compareEntries(a: Entry, b: Entry): number {
  if (a.us !== b.us) return a.us > b.us ? -1 : 1;
  if (a.source !== b.source) return RANK[b.source] - RANK[a.source];
  if (a.source === 'event') return Number(BigInt(b.id) - BigInt(a.id));
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export async function customerTimeline(ctx: Ctx, customerId: string, q: { cursor?: string; limit: number }) {
  const exists = await ctx.db.selectFrom('customers').select('id').where('account_id', '=', ctx.accountId).where('id', '=', customerId).executeTakeFirst();
  if (!exists) throw notFound('customer');
  const c = q.cursor ? readCursor(q.cursor, ctx.locale) : null;
  const n = q.limit + 1;
  const [e, o, v] = await Promise.all([events(ctx, customerId, c, n), orders(ctx, customerId, c, n), conversations(ctx, customerId, c, n)]);
  const merged = [...e, ...o, ...v].sort(compareEntries);
  const page = merged.slice(0, q.limit);
  return {
    items: page.map((x) => ({
      id: `${x.source}:${x.id}`,
      source: x.source,
      kind: x.kind,
      title: timelineTitle(x.kind, x.data, ctx.locale),
      data: x.data,
      actorId: x.actorId,
      occurredAt: x.at.toISOString(),
    })),
    nextCursor: merged.length > q.limit ? cursorOf(page[page.length - 1]) : null,
  };
}
