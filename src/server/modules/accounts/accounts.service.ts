import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { systemActor } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Locale } from '../../platform/locale.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from 'pino';
import { recordAudit } from './audit.service.ts';
import { createUser } from './users.service.ts';

export async function getAccount(ctx: Ctx) {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', ctx.accountId).executeTakeFirst();
  if (!account) throw notFound('account');
  return account;
}

export async function updateAccount(ctx: Ctx, input: { name?: string; locale?: Locale; timezone?: string }) {
  return ctx.db.transaction().execute(async (trx) => {
    const tctx = { ...ctx, db: trx };
    const before = await getAccount(tctx);
    const account = await trx
      .updateTable('accounts')
      .set({ ...input, updated_at: ctx.clock.now() })
      .where('id', '=', ctx.accountId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const changed = Object.fromEntries(
      Object.entries(input).filter(([k, v]) => v !== undefined && (before as Record<string, unknown>)[k] !== v).map(([k, v]) => [k, { from: (before as Record<string, unknown>)[k], to: v }]),
    );
    await recordAudit(tctx, 'account.updated', { type: 'account', id: account.id, label: account.name }, changed);
    return account;
  });
}

export type BootstrapInput = { accountName: string; email: string; password: string; name?: string; locale?: Locale };

/** Creates an account with its owner; used by the first start, `shopdesk create-admin` and tests. */
export async function createAccountWithOwner(deps: { db: Db; clock: Clock; log: Logger }, input: BootstrapInput) {
  return deps.db.transaction().execute(async (trx) => {
    const accountId = newId('acc');
    await trx.insertInto('accounts').values({ id: accountId, name: input.accountName, locale: input.locale ?? 'zh-CN', settings: '{}' }).execute();
    const ctx: Ctx = { accountId, actor: systemActor('setup'), db: trx, clock: deps.clock, log: deps.log, locale: input.locale ?? 'zh-CN' };
    await recordAudit(ctx, 'account.created', { type: 'account', id: accountId, label: input.accountName });
    const user = await createUser(ctx, {
      email: input.email,
      password: input.password,
      name: input.name ?? input.email.split('@')[0],
      role: 'owner',
      locale: input.locale,
    });
    return { accountId, user };
  });
}

export async function countAccounts(db: Db): Promise<number> {
  const row = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
