import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type * as C from '../../../contracts/customers.ts';
import type { Schema } from '../../db/schema.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { maskEmail, maskPhone } from '../../platform/mask.ts';
import { money } from '../../platform/money.ts';
import { attributeFilterPattern } from './attributes.validate.ts';
import { loadAttributeDefinitions } from './attributes.service.ts';
import { contactViewOf } from './customers.service.ts';
import { normalisePhone } from './phone.ts';
import { cursorError, decodeCursor, encodeCursor } from './cursor.ts';
import type { Locale } from '../../platform/locale.ts';

export type CustomerListQuery = z.infer<typeof C.CustomerListQuery>;
type Eb = ExpressionBuilder<Schema, 'customers'>;

/**
 * Each sort order's key and tie-breaker, as its index has them: a customer who never ordered sorts
 * as -infinity (last when newest come first), so no key is null and a page boundary is one row
 * comparison. The figures' orders are indexed on customer_stats (migration 0024), the date made on
 * customers; the names are bare, so they read the same over the join and over a probe's window.
 */
const SORT_KEYS = {
  last_order: { key: sql`coalesce(last_order_at, '-infinity'::timestamptz)`, type: sql.raw('timestamptz'), tie: sql.ref('customer_id') },
  lifetime_spend: { key: sql`lifetime_spend`, type: sql.raw('numeric'), tie: sql.ref('customer_id') },
  created: { key: sql`created_at`, type: sql.raw('timestamptz'), tie: sql.ref('id') },
} as const;

/** Where the next page starts: the sort key as the database wrote it (exact), and the id. */
type Cursor = { v: string; id: string };

function readCursor(text: string, locale: Locale): Cursor {
  const [v, id] = decodeCursor(text, locale);
  if (typeof v === 'string' && v.length <= 64 && typeof id === 'string' && id.length <= 64) return { v, id };
  throw cursorError(locale);
}

/** Rows after the cursor in (key, id) order: one row comparison, an index condition. */
function afterCursor(sort: (typeof SORT_KEYS)[keyof typeof SORT_KEYS], desc: boolean, c: Cursor): Expression<SqlBool> {
  const cmp = sql.raw(desc ? '<' : '>');
  return sql<SqlBool>`(${sort.key}, ${sort.tie}) ${cmp} (${c.v}::${sort.type}, ${c.id})`;
}

const LIKE_SPECIAL = /[\\%_]/g;
const escapeLike = (s: string) => s.replace(LIKE_SPECIAL, (m) => `\\${m}`);

/**
 * A search condition in two forms: `indexed` finds the matches through an index, `row` tests one
 * customer row (the same answer, for the rows a probe of the sort order has already read).
 */
type Search = { indexed: Expression<SqlBool>; row: Expression<SqlBool>; byName: boolean };

/**
 * The customers whose ids a name index gives, as one array computed first: the planner then
 * fetches them by id and sorts them. Left to itself it may guess a rare name common (a prefix's
 * estimate knows nothing of Chinese names) and walk the sort order's index past half a million
 * customers, filtering, to find a page of 21.
 */
const idIn = (ids: Expression<unknown>) => sql<SqlBool>`id = any(array(${ids}))`;

/** What q means: four digits are a phone's last four (尾号), more digits a phone, an @ an email, else a name. */
function searchCondition(eb: Eb, accountId: string, q: string, nameMatch: 'prefix' | 'contains'): Search {
  const plain = (e: Expression<SqlBool>): Search => ({ indexed: e, row: e, byName: false });
  if (/^\d{4}$/.test(q)) return plain(sql<SqlBool>`right(phone, 4) = ${q}`);
  const phone = normalisePhone(q);
  if (phone && /^\+?\d{5,}$/.test(phone)) return plain(eb('phone', '=', phone));
  if (q.includes('@')) return plain(sql<SqlBool>`lower(email) = ${q.toLowerCase()}`);
  const text = q.toLowerCase();
  if (nameMatch === 'prefix') {
    const pattern = `${escapeLike(text)}%`;
    const row = sql<SqlBool>`(lower(name) like ${pattern} or lower(nickname) like ${pattern})`;
    return { indexed: idIn(sql`select id from customers where account_id = ${accountId} and ${row}`), row, byName: true };
  }
  // Anywhere in a name or nickname: the grams index of customer_names (migration 0020) finds the
  // records holding every pair of adjacent characters of the text, LIKE keeps those that hold it whole.
  const pattern = `%${escapeLike(text)}%`;
  return {
    indexed: idIn(sql`select n.customer_id from customer_names n
      where n.account_id = ${accountId} and n.grams @> ${gramsOf(text)}::text[] and (n.name like ${pattern} or n.nickname like ${pattern})`),
    row: sql<SqlBool>`(lower(name) like ${pattern} or lower(nickname) like ${pattern})`,
    byName: true,
  };
}

/** The grams a text must all hold (see migration 0020): itself if one character, else its adjacent pairs. */
export function gramsOf(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length <= 1) return chars;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length && pairs.size < 32; i++) pairs.add(chars[i] + chars[i + 1]);
  return [...pairs];
}

async function attributeCondition(ctx: Ctx, text: string): Promise<Expression<SqlBool>> {
  const at = text.indexOf(':');
  const key = text.slice(0, at);
  const def = (await loadAttributeDefinitions(ctx.db, ctx.accountId)).find((d) => d.key === key);
  if (!def) throw new AppError('attribute_unknown', { field: 'attribute', vars: { key } });
  const pattern = attributeFilterPattern(def, text.slice(at + 1), ctx.locale);
  return sql<SqlBool>`attributes @> ${JSON.stringify(pattern)}::jsonb`;
}

function presentListItem(r: ListRow, masked: boolean) {
  return {
    id: r.id,
    name: r.name,
    nickname: r.nickname,
    phone: masked ? maskPhone(r.phone) : r.phone,
    email: masked ? maskEmail(r.email) : r.email,
    contactMasked: masked,
    tier: r.tier,
    tags: r.tags ?? [],
    province: r.province,
    city: r.city,
    sourcePlatform: r.source_platform,
    lifetimeSpend: money(r.lifetime_spend),
    orderCount: r.order_count,
    lastOrderAt: r.last_order_at ? r.last_order_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  };
}

const LIST_COLUMNS = ['id', 'name', 'nickname', 'phone', 'email', 'tier', 'tags', 'province', 'city', 'source_platform', 'lifetime_spend', 'order_count', 'last_order_at', 'created_at'] as const;
/** The list's columns, from the customer and its figures. */
const JOINED_COLUMNS = ['c.id', 'c.name', 'c.nickname', 'c.phone', 'c.email', 'c.tags', 'c.province', 'c.city', 'c.source_platform', 'c.created_at', 's.tier', 's.lifetime_spend', 's.order_count', 's.last_order_at'] as const;
/** And what a probe's window needs besides, to test its rows by the filters and put them in order. */
const PROBE_COLUMNS = [...JOINED_COLUMNS, 'c.attributes', 'c.merged_into', 's.customer_id'] as const;
type ListRow = Awaited<ReturnType<typeof fetchPage>>[number];

/** The filters of a list, each as an index would find its rows and as one row is tested. */
type Filters = { indexed: Expression<SqlBool>[]; row: Expression<SqlBool>[]; byName: boolean };

/**
 * How many customers, in the list's own order, a name search reads before it asks the name index.
 * A name that many hold (王, 李, 张: one customer in twelve) fills a page within the first few hundred
 * of them, where the index would hand over every holder to be sorted; a rare one falls through.
 */
export const NAME_PROBE_ROWS = 3000;

async function fetchPage(ctx: Ctx, q: CustomerListQuery, filters: Filters) {
  const sort = SORT_KEYS[q.sort];
  const direction = q.direction === 'desc' ? 'desc' : 'asc';
  const cursor = q.cursor ? readCursor(q.cursor, ctx.locale) : null;
  const order = sql`${sort.key} ${sql.raw(direction)}, ${sort.tie} ${sql.raw(direction)}`;
  let base = ctx.db
    .selectFrom('customers as c')
    .innerJoin('customer_stats as s', (j) => j.onRef('s.account_id', '=', 'c.account_id').onRef('s.customer_id', '=', 'c.id'))
    .where('c.account_id', '=', ctx.accountId)
    .where('s.account_id', '=', ctx.accountId);
  if (cursor) base = base.where(() => afterCursor(sort, direction === 'desc', cursor));

  if (filters.byName) {
    // The next NAME_PROBE_ROWS customers in order, tested row by row: if a page and one more match
    // among them, they are exactly the first matches of the whole list (any other match sorts after).
    const window = base.select(PROBE_COLUMNS).orderBy(order).limit(NAME_PROBE_ROWS).as('customers');
    let probe = ctx.db.selectFrom(window).select(LIST_COLUMNS).select(sql<string>`(${sort.key})::text`.as('sort_key'));
    for (const f of filters.row) probe = probe.where(() => f);
    const rows = await probe.orderBy(order).limit(q.limit + 1).execute();
    if (rows.length > q.limit) return rows;
  }

  let query = base.select(JOINED_COLUMNS).select(sql<string>`(${sort.key})::text`.as('sort_key'));
  for (const f of filters.indexed) query = query.where(() => f);
  return query.orderBy(order).limit(q.limit + 1).execute();
}

async function filtersOf(ctx: Ctx, q: CustomerListQuery): Promise<Filters> {
  const out: Expression<SqlBool>[] = [];
  const eb = expressionBuilder<Schema, 'customers'>();
  // A merged record lives on in its survivor (see merge/): lists and search show the survivor only.
  out.push(sql<SqlBool>`merged_into is null`);
  const search = q.q ? searchCondition(eb, ctx.accountId, q.q, q.nameMatch) : null;
  if (q.tag) out.push(sql<SqlBool>`tags @> array[${q.tag}]::text[]`);
  if (q.tier) out.push(sql<SqlBool>`tier = ${q.tier}`);
  if (q.spendMin && q.spendMax && Number(q.spendMin) > Number(q.spendMax)) throw new AppError('customer_spend_range_invalid', { field: 'spendMin' });
  if (q.spendMin) out.push(sql<SqlBool>`lifetime_spend >= ${q.spendMin}::numeric`);
  if (q.spendMax) out.push(sql<SqlBool>`lifetime_spend <= ${q.spendMax}::numeric`);
  // On the last-order sort key, so the keyset index answers them; "before" leaves out who never ordered.
  const lastOrder = SORT_KEYS.last_order.key;
  if (q.lastOrderFrom) out.push(sql<SqlBool>`${lastOrder} >= ${new Date(q.lastOrderFrom)}`);
  if (q.lastOrderTo) out.push(sql<SqlBool>`${lastOrder} > '-infinity'::timestamptz and ${lastOrder} < ${new Date(q.lastOrderTo)}`);
  if (q.attribute) out.push(await attributeCondition(ctx, q.attribute));
  return {
    indexed: search ? [...out, search.indexed] : out,
    row: search ? [...out, search.row] : out,
    byName: search?.byName ?? false,
  };
}

/**
 * One page of the account's customers, filtered and sorted, with a cursor to the next: keyset
 * paging, so page 20,000 of a million customers costs what page 1 does and no row is seen twice.
 */
export async function listCustomers(ctx: Ctx, q: CustomerListQuery) {
  const rows = await fetchPage(ctx, q, await filtersOf(ctx, q));
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const masked = contactViewOf(ctx.actor) === 'masked';
  return {
    items: page.map((r) => presentListItem(r, masked)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
  };
}
