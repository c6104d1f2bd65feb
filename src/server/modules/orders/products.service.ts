import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { money } from '../../platform/money.ts';
import { decodeCursor, encodeCursor } from './orders.queries.ts';
import type { ProductGroupsTable, ProductStatus, ProductsTable } from './orders.tables.ts';
import { fenToYuan, toFen } from './orders.normalize.ts';

/**
 * The catalogue: products (商品) by SKU and their nested groups (商品分组), which routing rules and
 * dedicated agents use, and which order lines are matched to by SKU.
 */
type GroupInput = { name?: string; parentId?: string | null; sort?: number };
type ProductInput = { sku?: string; name?: string; price?: string | number; groupId?: string | null; status?: ProductStatus };

export function presentProduct(p: Selectable<ProductsTable>) {
  return { id: p.id, groupId: p.group_id, sku: p.sku, name: p.name, price: money(p.price), status: p.status, createdAt: p.created_at.toISOString() };
}

/** Groups in tree order (each followed by its subgroups), with their depth. */
export async function listProductGroups(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('product_groups').selectAll().where('account_id', '=', ctx.accountId).orderBy('sort').orderBy('name').execute();
  const children = new Map<string | null, Selectable<ProductGroupsTable>[]>();
  for (const g of rows) children.set(g.parent_id, [...(children.get(g.parent_id) ?? []), g]);
  const out: Array<{ id: string; parentId: string | null; name: string; sort: number; depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const g of children.get(parent) ?? []) {
      out.push({ id: g.id, parentId: g.parent_id, name: g.name, sort: g.sort, depth });
      walk(g.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

async function subtreeOf(ctx: Ctx, groupId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with recursive d(id) as (
      select id from product_groups where account_id = ${ctx.accountId} and id = ${groupId}
      union all
      select g.id from product_groups g join d on g.parent_id = d.id where g.account_id = ${ctx.accountId})
    select id from d`.execute(ctx.db);
  return rows.rows.map((r) => r.id);
}

async function checkGroup(ctx: Ctx, groupId: string | null | undefined, movingId?: string): Promise<void> {
  if (!groupId) return;
  const found = await ctx.db.selectFrom('product_groups').select('id').where('account_id', '=', ctx.accountId).where('id', '=', groupId).executeTakeFirst();
  if (!found) throw new AppError('product_group_invalid', { field: movingId === undefined ? 'groupId' : 'parentId' });
  if (movingId && (await subtreeOf(ctx, movingId)).includes(groupId)) throw new AppError('product_group_invalid', { field: 'parentId' });
}

export async function createProductGroup(ctx: Ctx, input: GroupInput & { name: string }) {
  if (input.parentId) await checkGroup(ctx, input.parentId, '');
  const row = await ctx.db
    .insertInto('product_groups')
    .values({ id: newId('pgp'), account_id: ctx.accountId, name: input.name, parent_id: input.parentId ?? null, sort: input.sort ?? 0 })
    .returningAll()
    .executeTakeFirstOrThrow();
  return (await listProductGroups(ctx)).find((g) => g.id === row.id)!;
}

export async function updateProductGroup(ctx: Ctx, id: string, input: GroupInput) {
  return inTransaction(ctx, async (ctx) => {
    const before = await ctx.db.selectFrom('product_groups').select('id').where('account_id', '=', ctx.accountId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('product_group');
    if (input.parentId) await checkGroup(ctx, input.parentId, id);
    const changes = { ...(input.name !== undefined && { name: input.name }), ...(input.parentId !== undefined && { parent_id: input.parentId }), ...(input.sort !== undefined && { sort: input.sort }) };
    if (Object.keys(changes).length) await ctx.db.updateTable('product_groups').set(changes).where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    return (await listProductGroups(ctx)).find((g) => g.id === id)!;
  });
}

export async function listProducts(ctx: Ctx, query: { q?: string; groupId?: string; status?: ProductStatus; cursor?: string; limit: number }) {
  let q = ctx.db.selectFrom('products').selectAll().where('account_id', '=', ctx.accountId);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('sku', '=', query.q!), eb('name', 'ilike', like)]));
  }
  if (query.groupId) q = q.where('group_id', 'in', await subtreeOf(ctx, query.groupId).then((ids) => (ids.length ? ids : ['-'])));
  if (query.status) q = q.where('status', '=', query.status);
  if (query.cursor) {
    const { at, id } = decodeCursor(query.cursor);
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { items: page.map(presentProduct), nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null };
}

export async function findProduct(ctx: Ctx, id: string) {
  const p = await ctx.db.selectFrom('products').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound('product');
  return p;
}

const skuTaken = (err: unknown) => (err as { code?: string }).code === '23505';

export async function createProduct(ctx: Ctx, input: Required<Pick<ProductInput, 'sku' | 'name' | 'price'>> & ProductInput) {
  await checkGroup(ctx, input.groupId);
  const row = await ctx.db
    .insertInto('products')
    .values({ id: newId('prd'), account_id: ctx.accountId, sku: input.sku, name: input.name, price: fenToYuan(toFen(input.price)), group_id: input.groupId ?? null, status: input.status ?? 'active', attributes: '{}' })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((err) => {
      throw skuTaken(err) ? new AppError('product_sku_taken', { field: 'sku' }) : err;
    });
  return presentProduct(row);
}

export async function updateProduct(ctx: Ctx, id: string, input: ProductInput) {
  const before = await findProduct(ctx, id);
  await checkGroup(ctx, input.groupId);
  const changes = {
    ...(input.sku !== undefined && { sku: input.sku }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.price !== undefined && { price: fenToYuan(toFen(input.price)) }),
    ...(input.groupId !== undefined && { group_id: input.groupId }),
    ...(input.status !== undefined && { status: input.status }),
  };
  if (Object.keys(changes).length === 0) return presentProduct(before);
  const row = await ctx.db
    .updateTable('products')
    .set(changes)
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((err) => {
      throw skuTaken(err) ? new AppError('product_sku_taken', { field: 'sku' }) : err;
    });
  return presentProduct(row);
}
