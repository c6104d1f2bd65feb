import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { ROLES, can } from '../accounts/index.ts';

const ONLINE_WINDOW_MS = 10 * 60_000;

/**
 * Whether someone can answer a shopper now: a member who may reply has an open workspace
 * (its socket keeps the session's last_seen_at fresh). Agent status arrives with routing.
 */
export async function agentsAvailable(db: Db, accountId: string, now: Date): Promise<boolean> {
  const replyRoles = ROLES.filter((r) => can(r, 'conversations.reply'));
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', (j) => j.onRef('users.id', '=', 'sessions.user_id').onRef('users.account_id', '=', 'sessions.account_id'))
    .select(sql<number>`count(*)`.as('n'))
    .where('sessions.account_id', '=', accountId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.last_seen_at', '>', new Date(now.getTime() - ONLINE_WINDOW_MS))
    .where('users.status', '=', 'active')
    .where('users.role', 'in', replyRoles)
    .executeTakeFirstOrThrow();
  return Number(row.n) > 0;
}
