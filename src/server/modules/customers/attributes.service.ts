import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type * as C from '../../../contracts/customers.ts';
import type { Db } from '../../db/database.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { recordAudit } from '../accounts/index.ts';
import { optionsFitType } from './attributes.validate.ts';
import type { CustomerAttributeDefinitionsTable } from './customers.tables.ts';

export type AttributeDefinition = z.infer<typeof C.AttributeDefinition>;
type DefinitionInput = z.infer<typeof C.AttributeDefinitionBody>;
type DefinitionPatch = z.infer<typeof C.AttributeDefinitionPatch>;
type Row = Selectable<CustomerAttributeDefinitionsTable>;

function optionsOf(row: Row): string[] {
  return (typeof row.options === 'string' ? JSON.parse(row.options) : row.options) as string[];
}

function present(row: Row): AttributeDefinition {
  return { id: row.id, key: row.key, label: row.label, type: row.type, options: optionsOf(row), sort: row.sort, createdAt: row.created_at.toISOString() };
}

/** The account's attribute definitions in display order. */
export async function loadAttributeDefinitions(db: Db, accountId: string): Promise<AttributeDefinition[]> {
  const rows = await db.selectFrom('customer_attribute_definitions').selectAll().where('account_id', '=', accountId).orderBy('sort').orderBy('created_at').orderBy('id').execute();
  return rows.map(present);
}

export async function listAttributeDefinitions(ctx: Ctx): Promise<AttributeDefinition[]> {
  return loadAttributeDefinitions(ctx.db, ctx.accountId);
}

async function findDefinition(ctx: Ctx, id: string): Promise<Row> {
  const row = await ctx.db.selectFrom('customer_attribute_definitions').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('customer_attribute');
  return row;
}

function keyTaken(err: unknown): never {
  if ((err as { code?: string }).code === '23505') throw new AppError('attribute_key_taken', { field: 'key' });
  throw err;
}

export async function createAttributeDefinition(ctx: Ctx, input: DefinitionInput): Promise<AttributeDefinition> {
  if (!optionsFitType(input.type, input.options)) throw new AppError('attribute_options_invalid', { field: 'options' });
  return inTransaction(ctx, async (ctx) => {
    const id = newId('cad');
    const now = ctx.clock.now();
    try {
      await ctx.db
        .insertInto('customer_attribute_definitions')
        .values({ id, account_id: ctx.accountId, key: input.key, label: input.label, type: input.type, options: JSON.stringify(input.options), sort: input.sort, created_at: now, updated_at: now })
        .execute();
    } catch (err) {
      keyTaken(err);
    }
    await recordAudit(ctx, 'customer_attribute.created', { type: 'customer_attribute', id, label: input.label }, { key: input.key, type: input.type, options: input.options });
    return present(await findDefinition(ctx, id));
  });
}

/**
 * Relabels, reorders or changes the options of a definition. Key and type stay: stored values are
 * keyed and shaped by them. An option taken away stays on the customers who have it until edited.
 */
export async function updateAttributeDefinition(ctx: Ctx, id: string, patch: DefinitionPatch): Promise<AttributeDefinition> {
  return inTransaction(ctx, async (ctx) => {
    const before = await findDefinition(ctx, id);
    if (patch.options && !optionsFitType(before.type, patch.options)) throw new AppError('attribute_options_invalid', { field: 'options' });
    await ctx.db
      .updateTable('customer_attribute_definitions')
      .set({
        ...(patch.label !== undefined ? { label: patch.label } : {}),
        ...(patch.options !== undefined ? { options: JSON.stringify(patch.options) } : {}),
        ...(patch.sort !== undefined ? { sort: patch.sort } : {}),
        updated_at: ctx.clock.now(),
      })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .execute();
    await recordAudit(ctx, 'customer_attribute.updated', { type: 'customer_attribute', id, label: patch.label ?? before.label }, { ...patch });
    return present(await findDefinition(ctx, id));
  });
}

/** Deletes a definition and removes its values from every customer of the account. */
export async function deleteAttributeDefinition(ctx: Ctx, id: string): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const def = await findDefinition(ctx, id);
    await ctx.db.deleteFrom('customer_attribute_definitions').where('account_id', '=', ctx.accountId).where('id', '=', id).execute();
    await sql`update customers set attributes = attributes - ${def.key}::text where account_id = ${ctx.accountId} and jsonb_exists(attributes, ${def.key}::text)`.execute(ctx.db);
    await recordAudit(ctx, 'customer_attribute.deleted', { type: 'customer_attribute', id, label: def.label }, { key: def.key });
  });
}
