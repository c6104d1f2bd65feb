// Phase (a) of the CRM benchmark: customer search through listCustomers (what GET /api/customers
// calls), by phone suffix (尾号, last four digits), name prefix and name contains, first page of 20
// newest-ordering first as the list shows it; beside each kind, the same condition as a plain
// indexed lookup (SQL, ids only, no sort, no presenter) on the same data: the raw limit.
import { sql } from 'kysely';
import { CustomerListQuery } from '../src/contracts/customers.ts';
import { gramsOf, listCustomers } from '../src/server/modules/customers/customer-list.service.ts';
import type { Ctx } from '../src/server/platform/context.ts';
import { createProgressBar } from '../src/server/demo/progress-bar.ts';

export type SearchKind = 'phone_suffix' | 'name_prefix' | 'name_contains';
export type SearchFigures = Record<SearchKind, { queries: number; p50_ms: number; p99_ms: number; raw_p99_ms: number; hits: number }>;

/** A deterministic generator, so every run asks the same questions. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The questions: phone suffixes at random (0000–9999), name prefixes taken from real customers
 * (a surname, or surname and first given character: what an agent types), and name contains:
 * a full name or a given name from real customers, and a 3–5 letter piece of a real nickname.
 */
export async function questions(ctx: Ctx, perKind: number, seed: number): Promise<Record<SearchKind, string[]>> {
  const random = rng(seed);
  const count = Number((await sql<{ n: number }>`select count(*)::int as n from customers where account_id = ${ctx.accountId}`.execute(ctx.db)).rows[0].n);
  const percent = Math.min(100, (perKind * 8 * 100) / Math.max(1, count));
  const sample = await sql<{ name: string | null; nickname: string | null }>`
    select name, nickname from customers tablesample bernoulli (${percent}) repeatable (${seed})
    where account_id = ${ctx.accountId} limit ${perKind * 4}`.execute(ctx.db);
  const names = sample.rows.map((r) => r.name).filter((n): n is string => Boolean(n && n.length >= 2));
  const nicknames = sample.rows.map((r) => r.nickname).filter((n): n is string => Boolean(n && /[a-z]{5,}/i.test(n)));
  if (names.length === 0) throw new Error('no customer names to search for');
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const phone = Array.from({ length: perKind }, () => String(Math.floor(random() * 10_000)).padStart(4, '0'));
  const prefix = Array.from({ length: perKind }, () => {
    const name = [...pick(names)];
    return name.slice(0, random() < 0.5 ? 1 : 2).join('');
  });
  const contains = Array.from({ length: perKind }, (_, i) => {
    if (i % 3 === 0 && nicknames.length) {
      const nick = pick(nicknames).toLowerCase().match(/[a-z]{5,}/)![0];
      const len = 3 + Math.floor(random() * 3);
      const at = Math.floor(random() * Math.max(1, nick.length - len + 1));
      return nick.slice(at, at + len);
    }
    const name = [...pick(names)];
    // A full name, or the given name (the name less its first character).
    return i % 3 === 1 ? name.join('') : name.slice(1).join('');
  });
  return { phone_suffix: phone, name_prefix: prefix, name_contains: contains };
}

const LIKE_SPECIAL = /[\\%_]/g;

/** The plain indexed lookup of the same condition: ids of the first 21 matches, no order. */
function rawQuery(ctx: Ctx, kind: SearchKind, q: string) {
  if (kind === 'phone_suffix') return sql`select id from customers where account_id = ${ctx.accountId} and right(phone, 4) = ${q} limit 21`;
  const escaped = q.toLowerCase().replace(LIKE_SPECIAL, (m) => `\\${m}`);
  if (kind === 'name_prefix') {
    return sql`select id from customers where account_id = ${ctx.accountId} and (lower(name) like ${`${escaped}%`} or lower(nickname) like ${`${escaped}%`}) limit 21`;
  }
  // The same index the service uses (customer_names' grams, migration 0020), without the sort and the join.
  const pattern = `%${escaped}%`;
  return sql`select customer_id from customer_names where account_id = ${ctx.accountId} and grams @> ${gramsOf(q.toLowerCase())}::text[] and (name like ${pattern} or nickname like ${pattern}) limit 21`;
}

export async function searchPhase(ctx: Ctx, opts: { perKind: number; seed: number }): Promise<SearchFigures> {
  const asked = await questions(ctx, opts.perKind, opts.seed);
  const out = {} as SearchFigures;
  const bar = createProgressBar({ label: 'search', unit: 'queries' });
  const total = opts.perKind * 3 * 2;
  let done = 0;
  for (const kind of ['phone_suffix', 'name_prefix', 'name_contains'] as SearchKind[]) {
    const times: number[] = [];
    const raw: number[] = [];
    let hits = 0;
    for (const q of asked[kind]) {
      const query = CustomerListQuery.parse({ q, nameMatch: kind === 'name_contains' ? 'contains' : 'prefix', limit: 20 });
      const t0 = performance.now();
      const page = await listCustomers(ctx, query);
      times.push(performance.now() - t0);
      hits += page.items.length;
      const t1 = performance.now();
      await rawQuery(ctx, kind, q).execute(ctx.db);
      raw.push(performance.now() - t1);
      done += 2;
      if (done % 50 === 0) bar.update(done, total);
    }
    out[kind] = { queries: times.length, p50_ms: round(percentile(times, 50)), p99_ms: round(percentile(times, 99)), raw_p99_ms: round(percentile(raw, 99)), hits };
  }
  bar.finish();
  return out;
}
