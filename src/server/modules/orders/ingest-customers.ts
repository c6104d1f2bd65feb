import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import type { AddedSpend } from './ingest-writes.ts';
import { fenToYuan, type NormalizedOrder } from './orders.normalize.ts';
import type { OrderPlatform } from './orders.tables.ts';

/**
 * Who placed each new order: found through customer_identities by the marketplace buyer id, then
 * the phone, then the email; made when none is known. A phone or email match is weak when the
 * customer it finds already has another buyer id on the same marketplace (a shared family phone,
 * a forwarded email): then the order gets a customer of its own and nothing is merged. Keys the
 * order brings that nobody holds yet are added to its customer. Set-based: one read of the
 * identities; then (writeNewCustomers) one insert of the new customers, one of the new identities.
 */
type Key = { kind: 'platform' | 'phone' | 'email'; platform: OrderPlatform | null; value: string };

const keyText = (k: Key) => `${k.kind}|${k.platform ?? ''}|${k.value}`;

function keysOf(o: NormalizedOrder): { strong: Key | null; weak: Key[] } {
  const weak: Key[] = [];
  if (o.buyer.phone) weak.push({ kind: 'phone', platform: null, value: o.buyer.phone });
  if (o.buyer.email) weak.push({ kind: 'email', platform: null, value: o.buyer.email });
  return { strong: o.buyer.platformBuyerId ? { kind: 'platform', platform: o.platform, value: o.buyer.platformBuyerId } : null, weak };
}

type Known = { byKey: Map<string, string>; buyerIdsOf: Map<string, Set<OrderPlatform>> };

async function loadKnown(ctx: Ctx, orders: NormalizedOrder[]): Promise<Known> {
  const keys = orders.flatMap((o) => {
    const k = keysOf(o);
    return k.strong ? [k.strong, ...k.weak] : k.weak;
  });
  const byKey = new Map<string, string>();
  const buyerIdsOf = new Map<string, Set<OrderPlatform>>();
  if (keys.length === 0) return { byKey, buyerIdsOf };
  // Marketplace keys and phone/email keys (no platform) apart, each an equality on every column of
  // the unique index: a coalesce() over the platform left only (account, kind) to the index, which
  // read every buyer id of the account for each batch.
  const platformKeys = keys.filter((k) => k.platform !== null);
  const otherKeys = keys.filter((k) => k.platform === null);
  const rows = await sql<{ kind: Key['kind']; platform: OrderPlatform | null; value: string; customer_id: string }>`
    select i.kind, i.platform, i.value, i.customer_id
    from unnest(${platformKeys.map((k) => k.kind)}::text[], ${platformKeys.map((k) => k.platform!)}::text[], ${platformKeys.map((k) => k.value)}::text[]) as k(kind, platform, value)
    join customer_identities i on i.account_id = ${ctx.accountId} and i.kind = k.kind and i.platform = k.platform and i.value = k.value
    union all
    select i.kind, i.platform, i.value, i.customer_id
    from unnest(${otherKeys.map((k) => k.kind)}::text[], ${otherKeys.map((k) => k.value)}::text[]) as k(kind, value)
    join customer_identities i on i.account_id = ${ctx.accountId} and i.kind = k.kind and i.platform is null and i.value = k.value`.execute(ctx.db);
  for (const r of rows.rows) byKey.set(keyText(r), r.customer_id);
  const found = [...new Set(rows.rows.map((r) => r.customer_id))];
  if (found.length) {
    const platforms = await ctx.db
      .selectFrom('customer_identities')
      .select(['customer_id', 'platform'])
      .where('account_id', '=', ctx.accountId)
      .where('kind', '=', 'platform')
      .where('customer_id', 'in', found)
      .execute();
    for (const p of platforms) if (p.platform) addBuyerPlatform(buyerIdsOf, p.customer_id, p.platform);
  }
  return { byKey, buyerIdsOf };
}

function addBuyerPlatform(map: Map<string, Set<OrderPlatform>>, customerId: string, platform: OrderPlatform) {
  const set = map.get(customerId) ?? new Set<OrderPlatform>();
  set.add(platform);
  map.set(customerId, set);
}

/** The customer a weak key finds, unless they already answer to another buyer id on this marketplace. */
function weakMatch(known: Known, order: NormalizedOrder, weak: Key[]): string | null {
  for (const k of weak) {
    const customerId = known.byKey.get(keyText(k));
    if (!customerId) continue;
    if (order.buyer.platformBuyerId && known.buyerIdsOf.get(customerId)?.has(order.platform)) continue;
    return customerId;
  }
  return null;
}

type NewIdentity = { id: string; customer_id: string; kind: Key['kind']; platform: OrderPlatform | null; value: string };

/** The customer of each order, and the customers and identities to make (written by writeNewCustomers). */
export type ResolvedCustomers = { customerOf: Map<NormalizedOrder, string>; newCustomers: NewCustomer[]; newIdentities: NewIdentity[] };
export type NewCustomer = { id: string; order: NormalizedOrder };

/** Finds the customer of each order, or names a new one; nothing is written yet. */
export async function resolveCustomers(ctx: Ctx, orders: NormalizedOrder[]): Promise<ResolvedCustomers> {
  const known = await loadKnown(ctx, orders);
  const customerOf = new Map<NormalizedOrder, string>();
  const newCustomers: NewCustomer[] = [];
  const newIdentities: NewIdentity[] = [];
  for (const order of orders) {
    const { strong, weak } = keysOf(order);
    let customerId = (strong && known.byKey.get(keyText(strong))) || weakMatch(known, order, weak);
    if (!customerId) {
      customerId = newId('cus');
      newCustomers.push({ id: customerId, order });
    }
    customerOf.set(order, customerId);
    for (const k of strong ? [strong, ...weak] : weak) {
      if (known.byKey.has(keyText(k))) continue;
      known.byKey.set(keyText(k), customerId);
      if (k.kind === 'platform') addBuyerPlatform(known.buyerIdsOf, customerId, order.platform);
      newIdentities.push({ id: newId('cid'), customer_id: customerId, kind: k.kind, platform: k.platform, value: k.value });
    }
  }
  return { customerOf, newCustomers, newIdentities };
}

/**
 * Makes the new customers with what their paid orders of the batch add up to, and their
 * identities. The figures are written first, each row once (the trigger that gives a new customer
 * its figures then finds them there; the two reference each other at commit).
 */
export async function writeNewCustomers(ctx: Ctx, resolved: ResolvedCustomers, totals: Map<string, AddedSpend>): Promise<void> {
  await insertCustomers(ctx, resolved.newCustomers, totals);
  await insertIdentities(ctx, resolved.newIdentities);
}

async function insertCustomers(ctx: Ctx, rows: NewCustomer[], totals: Map<string, AddedSpend>) {
  if (rows.length === 0) return;
  const col = <T>(f: (o: NormalizedOrder) => T) => rows.map((r) => f(r.order));
  const total = <T>(f: (t: AddedSpend | undefined) => T) => rows.map((r) => f(totals.get(r.id)));
  const ids = rows.map((r) => r.id);
  await sql`
    insert into customer_stats (account_id, customer_id, lifetime_spend, order_count, last_order_at)
    select ${ctx.accountId}, u.id, u.spend::numeric, u.n, u.last::timestamptz
    from unnest(${ids}::text[], ${total((t) => fenToYuan(t?.spendFen ?? 0))}::text[], ${total((t) => t?.orders ?? 0)}::int[],
      ${total((t) => t?.lastOrderAt.toISOString() ?? null)}::text[]) as u(id, spend, n, last)`.execute(ctx.db);
  await sql`
    insert into customers (account_id, id, name, nickname, phone, email, province, city, source_platform, first_seen_at, last_seen_at)
    select ${ctx.accountId}, u.id, u.name, u.nickname, u.phone, u.email, u.province, u.city, u.platform, u.seen::timestamptz, u.seen::timestamptz
    from unnest(${ids}::text[], ${col((o) => o.buyer.name)}::text[], ${col((o) => o.buyer.platformBuyerId)}::text[],
      ${col((o) => o.buyer.phone)}::text[], ${col((o) => o.buyer.email)}::text[], ${col((o) => o.province)}::text[], ${col((o) => o.city)}::text[],
      ${col((o) => o.platform)}::text[], ${col((o) => o.placedAt.toISOString())}::text[])
      as u(id, name, nickname, phone, email, province, city, platform, seen)`.execute(ctx.db);
}

async function insertIdentities(ctx: Ctx, rows: NewIdentity[]) {
  if (rows.length === 0) return;
  await sql`
    insert into customer_identities (account_id, id, customer_id, kind, platform, value)
    select ${ctx.accountId}, u.id, u.customer_id, u.kind, u.platform, u.value
    from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.customer_id)}::text[], ${rows.map((r) => r.kind)}::text[],
      ${rows.map((r) => r.platform)}::text[], ${rows.map((r) => r.value)}::text[]) as u(id, customer_id, kind, platform, value)
    on conflict do nothing`.execute(ctx.db);
}
