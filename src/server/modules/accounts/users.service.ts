import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Locale } from '../../platform/locale.ts';
import { emit } from '../../platform/events.ts';
import { recordAudit } from './audit.service.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password.ts';
import { assignableRoles, type Role, type Specialisation } from './permissions.ts';
import type { UserStatus } from './accounts.tables.ts';

export function checkPasswordStrength(password: string, email: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.toLowerCase() === email.toLowerCase()) {
    throw new AppError('weak_password', { field, vars: { min: MIN_PASSWORD_LENGTH } });
  }
}

export function checkRoleGrant(ctx: Ctx, role: Role, specialisation: Specialisation | null | undefined, field = 'role'): void {
  if (!assignableRoles(ctx.actor.role).includes(role)) throw new AppError('role_not_assignable', { field });
  if (specialisation && role !== 'agent') throw new AppError('specialisation_needs_agent', { field: 'specialisation' });
}

export async function emailInUse(ctx: Ctx, email: string): Promise<boolean> {
  // Emails are unique across the installation, so this is the one lookup not scoped by account.
  const row = await ctx.db.selectFrom('users').select('id').where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return Boolean(row);
}

export type CreateUserInput = {
  email: string;
  password: string;
  name: string;
  role: Role;
  specialisation?: Specialisation | null;
  displayName?: string | null;
  nickname?: string | null;
  locale?: Locale;
};

export async function createUser(ctx: Ctx, input: CreateUserInput) {
  checkPasswordStrength(input.password, input.email);
  if (await emailInUse(ctx, input.email)) throw new AppError('email_taken', { field: 'email' });
  const now = ctx.clock.now();
  const user = await ctx.db
    .insertInto('users')
    .values({
      id: newId('usr'),
      account_id: ctx.accountId,
      email: input.email.trim(),
      name: input.name.trim(),
      display_name: input.displayName ?? null,
      nickname: input.nickname ?? null,
      role: input.role,
      specialisation: input.role === 'agent' ? input.specialisation ?? null : null,
      locale: input.locale ?? 'zh-CN',
      password_hash: await hashPassword(input.password),
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, 'user.created', { type: 'user', id: user.id, label: user.name }, { email: user.email, role: user.role });
  return user;
}

export type UserFilter = { q?: string; role?: Role; status?: UserStatus };

export async function listUsers(ctx: Ctx, filter: UserFilter) {
  let query = ctx.db.selectFrom('users').selectAll().where('account_id', '=', ctx.accountId);
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('email', 'ilike', like), eb('display_name', 'ilike', like), eb('nickname', 'ilike', like)]));
  }
  return query.orderBy('created_at', 'asc').orderBy('id').execute();
}

export async function getUser(ctx: Ctx, id: string) {
  const user = await ctx.db.selectFrom('users').selectAll().where('account_id', '=', ctx.accountId).where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('user');
  return user;
}

export type UpdateUserInput = {
  name?: string;
  displayName?: string | null;
  nickname?: string | null;
  role?: Role;
  specialisation?: Specialisation | null;
};

export async function updateUser(ctx: Ctx, id: string, input: UpdateUserInput) {
  return inTransaction(ctx, async (ctx) => {
    const before = await getUser(ctx, id);
    const role = input.role ?? before.role;
    if (input.role && input.role !== before.role) {
      if (before.id === ctx.actor.id) throw new AppError('cannot_change_self', { field: 'role' });
      if (before.role === 'owner') throw new AppError('owner_protected', { field: 'role' });
      checkRoleGrant(ctx, input.role, input.specialisation);
    }
    if (input.specialisation && role !== 'agent') throw new AppError('specialisation_needs_agent', { field: 'specialisation' });
    const specialisation = role === 'agent' ? (input.specialisation !== undefined ? input.specialisation : before.specialisation) : null;
    const user = await ctx.db
      .updateTable('users')
      .set({
        name: input.name ?? before.name,
        display_name: input.displayName !== undefined ? input.displayName : before.display_name,
        nickname: input.nickname !== undefined ? input.nickname : before.nickname,
        role,
        specialisation,
        updated_at: ctx.clock.now(),
      })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const target = { type: 'user', id, label: user.name };
    if (role !== before.role) await recordAudit(ctx, 'user.role_changed', target, { from: before.role, to: role });
    const changed: Record<string, unknown> = {};
    for (const [key, col] of [['name', 'name'], ['displayName', 'display_name'], ['nickname', 'nickname'], ['specialisation', 'specialisation']] as const) {
      if (before[col] !== user[col]) changed[key] = { from: before[col], to: user[col] };
    }
    if (Object.keys(changed).length) await recordAudit(ctx, 'user.updated', target, changed);
    await emit(ctx, 'user.updated', { userId: id, role: user.role, name: user.name, displayName: user.display_name, nickname: user.nickname, specialisation: user.specialisation });
    return user;
  });
}

export async function setUserStatus(ctx: Ctx, id: string, status: UserStatus) {
  return inTransaction(ctx, async (ctx) => {
    const before = await getUser(ctx, id);
    if (status === 'deactivated') {
      if (before.id === ctx.actor.id) throw new AppError('cannot_change_self');
      if (before.role === 'owner') throw new AppError('owner_protected');
    }
    if (before.status === status) return before;
    const user = await ctx.db
      .updateTable('users')
      .set({ status, updated_at: ctx.clock.now() })
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (status === 'deactivated') {
      // A deactivated user is signed out everywhere at once.
      await ctx.db.updateTable('sessions').set({ revoked_at: ctx.clock.now() }).where('account_id', '=', ctx.accountId).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    }
    await recordAudit(ctx, status === 'deactivated' ? 'user.deactivated' : 'user.reactivated', { type: 'user', id, label: user.name });
    await emit(ctx, 'user.status_changed', { userId: id, status });
    return user;
  });
}

export async function updateOwnProfile(ctx: Ctx, userId: string, input: { name?: string; nickname?: string | null; locale?: Locale }) {
  return ctx.db
    .updateTable('users')
    .set({ ...input, updated_at: ctx.clock.now() })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
