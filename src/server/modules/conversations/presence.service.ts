import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { ROLES, can } from '../accounts/index.ts';

const ONLINE_WINDOW_MS = 10 * 60_000;

/**
 * Whether someone can answer a shopper now. Once members have an agent status (routing), an agent
 * set to online (在线) is what counts: busy, away and offline agents take no new chats. Before that,
 * a member who may reply with an open workspace (its socket keeps the session's last_seen_at fresh).
 */
export async function agentsAvailable(db: Db, accountId: string, now: Date): Promise<boolean> {
  const states = await db
    .selectFrom('agent_states')
    .select([sql<number>`count(*)`.as('n'), sql<number>`count(*) filter (where status = 'online')`.as('online')])
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  if (Number(states.n) > 0) return Number(states.online) > 0;
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
