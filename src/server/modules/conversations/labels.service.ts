import { sql } from 'kysely';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, defineErrors, notFound, registerNotFoundSubject } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { loadConversation } from './conversations.service.ts';

registerNotFoundSubject('label', { 'zh-CN': '该标签', en: 'The label' });

export const labelsErrors = defineErrors({
  label_name_taken: { status: 409, message: { 'zh-CN': '已有同名标签「{name}」', en: 'There is already a label named "{name}"' } },
  label_invalid: { status: 400, message: { 'zh-CN': '标签不存在，请刷新后重试', en: 'No such label; reload and try again' } },
});

export type LabelInput = { name: string; color?: string };

const DEFAULT_COLOR = '#1677ff';

function present(l: { id: string; name: string; color: string; created_at: Date; conversations?: number | string | null }) {
  return { id: l.id, name: l.name, color: l.color, conversations: Number(l.conversations ?? 0), createdAt: l.created_at.toISOString() };
}

export type Label = ReturnType<typeof present>;

function usage(ctx: Ctx) {
  return ctx.db
    .selectFrom('labels as l')
    .select(['l.id', 'l.name', 'l.color', 'l.created_at'])
    .select(sql<number>`(select count(*) from conversation_labels cl where cl.account_id = l.account_id and cl.label_id = l.id)`.as('conversations'))
    .where('l.account_id', '=', ctx.accountId);
}

export async function listLabels(ctx: Ctx): Promise<Label[]> {
  return (await usage(ctx).orderBy(sql`lower(l.name)`).execute()).map(present);
}

async function getLabel(ctx: Ctx, id: string): Promise<Label> {
  const row = await usage(ctx).where('l.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('label');
  return present(row);
}

function nameTaken(err: unknown, name: string | undefined): never {
  if ((err as { code?: string }).code === '23505') throw new AppError('label_name_taken', { field: 'name', vars: { name: name ?? '' } });
  throw err;
}

export async function createLabel(ctx: Ctx, input: LabelInput): Promise<Label> {
  const id = newId('lbl');
  try {
    await ctx.db.insertInto('labels').values({ id, account_id: ctx.accountId, name: input.name, color: input.color ?? DEFAULT_COLOR, created_at: ctx.clock.now() }).execute();
  } catch (err) {
    nameTaken(err, input.name);
  }
  return getLabel(ctx, id);
}

/** A renamed or recoloured label shows so on every conversation that carries it. */
export async function updateLabel(ctx: Ctx, id: string, input: Partial<LabelInput>): Promise<Label> {
  if (input.name !== undefined || input.color !== undefined) {
    let result;
    try {
      result = await ctx.db
        .updateTable('labels')
        .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.color !== undefined ? { color: input.color } : {}) })
        .where('account_id', '=', ctx.accountId)
        .where('id', '=', id)
        .executeTakeFirst();
    } catch (err) {
      nameTaken(err, input.name);
    }
    if (Number(result.numUpdatedRows) === 0) throw notFound('label');
  }
  return getLabel(ctx, id);
}

/** Takes the label off every conversation too (the foreign key cascades). */
export async function deleteLabel(ctx: Ctx, id: string): Promise<void> {
  const result = await ctx.db.deleteFrom('labels').where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('label');
}

async function checkLabels(ctx: Ctx, ids: string[]) {
  if (ids.length === 0) return;
  const found = await ctx.db.selectFrom('labels').select('id').where('account_id', '=', ctx.accountId).where('id', 'in', ids).execute();
  if (found.length !== ids.length) throw new AppError('label_invalid', { field: 'labelIds' });
}

async function changed(ctx: Ctx, conversationId: string) {
  await emit(ctx, 'conversation.updated', { conversationId });
  return loadConversation(ctx.db, ctx.accountId, conversationId);
}

/** The conversation carries exactly these labels afterwards. */
export async function setConversationLabels(ctx: Ctx, conversationId: string, labelIds: string[]) {
  const ids = [...new Set(labelIds)];
  return inTransaction(ctx, async (ctx) => {
    await loadConversation(ctx.db, ctx.accountId, conversationId);
    await checkLabels(ctx, ids);
    let remove = ctx.db.deleteFrom('conversation_labels').where('account_id', '=', ctx.accountId).where('conversation_id', '=', conversationId);
    if (ids.length) remove = remove.where('label_id', 'not in', ids);
    await remove.execute();
    if (ids.length) {
      await ctx.db
        .insertInto('conversation_labels')
        .values(ids.map((labelId) => ({ account_id: ctx.accountId, conversation_id: conversationId, label_id: labelId, created_at: ctx.clock.now() })))
        .onConflict((oc) => oc.columns(['conversation_id', 'label_id']).doNothing())
        .execute();
    }
    return changed(ctx, conversationId);
  });
}

export async function addConversationLabel(ctx: Ctx, conversationId: string, labelId: string) {
  return inTransaction(ctx, async (ctx) => {
    await loadConversation(ctx.db, ctx.accountId, conversationId);
    await checkLabels(ctx, [labelId]);
    await ctx.db
      .insertInto('conversation_labels')
      .values({ account_id: ctx.accountId, conversation_id: conversationId, label_id: labelId, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['conversation_id', 'label_id']).doNothing())
      .execute();
    return changed(ctx, conversationId);
  });
}

export async function removeConversationLabel(ctx: Ctx, conversationId: string, labelId: string) {
  return inTransaction(ctx, async (ctx) => {
    await loadConversation(ctx.db, ctx.accountId, conversationId);
    await ctx.db.deleteFrom('conversation_labels').where('account_id', '=', ctx.accountId).where('conversation_id', '=', conversationId).where('label_id', '=', labelId).execute();
    return changed(ctx, conversationId);
  });
}
