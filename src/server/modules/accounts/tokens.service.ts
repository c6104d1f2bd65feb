import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { recordAudit } from './audit.service.ts';
import { sha256 } from './password.ts';
import type { Role } from './permissions.ts';
import { checkRoleGrant } from './users.service.ts';

export const TOKEN_PREFIX = 'sdk_';

export async function createApiToken(ctx: Ctx, input: { name: string; role: Role; expiresInDays?: number }) {
  checkRoleGrant(ctx, input.role, null);
  return inTransaction(ctx, async (ctx) => {
    const secret = TOKEN_PREFIX + newSecret(32);
    const now = ctx.clock.now();
    const token = await ctx.db
      .insertInto('api_tokens')
      .values({
        id: newId('tok'),
        account_id: ctx.accountId,
        name: input.name.trim(),
        role: input.role,
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        token_hash: sha256(secret),
        created_by: ctx.actor.id,
        expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, 'token.created', { type: 'api_token', id: token.id, label: token.name }, { role: token.role, expiresAt: token.expires_at });
    return { token, secret };
  });
}

export async function listApiTokens(ctx: Ctx) {
  return ctx.db
    .selectFrom('api_tokens')
    .leftJoin('users', (j) => j.onRef('users.id', '=', 'api_tokens.created_by').onRef('users.account_id', '=', 'api_tokens.account_id'))
    .selectAll('api_tokens')
    .select('users.name as creator_name')
    .where('api_tokens.account_id', '=', ctx.accountId)
    .orderBy('api_tokens.created_at', 'desc')
    .execute();
}

export async function revokeApiToken(ctx: Ctx, id: string) {
  await inTransaction(ctx, async (ctx) => {
    const token = await ctx.db
      .updateTable('api_tokens')
      .set({ revoked_at: ctx.clock.now() })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!token) throw notFound('api_token');
    await recordAudit(ctx, 'token.revoked', { type: 'api_token', id, label: token.name });
  });
}

export async function resolveApiToken(db: Db, secret: string, now: Date) {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const token = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(secret)).executeTakeFirst();
  if (!token || token.revoked_at || (token.expires_at && token.expires_at <= now)) return undefined;
  if (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token.id).execute();
  }
  return token;
}
