import type { Ctx } from '../../platform/context.ts';
import { inTransaction, systemActor } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import type { Db } from '../../db/database.ts';
import { emit } from '../../platform/events.ts';
import { recordAudit } from './audit.service.ts';
import { sha256 } from './password.ts';
import type { Role, Specialisation } from './permissions.ts';
import { checkRoleGrant, createUser, emailInUse } from './users.service.ts';

const INVITATION_DAYS = 7;

export type InviteInput = { email: string; role: Role; specialisation?: Specialisation | null; name?: string | null };

export async function inviteUser(ctx: Ctx, input: InviteInput) {
  checkRoleGrant(ctx, input.role, input.specialisation);
  return inTransaction(ctx, async (ctx) => {
    if (await emailInUse(ctx, input.email)) throw new AppError('email_taken', { field: 'email' });
    const now = ctx.clock.now();
    const pending = await ctx.db
      .selectFrom('invitations')
      .select('id')
      .where('account_id', '=', ctx.accountId)
      .where((eb) => eb.fn('lower', ['email']), '=', input.email.toLowerCase())
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (pending) throw new AppError('invitation_pending', { field: 'email' });
    const token = newSecret(24);
    const invitation = await ctx.db
      .insertInto('invitations')
      .values({
        id: newId('inv'),
        account_id: ctx.accountId,
        email: input.email.trim(),
        name: input.name ?? null,
        role: input.role,
        specialisation: input.role === 'agent' ? input.specialisation ?? null : null,
        token_hash: sha256(token),
        invited_by: ctx.actor.id,
        expires_at: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(ctx, 'user.invited', { type: 'invitation', id: invitation.id, label: invitation.email }, { email: invitation.email, role: invitation.role });
    await emit(ctx, 'user.invited', { invitationId: invitation.id, email: invitation.email, role: invitation.role });
    return { invitation, token };
  });
}

export async function listPendingInvitations(ctx: Ctx) {
  return ctx.db
    .selectFrom('invitations')
    .leftJoin('users as inviter', (j) => j.onRef('inviter.id', '=', 'invitations.invited_by').onRef('inviter.account_id', '=', 'invitations.account_id'))
    .selectAll('invitations')
    .select(['inviter.name as inviter_name'])
    .where('invitations.account_id', '=', ctx.accountId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', ctx.clock.now())
    .orderBy('invitations.created_at', 'desc')
    .execute();
}

export async function revokeInvitation(ctx: Ctx, id: string) {
  await inTransaction(ctx, async (ctx) => {
    const inv = await ctx.db
      .updateTable('invitations')
      .set({ revoked_at: ctx.clock.now() })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!inv) throw notFound('invitation');
    await recordAudit(ctx, 'invitation.revoked', { type: 'invitation', id, label: inv.email });
  });
}

/** Looks an invitation up by the secret in its link; the link is the only key, so no account is known yet. */
export async function findInvitationByToken(db: Db, token: string, now: Date) {
  const row = await db
    .selectFrom('invitations')
    .innerJoin('accounts', 'accounts.id', 'invitations.account_id')
    .selectAll('invitations')
    .select('accounts.name as account_name')
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.accepted_at || row.revoked_at || row.expires_at <= now) throw new AppError('invitation_invalid');
  return row;
}

export async function acceptInvitation(deps: Omit<Ctx, 'accountId' | 'actor'>, input: { token: string; name: string; password: string }) {
  return deps.db.transaction().execute(async (trx) => {
    const inv = await findInvitationByToken(trx, input.token, deps.clock.now());
    const ctx: Ctx = { ...deps, db: trx, accountId: inv.account_id, actor: systemActor('invitation') };
    const user = await createUser(ctx, {
      email: inv.email,
      password: input.password,
      name: input.name,
      role: inv.role,
      specialisation: inv.specialisation,
      locale: deps.locale,
    });
    const claimed = await trx
      .updateTable('invitations')
      .set({ accepted_at: deps.clock.now(), accepted_user_id: user.id })
      .where('id', '=', inv.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('invitation_invalid');
    await recordAudit({ ...ctx, actor: { type: 'user', id: user.id, name: user.name, role: user.role } }, 'invitation.accepted', { type: 'user', id: user.id, label: user.name }, { invitationId: inv.id });
    return user;
  });
}
