import { sql } from 'kysely';
import type { z } from 'zod';
import type * as M from '../../../../contracts/customer-merge.ts';
import { inTransaction, type Ctx } from '../../../platform/context.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { recordAudit } from '../../accounts/index.ts';
import { contactViewOf } from '../customers.service.ts';
import { cursorError, decodeCursor, encodeCursor } from '../cursor.ts';
import { DUPLICATE_COLUMNS, presentDuplicateCustomer, presentMatch, type DuplicateRow } from './merge.presenters.ts';
import type { MatchReason } from './merge.tables.ts';
import './merge.errors.ts';

type Pair = z.infer<typeof M.DuplicatePair>;

/**
 * A phone or email written on this many records or more is not one person's (a shop's own test phone, a
 * courier's number, a family's email): it makes no suggestions, since a person would have to read
 * hundreds of pairs and merging them all would be wrong.
 */
export const MAX_SHARED = 20;

const REASON_ORDER: MatchReason[] = ['phone', 'email', 'platform'];

/**
 * The pairs that share a key, as (reason, key, customer, other customer) rows. Identities are unique
 * per account and stored normalised by every writer (phone.ts; emails lower-cased), so two records
 * can share a phone or email only through a record's own phone or email column that no identity of
 * its own backs (the record an import made when another customer already held the number): those
 * "loose" values are few, and each is looked up in the identity index and among the other loose
 * ones. A Taobao buyer id is matched against the same id on Tmall, through the same index. So the
 * scan reads the customers once and probes indexes, instead of grouping every key of the account.
 */
function sharedKeyRows(accountId: string) {
  return sql`
    loose as (
      select 'phone' as reason, customer_phone_key(c.phone) as key, c.id as customer_id
        from customers c
       where c.account_id = ${accountId} and c.phone is not null and c.merged_into is null and c.erased_at is null
         and not exists (select 1 from customer_identities i
                          where i.account_id = c.account_id and i.kind = 'phone' and i.platform is null and i.value = c.phone and i.customer_id = c.id)
      union
      select 'email', lower(c.email), c.id
        from customers c
       where c.account_id = ${accountId} and c.email is not null and c.merged_into is null and c.erased_at is null
         and not exists (select 1 from customer_identities i
                          where i.account_id = c.account_id and i.kind = 'email' and i.platform is null and i.value = lower(c.email) and i.customer_id = c.id)
    ),
    crowded as (
      select reason, key from loose group by reason, key having count(*) >= ${MAX_SHARED}
    ),
    usable as (
      select l.* from loose l
       where l.key is not null and l.key <> ''
         and not exists (select 1 from crowded x where x.reason = l.reason and x.key = l.key)
    ),
    matches as (
      select u.reason, u.key, u.customer_id as a, i.customer_id as b
        from usable u
        join customer_identities i on i.account_id = ${accountId} and i.kind = u.reason and i.platform is null and i.value = u.key
       where i.customer_id <> u.customer_id
      union
      select u.reason, u.key, u.customer_id, o.customer_id
        from usable u join usable o on o.reason = u.reason and o.key = u.key and o.customer_id <> u.customer_id
      union
      select 'platform', t.value, t.customer_id, b.customer_id
        from customer_identities t
        join customer_identities b on b.account_id = t.account_id and b.kind = 'platform' and b.platform = 'taobao' and b.value = t.value
       where t.account_id = ${accountId} and t.kind = 'platform' and t.platform = 'tmall' and b.customer_id <> t.customer_id
    ),
    pairs as (
      select distinct reason, key, least(a, b) as a_id, greatest(a, b) as b_id from matches
    )`;
}

type PairRow = { a_id: string; b_id: string; reasons: string[]; keys: string[]; score: number };

function readCursor(text: string, ctx: Ctx): { score: number; a: string; b: string } {
  const [score, a, b] = decodeCursor(text, ctx.locale);
  if (typeof score === 'number' && Number.isInteger(score) && typeof a === 'string' && typeof b === 'string' && a.length <= 64 && b.length <= 64) return { score, a, b };
  throw cursorError(ctx.locale);
}

/**
 * Looks for duplicates again (查找重复客户): one read of the account's customers with index probes
 * (see sharedKeyRows), and the pairs it finds replace the account's suggestions. Seconds at a
 * million customers, so it is an explicit action (and an account's first look), never a page read.
 * Two scans of one account queue.
 */
export async function scanDuplicates(ctx: Ctx) {
  const started = Date.now();
  return inTransaction(ctx, async (ctx) => {
    await ctx.db.insertInto('customer_duplicate_scans').values({ account_id: ctx.accountId, scanned_at: null }).onConflict((oc) => oc.column('account_id').doNothing()).execute();
    await ctx.db.selectFrom('customer_duplicate_scans').select('account_id').where('account_id', '=', ctx.accountId).forUpdate().execute();
    await ctx.db.deleteFrom('customer_duplicate_candidates').where('account_id', '=', ctx.accountId).execute();
    const res = await sql<{ n: number }>`
      with ${sharedKeyRows(ctx.accountId)},
      inserted as (
        insert into customer_duplicate_candidates (account_id, customer_a, customer_b, reasons, keys, score)
        select ${ctx.accountId}, a_id, b_id, array_agg(reason order by reason, key), array_agg(key order by reason, key), count(distinct reason)::int
          from pairs
         group by a_id, b_id
        returning 1
      )
      select count(*)::int as n from inserted`.execute(ctx.db);
    const pairs = Number(res.rows[0]?.n ?? 0);
    const scannedAt = ctx.clock.now();
    const durationMs = Date.now() - started;
    await ctx.db.updateTable('customer_duplicate_scans').set({ scanned_at: scannedAt, pairs, duration_ms: durationMs }).where('account_id', '=', ctx.accountId).execute();
    return { pairs, scannedAt: scannedAt.toISOString(), durationMs };
  });
}

/**
 * Suggested duplicates, the strongest first (more kinds of shared key), a page at a time: an index
 * range of the last scan's ranking (an account's first look scans first). Pairs with a merged or
 * erased customer, and pairs the team dismissed, are left out.
 */
export async function listDuplicates(ctx: Ctx, q: z.infer<typeof M.DuplicateListQuery>) {
  const scan = await ctx.db.selectFrom('customer_duplicate_scans').select('scanned_at').where('account_id', '=', ctx.accountId).executeTakeFirst();
  const scannedAt = scan?.scanned_at ? scan.scanned_at.toISOString() : (await scanDuplicates(ctx)).scannedAt;
  const after = q.cursor ? readCursor(q.cursor, ctx) : null;
  const afterCondition = after
    ? sql`and (d.score < ${after.score} or (d.score = ${after.score} and (d.customer_a, d.customer_b) > (${after.a}, ${after.b})))`
    : sql``;
  const { rows } = await sql<PairRow>`
    select d.customer_a as a_id, d.customer_b as b_id, d.reasons, d.keys, d.score
      from customer_duplicate_candidates d
      join customers a on a.account_id = d.account_id and a.id = d.customer_a and a.merged_into is null and a.erased_at is null
      join customers b on b.account_id = d.account_id and b.id = d.customer_b and b.merged_into is null and b.erased_at is null
     where d.account_id = ${ctx.accountId}
       and not exists (
         select 1 from customer_duplicate_dismissals x
          where x.account_id = d.account_id and x.customer_a = d.customer_a and x.customer_b = d.customer_b)
       ${afterCondition}
     order by d.score desc, d.customer_a, d.customer_b
     limit ${q.limit + 1}`.execute(ctx.db);
  const page = rows.slice(0, q.limit);
  const customers = await loadDuplicateCustomers(ctx, page.flatMap((r) => [r.a_id, r.b_id]));
  const view = contactViewOf(ctx.actor);
  const items: Pair[] = [];
  for (const r of page) {
    const a = customers.get(r.a_id);
    const b = customers.get(r.b_id);
    if (a && b) items.push(presentPair(r, a, b, view));
  }
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: rows.length > q.limit && last ? encodeCursor([Number(last.score), last.a_id, last.b_id]) : null,
    scannedAt,
  };
}

function presentPair(r: PairRow, a: DuplicateRow, b: DuplicateRow, view: 'full' | 'masked'): Pair {
  const reasons = REASON_ORDER.filter((x) => r.reasons.includes(x));
  const matches = r.reasons
    .map((reason, i) => presentMatch(reason as MatchReason, r.keys[i], view))
    .sort((x, y) => REASON_ORDER.indexOf(x.reason) - REASON_ORDER.indexOf(y.reason));
  const name = (c: DuplicateRow) => (c.name ?? '').trim().toLowerCase();
  return {
    customers: [presentDuplicateCustomer(a, view), presentDuplicateCustomer(b, view)],
    reasons,
    matches: matches.filter((m, i) => matches.findIndex((n) => n.reason === m.reason && n.value === m.value) === i),
    sameName: name(a) !== '' && name(a) === name(b),
  };
}

export async function loadDuplicateCustomers(ctx: Ctx, ids: string[]): Promise<Map<string, DuplicateRow>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('customer_records').select(DUPLICATE_COLUMNS).where('account_id', '=', ctx.accountId).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The keys two customers share (phone, email, buyer id): point lookups on the indexes, for one pair. */
export async function reasonsOfPair(ctx: Ctx, aId: string, bId: string): Promise<MatchReason[]> {
  const { rows } = await sql<{ reason: MatchReason }>`
    with keys as (
      select 'phone' as reason, customer_phone_key(c.phone) as key, c.id as customer_id from customers c
       where c.account_id = ${ctx.accountId} and c.id in (${aId}, ${bId}) and c.phone is not null
      union
      select 'phone', customer_phone_key(i.value), i.customer_id from customer_identities i
       where i.account_id = ${ctx.accountId} and i.customer_id in (${aId}, ${bId}) and i.kind = 'phone'
      union
      select 'email', lower(c.email), c.id from customers c
       where c.account_id = ${ctx.accountId} and c.id in (${aId}, ${bId}) and c.email is not null
      union
      select 'email', lower(i.value), i.customer_id from customer_identities i
       where i.account_id = ${ctx.accountId} and i.customer_id in (${aId}, ${bId}) and i.kind = 'email'
      union
      select 'platform', i.value, i.customer_id from customer_identities i
       where i.account_id = ${ctx.accountId} and i.customer_id in (${aId}, ${bId}) and i.kind = 'platform' and i.platform in ('taobao', 'tmall')
    )
    select distinct reason from keys where key is not null and key <> '' and key not like 'erased:%'
     group by reason, key having count(distinct customer_id) = 2`.execute(ctx.db);
  const found = new Set(rows.map((r) => r.reason));
  return REASON_ORDER.filter((r) => found.has(r));
}

/** "Not the same person" (不是同一人): the pair is not suggested again. Saying it twice changes nothing. */
export async function dismissDuplicate(ctx: Ctx, ids: [string, string]) {
  const [a, b] = [...ids].sort();
  if (a === b) throw new AppError('merge_same_customer', { field: 'otherCustomerId' });
  return inTransaction(ctx, async (ctx) => {
    const found = await ctx.db.selectFrom('customers').select(['id', 'name', 'nickname']).where('account_id', '=', ctx.accountId).where('id', 'in', [a, b]).execute();
    if (found.length !== 2) throw notFound('customer');
    const inserted = await ctx.db
      .insertInto('customer_duplicate_dismissals')
      .values({ account_id: ctx.accountId, customer_a: a, customer_b: b, dismissed_by: ctx.actor.id, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['account_id', 'customer_a', 'customer_b']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
      await recordAudit(ctx, 'customer.duplicate_dismissed', { type: 'customer', id: a, label: found.find((c) => c.id === a)?.name ?? a }, { customerIds: [a, b] });
    }
    return { customerIds: [a, b] as [string, string], dismissed: true as const };
  });
}
