import { sql } from 'kysely';
import { emitAll } from '../../platform/events.ts';
import { inRetriedTransaction, type Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { recordCustomerEvents, recountOrderAggregates, type CustomerEvent } from '../customers/index.ts';
import { resolveCustomers, writeNewCustomers } from './ingest-customers.ts';
import { addToCustomers, insertOrders, loadStoredOrders, orderKey, replaceItems, updateOrders, type AddedSpend, type OrderRow, type StoredOrder } from './ingest-writes.ts';
import { money } from '../../platform/money.ts';
import { fenToYuan, type NormalizedOrder } from './orders.normalize.ts';
import { canMove, eventsOfTransition, isPaid, STATUS_TIME, type OrderEventType } from './orders.status.ts';
import type { OrderPlatform, OrderStatus } from './orders.tables.ts';

/**
 * The one way orders come in (CSV import, REST API, shop-system webhook): a batch upserted on
 * (account, platform, platform order id) in one transaction. The same order sent twice changes
 * nothing; a real change of status emits its event (order.paid, order.refunded, order.closed) in the
 * transaction, records order.paid / order.refunded on the customer's timeline, and counts the
 * customer's spend again.
 */
export type IngestOutcome = 'created' | 'updated' | 'unchanged';
export type IngestedOrder = { platform: OrderPlatform; platformOrderId: string; orderId: string; customerId: string; outcome: IngestOutcome; status: OrderStatus; statusKept: boolean };
export type IngestResult = { created: number; updated: number; unchanged: number; customersCreated: number; orders: IngestedOrder[] };

type Planned = { row: OrderRow; stored: StoredOrder | null; outcome: IngestOutcome; statusKept: boolean };

const TIME_COLUMNS = ['paid_at', 'shipped_at', 'completed_at', 'refunded_at', 'closed_at'] as const;
const SOURCE_TIME = { paid_at: 'paidAt', shipped_at: 'shippedAt', completed_at: 'completedAt', refunded_at: 'refundedAt', closed_at: 'closedAt' } as const;

/** The last of each platform order id in the batch: a batch names an order once. */
function lastOfEach(orders: NormalizedOrder[]): NormalizedOrder[] {
  const byKey = new Map<string, NormalizedOrder>();
  for (const o of orders) {
    const key = orderKey(o.platform, o.platformOrderId);
    byKey.delete(key);
    byKey.set(key, o);
  }
  return [...byKey.values()];
}

/** Times of the row: the source's, else the stored ones; a status reached without its time gets `reachedAt`. */
function settleTimes(order: NormalizedOrder, stored: StoredOrder | null, status: OrderStatus, reachedAt: Date): OrderRow['times'] {
  const times = Object.fromEntries(TIME_COLUMNS.map((c) => [c, order[SOURCE_TIME[c]] ?? stored?.[c] ?? null])) as OrderRow['times'];
  if (status !== 'unpaid') times[STATUS_TIME[status]] ??= reachedAt;
  if (isPaid(status) || ((status === 'refunded' || status === 'closed') && stored && isPaid(stored.status))) times.paid_at ??= reachedAt;
  return times;
}

function plan(order: NormalizedOrder, stored: StoredOrder | null, customerId: string | undefined, now: Date): Planned {
  if (!stored) {
    const row = { id: newId('ord'), customerId: customerId!, order, status: order.status, times: settleTimes(order, null, order.status, order.placedAt) };
    return { row, stored, outcome: 'created', statusKept: false };
  }
  const statusKept = !canMove(stored.status, order.status);
  const status = statusKept ? stored.status : order.status;
  const row = { id: stored.id, customerId: stored.customer_id, order, status, times: settleTimes(order, stored, status, now) };
  return { row, stored, outcome: stored.ingest_hash === order.hash ? 'unchanged' : 'updated', statusKept };
}

type Emitted = { accountId: string; type: string; payload: Record<string, unknown> };

function eventsOf(ctx: Ctx, planned: Planned[]): { outbox: Emitted[]; timeline: CustomerEvent[] } {
  const outbox: Emitted[] = [];
  const timeline: CustomerEvent[] = [];
  for (const p of planned) {
    if (p.outcome === 'unchanged') continue;
    const { row } = p;
    for (const type of eventsOfTransition(p.stored?.status ?? null, row.status)) {
      const payload = { orderId: row.id, customerId: row.customerId, paidTotal: fenToYuan(row.order.paidTotalFen), platform: row.order.platform, platformOrderId: row.order.platformOrderId };
      outbox.push({ accountId: ctx.accountId, type, payload });
      if (type !== 'order.closed') timeline.push({ accountId: ctx.accountId, customerId: row.customerId, kind: type, data: payload, actorId: ctx.actor.id, occurredAt: occurredAt(type, row) });
    }
  }
  return { outbox, timeline };
}

function occurredAt(type: OrderEventType, row: OrderRow): Date {
  return (type === 'order.paid' ? row.times.paid_at : row.times.refunded_at) ?? row.order.placedAt;
}

/**
 * How the batch moves customers' spend, order count and last order. An order that becomes paid is
 * added (cheap, and what an import mostly does); a customer whose paid order leaves the paid
 * statuses, or changes its amount or time, is counted again from their orders.
 */
function aggregateChanges(planned: Planned[]): { added: AddedSpend[]; recount: string[] } {
  const recount = new Set<string>();
  const added = new Map<string, AddedSpend>();
  for (const { row, stored, outcome } of planned) {
    if (outcome === 'unchanged') continue;
    const wasPaid = isPaid(stored?.status);
    const nowPaid = isPaid(row.status);
    if (wasPaid && (!nowPaid || money(stored!.paid_total) !== fenToYuan(row.order.paidTotalFen) || stored!.placed_at.getTime() !== row.order.placedAt.getTime())) recount.add(row.customerId);
    if (wasPaid || !nowPaid) continue;
    const a = added.get(row.customerId) ?? { customerId: row.customerId, spendFen: 0, orders: 0, lastOrderAt: row.order.placedAt };
    a.spendFen += row.order.paidTotalFen;
    a.orders += 1;
    if (row.order.placedAt > a.lastOrderAt) a.lastOrderAt = row.order.placedAt;
    added.set(row.customerId, a);
  }
  return { added: [...added.values()].filter((a) => !recount.has(a.customerId)), recount: [...recount] };
}

/**
 * What a batch must hold alone while it runs: each of its orders, and each buyer key it may look
 * up or give a new customer (marketplace buyer id, phone, email). Two batches naming the same
 * order or the same new buyer take turns (one customer, one order); batches of different buyers
 * run side by side.
 */
function lockKeys(accountId: string, orders: NormalizedOrder[]): string[] {
  const keys = new Set<string>();
  for (const o of orders) {
    keys.add(`${accountId}|order|${orderKey(o.platform, o.platformOrderId)}`);
    if (o.buyer.platformBuyerId) keys.add(`${accountId}|buyer|${o.platform}|${o.buyer.platformBuyerId}`);
    if (o.buyer.phone) keys.add(`${accountId}|phone|${o.buyer.phone}`);
    if (o.buyer.email) keys.add(`${accountId}|email|${o.buyer.email}`);
  }
  return [...keys];
}

/** Takes the batch's keys as transaction advisory locks, in one order for every batch (no deadlock between them). */
async function lockBatch(ctx: Ctx, orders: NormalizedOrder[]): Promise<void> {
  await sql`select count(pg_advisory_xact_lock(h)) from (select distinct hashtextextended(k, 0) as h from unnest(${lockKeys(ctx.accountId, orders)}::text[]) as k order by h) x`.execute(ctx.db);
}

/**
 * Ingests a batch of orders (at most a few thousand) in one transaction, run again if PostgreSQL
 * picks it as a deadlock's victim (two batches of different buyers may still share a customer's row).
 */
export async function ingestOrders(ctx: Ctx, input: NormalizedOrder[]): Promise<IngestResult> {
  const orders = lastOfEach(input);
  if (orders.length === 0) return { created: 0, updated: 0, unchanged: 0, customersCreated: 0, orders: [] };
  return inRetriedTransaction(ctx, async (ctx) => {
    await lockBatch(ctx, orders);
    const now = ctx.clock.now();
    const stored = await loadStoredOrders(ctx, orders);
    const fresh = orders.filter((o) => !stored.has(orderKey(o.platform, o.platformOrderId)));
    const resolved = await resolveCustomers(ctx, fresh);
    const planned = orders.map((o) => plan(o, stored.get(orderKey(o.platform, o.platformOrderId)) ?? null, resolved.customerOf.get(o), now));
    const inserted = planned.filter((p) => p.outcome === 'created').map((p) => p.row);
    const changed = planned.filter((p) => p.outcome === 'updated').map((p) => p.row);
    const aggregates = aggregateChanges(planned);
    // New customers are written with their spend; those already stored have it added.
    const isNew = new Set(resolved.newCustomers.map((c) => c.id));
    const totals = new Map(aggregates.added.filter((a) => isNew.has(a.customerId)).map((a) => [a.customerId, a]));
    await writeNewCustomers(ctx, resolved, totals);
    await insertOrders(ctx, inserted, now);
    await updateOrders(ctx, changed, now);
    await replaceItems(ctx, [...inserted, ...changed], changed.map((r) => r.id));
    await addToCustomers(ctx, aggregates.added.filter((a) => !isNew.has(a.customerId)), now);
    await recountOrderAggregates(ctx, aggregates.recount);
    const { outbox, timeline } = eventsOf(ctx, planned);
    await emitAll(ctx.db, outbox);
    await recordCustomerEvents(ctx.db, timeline);
    return summarise(planned, resolved.newCustomers.length);
  });
}

function summarise(planned: Planned[], customersCreated: number): IngestResult {
  const count = (o: IngestOutcome) => planned.filter((p) => p.outcome === o).length;
  return {
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    customersCreated,
    orders: planned.map((p) => ({
      platform: p.row.order.platform,
      platformOrderId: p.row.order.platformOrderId,
      orderId: p.row.id,
      customerId: p.row.customerId,
      outcome: p.outcome,
      status: p.row.status,
      statusKept: p.statusKept,
    })),
  };
}
