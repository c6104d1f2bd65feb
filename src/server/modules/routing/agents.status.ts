import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { emitAll } from '../../platform/events.ts';
import { ensureAgentStates } from './agent-state.ts';
import type { AgentStatus } from './routing.tables.ts';

/** Emitted whenever who may take chats changes: status, capacity, teams, dedicated products. */
export const AGENTS_CHANGED = 'routing.agents_changed';

export type Member = { accountId: string; userId: string };

/**
 * The changes of status that happen by themselves, and the statuses each starts from. A person
 * (the agent, a supervisor) may set any status by hand; an 'offline' chosen by hand is kept when
 * the workspace opens, and 'away' set by hand is not ended by activity.
 */
export const AUTO_CHANGES = {
  /** The member's first workspace socket opened. */
  connected: { from: ['offline'], byHandKept: true, to: 'online' },
  /** Their last socket closed, on every node, and stayed closed for the grace period. */
  disconnected: { from: ['online', 'busy', 'away'], byHandKept: false, to: 'offline' },
  /** No activity for the account's auto_away_minutes. */
  idle: { from: ['online'], byHandKept: false, to: 'away' },
  /** Activity again after going away by inactivity. */
  active: { from: ['away'], byHandKept: true, to: 'online' },
} as const satisfies Record<string, { from: readonly AgentStatus[]; byHandKept: boolean; to: AgentStatus }>;

export type AutoChange = keyof typeof AUTO_CHANGES;

export async function emitAgentsChanged(db: Db, changed: Member[]): Promise<void> {
  const byAccount = new Map<string, Set<string>>();
  for (const m of changed) byAccount.set(m.accountId, (byAccount.get(m.accountId) ?? new Set()).add(m.userId));
  await emitAll(db, [...byAccount].map(([accountId, ids]) => ({ accountId, type: AGENTS_CHANGED, payload: { userIds: [...ids] } })));
}

function inTransaction<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Applies one automatic change to these members where it applies, and where `guard` (SQL over
 * agent_states `s`) holds; returns whom it changed. The rows are locked first and looked at again
 * in a statement of their own, so it sees every socket and status committed before the lock: a
 * socket opening on another node at the same moment is never lost.
 */
export async function applyAutoChange(db: Db, now: Date, change: AutoChange, members: Member[], guard?: RawBuilder<unknown>): Promise<Member[]> {
  if (members.length === 0) return [];
  const rule = AUTO_CHANGES[change];
  const pairs = sql.join(members.map((m) => sql`(${m.accountId}, ${m.userId})`));
  return inTransaction(db, async (db) => {
    await sql`select 1 from agent_states where (account_id, user_id) in (${pairs}) order by account_id, user_id for update`.execute(db);
    const { rows } = await sql<{ account_id: string; user_id: string }>`
      update agent_states s
         set status = ${rule.to}, status_source = 'auto', status_changed_at = ${now}, updated_at = ${now}
       where (s.account_id, s.user_id) in (${pairs})
         and s.status in (${sql.join([...rule.from])})
         ${rule.byHandKept ? sql`and s.status_source = 'auto'` : sql``}
         ${guard ? sql`and ${guard}` : sql``}
      returning s.account_id, s.user_id`.execute(db);
    const changed = rows.map((r) => ({ accountId: r.account_id, userId: r.user_id }));
    await emitAgentsChanged(db, changed);
    return changed;
  });
}

/** The agent or a supervisor sets the status by hand; returns whether anything changed. */
export async function setStatusByHand(db: Db, accountId: string, userId: string, status: AgentStatus, now: Date): Promise<boolean> {
  return inTransaction(db, async (db) => {
    await ensureAgentStates(db, accountId, [userId]);
    const result = await db
      .updateTable('agent_states')
      .set({
        status,
        status_source: 'manual',
        status_changed_at: sql<Date>`case when status = ${status} then status_changed_at else ${now}::timestamptz end`,
        updated_at: now,
      })
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('status', '<>', status), eb('status_source', '<>', 'manual')]))
      .executeTakeFirst();
    const changed = Number(result.numUpdatedRows) > 0;
    if (changed) await emitAgentsChanged(db, [{ accountId, userId }]);
    return changed;
  });
}

/** The agent did something in the workspace: the inactivity clock restarts, and auto-away ends. */
export async function recordActivity(db: Db, accountId: string, userId: string, now: Date): Promise<void> {
  await inTransaction(db, async (db) => {
    await ensureAgentStates(db, accountId, [userId]);
    await db.updateTable('agent_states').set({ last_activity_at: now }).where('account_id', '=', accountId).where('user_id', '=', userId).execute();
    await applyAutoChange(db, now, 'active', [{ accountId, userId }]);
  });
}
