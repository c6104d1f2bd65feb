import { sql } from 'kysely';
import type { z } from 'zod';
import type * as R from '../../../contracts/routing.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { recordAudit } from '../accounts/index.ts';
import { ensureAgentStates } from './agent-state.ts';
import { emitAgentsChanged } from './agents.status.ts';
import { AGENT_ROLES, assertAgents, byName, inTreeOrder, memberName } from './members.ts';

export type ProductRouting = z.infer<typeof R.ProductRouting>;
export type ProductRoutingQuery = z.infer<typeof R.ProductRoutingQuery>;
export type ProductGroup = z.infer<typeof R.ProductGroup>;

/** The group and every group under it (a loop of parents ends the walk instead of running forever). */
const groupAndBelow = (accountId: string, groupId: string) => sql`(
  with recursive d(id) as (
    select id from product_groups where account_id = ${accountId} and id = ${groupId}
    union
    select g.id from product_groups g join d on g.parent_id = d.id where g.account_id = ${accountId})
  select id from d)`;

/** A dedicated agent counts while they are an active member who answers customers. */
const hasAgents = (accountId: string) => sql<boolean>`exists (
  select 1 from product_agents pa join users u on u.account_id = pa.account_id and u.id = pa.user_id
   where pa.account_id = ${accountId} and pa.product_id = p.id and u.status = 'active' and u.role in (${sql.join(AGENT_ROLES)}))`;

async function agentsOf(db: Db, accountId: string, productIds: string[]) {
  const out = new Map<string, ProductRouting['agents']>();
  if (productIds.length === 0) return out;
  const rows = await db
    .selectFrom('product_agents as pa')
    .innerJoin('users as u', (j) => j.onRef('u.account_id', '=', 'pa.account_id').onRef('u.id', '=', 'pa.user_id'))
    .select(['pa.product_id', 'u.id', 'u.name', 'u.display_name'])
    .where('pa.account_id', '=', accountId)
    .where('pa.product_id', 'in', productIds)
    .where('u.status', '=', 'active')
    .where('u.role', 'in', AGENT_ROLES)
    .execute();
  for (const r of rows) out.set(r.product_id, [...(out.get(r.product_id) ?? []), { userId: r.id, name: memberName(r) }]);
  for (const list of out.values()) list.sort((a, b) => byName(a.name, b.name) || (a.userId < b.userId ? -1 : 1));
  return out;
}

function productsQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('products as p')
    .leftJoin('product_groups as g', (j) => j.onRef('g.account_id', '=', 'p.account_id').onRef('g.id', '=', 'p.group_id'))
    .where('p.account_id', '=', ctx.accountId);
}

const escapeLike = (s: string) => s.replace(/[%_\\]/g, (c) => `\\${c}`);

/** Products with their dedicated agents: by sku or name, by group (with its subgroups), bound or not. */
export async function listProductRouting(ctx: Ctx, q: ProductRoutingQuery): Promise<{ items: ProductRouting[]; total: number }> {
  let query = productsQuery(ctx);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    query = query.where((eb) => eb.or([eb('p.sku', 'ilike', like), eb('p.name', 'ilike', like)]));
  }
  if (q.groupId) query = query.where(sql<boolean>`p.group_id in ${groupAndBelow(ctx.accountId, q.groupId)}`);
  if (q.bound === 'true') query = query.where(hasAgents(ctx.accountId));
  if (q.bound === 'false') query = query.where(sql<boolean>`not ${hasAgents(ctx.accountId)}`);
  const total = await query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['p.id', 'p.sku', 'p.name', 'p.group_id', 'g.name as group_name'])
    .orderBy('p.sku')
    .orderBy('p.id')
    .offset(q.offset)
    .limit(q.limit)
    .execute();
  const agents = await agentsOf(ctx.db, ctx.accountId, rows.map((r) => r.id));
  return {
    items: rows.map((r) => ({ id: r.id, sku: r.sku, name: r.name, groupId: r.group_id, groupName: r.group_name, agents: agents.get(r.id) ?? [] })),
    total: Number(total.n),
  };
}

async function getProductRouting(ctx: Ctx, id: string): Promise<ProductRouting> {
  const row = await productsQuery(ctx).select(['p.id', 'p.sku', 'p.name', 'p.group_id', 'g.name as group_name']).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('product');
  const agents = await agentsOf(ctx.db, ctx.accountId, [id]);
  return { id: row.id, sku: row.sku, name: row.name, groupId: row.group_id, groupName: row.group_name, agents: agents.get(id) ?? [] };
}

/** The whole set of the product's dedicated agents (seed 001: each visa product has its specialists). */
export async function setProductAgents(ctx: Ctx, productId: string, userIds: string[]): Promise<ProductRouting> {
  return inTransaction(ctx, async (ctx) => {
    const product = await ctx.db.selectFrom('products').select(['id', 'sku', 'name']).where('account_id', '=', ctx.accountId).where('id', '=', productId).executeTakeFirst();
    if (!product) throw notFound('product');
    const ids = [...new Set(userIds)];
    await assertAgents(ctx.db, ctx.accountId, ids, 'userIds');
    const before = (await ctx.db.selectFrom('product_agents').select('user_id').where('account_id', '=', ctx.accountId).where('product_id', '=', productId).execute()).map((r) => r.user_id);
    const leaving = before.filter((u) => !ids.includes(u));
    const joining = ids.filter((u) => !before.includes(u));
    if (leaving.length) await ctx.db.deleteFrom('product_agents').where('account_id', '=', ctx.accountId).where('product_id', '=', productId).where('user_id', 'in', leaving).execute();
    if (joining.length) {
      await ensureAgentStates(ctx.db, ctx.accountId, joining);
      await ctx.db
        .insertInto('product_agents')
        .values(joining.map((userId) => ({ account_id: ctx.accountId, product_id: productId, user_id: userId, created_at: ctx.clock.now() })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (leaving.length || joining.length) {
      await recordAudit(ctx, 'routing.product_agents_changed', { type: 'product', id: productId, label: `${product.sku} ${product.name}` }, { added: joining, removed: leaving });
      await emitAgentsChanged(ctx.db, [...leaving, ...joining].map((userId) => ({ accountId: ctx.accountId, userId })));
    }
    return getProductRouting(ctx, productId);
  });
}

/** The product groups in tree order, each with how many products it holds with its subgroups. */
export async function listProductGroups(ctx: Ctx): Promise<ProductGroup[]> {
  const groups = await ctx.db.selectFrom('product_groups').select(['id', 'name', 'parent_id', 'sort']).where('account_id', '=', ctx.accountId).execute();
  const { rows: counts } = await sql<{ root: string; n: number }>`
    with recursive tree(root, id) as (
      select id, id from product_groups where account_id = ${ctx.accountId}
      union
      select tree.root, g.id from product_groups g join tree on g.parent_id = tree.id where g.account_id = ${ctx.accountId})
    select tree.root, count(p.id) as n from tree join products p on p.account_id = ${ctx.accountId} and p.group_id = tree.id group by tree.root`.execute(ctx.db);
  const count = new Map(counts.map((c) => [c.root, Number(c.n)]));
  return inTreeOrder(groups).map((g) => ({ id: g.id, name: g.name, parentId: g.parent_id, products: count.get(g.id) ?? 0 }));
}
