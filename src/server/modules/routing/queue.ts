import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Publish } from '../../platform/events.ts';

/**
 * The queue as the shopper sees it: their place in their team's line (priority first, then waiting
 * time) and an estimated wait from how fast that team's line moved in the last ten minutes, or, with
 * no history yet, from a minute and a half a place spread over the team's online agents.
 */
export type QueuePosition = { position: number; etaSeconds: number | null };

const WINDOW_S = 600;
const SECONDS_A_PLACE_PER_AGENT = 90;

type Row = { id: string; team_id: string | null; position: number };

async function teamPace(db: Db, accountId: string, teamIds: Array<string | null>, now: Date): Promise<Map<string | null, { served: number; online: number }>> {
  const ids = teamIds.filter((t): t is string => t !== null);
  const out = new Map<string | null, { served: number; online: number }>(teamIds.map((t) => [t, { served: 0, online: 0 }]));
  if (ids.length === 0) return out;
  const since = new Date(now.getTime() - WINDOW_S * 1000);
  const [served, online] = await Promise.all([
    sql<{ team_id: string; n: number }>`
      select team_id, count(*)::int as n from routing_decisions
       where account_id = ${accountId} and team_id in (${sql.join(ids)}) and kind = 'assigned' and created_at >= ${since}
         and reason ->> 'fromQueue' = 'true'
       group by team_id`.execute(db),
    sql<{ team_id: string; n: number }>`
      select m.team_id, count(*)::int as n from team_members m
        join agent_states s on s.account_id = m.account_id and s.user_id = m.user_id and s.status = 'online'
       where m.account_id = ${accountId} and m.team_id in (${sql.join(ids)})
       group by m.team_id`.execute(db),
  ]);
  for (const r of served.rows) out.get(r.team_id)!.served = Number(r.n);
  for (const r of online.rows) out.get(r.team_id)!.online = Number(r.n);
  return out;
}

function eta(position: number, pace: { served: number; online: number } | undefined): number | null {
  if (!pace) return null;
  if (pace.served > 0) return Math.round((position * WINDOW_S) / pace.served);
  if (pace.online > 0) return Math.round((position * SECONDS_A_PLACE_PER_AGENT) / pace.online);
  return null;
}

async function positions(db: Db, accountId: string, conversationId?: string): Promise<Row[]> {
  const rows = await sql<Row>`
    select id, team_id, position from (
      select id, team_id, row_number() over (partition by team_id order by priority desc, queued_at, id)::int as position
        from conversations where account_id = ${accountId} and routing_state = 'queued' and status = 'open'
    ) q ${conversationId ? sql`where id = ${conversationId}` : sql``}`.execute(db);
  return rows.rows;
}

/** The shopper's place, or null when the conversation is not waiting in a queue. */
export async function queuePosition(db: Db, accountId: string, conversationId: string, now = new Date()): Promise<QueuePosition | null> {
  const [row] = await positions(db, accountId, conversationId);
  if (!row) return null;
  const pace = await teamPace(db, accountId, [row.team_id], now);
  return { position: row.position, etaSeconds: eta(row.position, pace.get(row.team_id)) };
}

const pending = new Map<string, { timer: NodeJS.Timeout; left: Set<string> }>();

/**
 * After the queue moved: every waiting shopper of the account hears their new place, and those who
 * left the queue hear null. Coalesced to once every half second per account, so a burst of
 * assignments sends one round of frames, not one per assignment.
 */
export function scheduleQueueBroadcast(db: Db, accountId: string, publish: Publish, now: Date, left: string[] = []): void {
  const current = pending.get(accountId);
  if (current) {
    for (const id of left) current.left.add(id);
    return;
  }
  const entry = { left: new Set(left), timer: setTimeout(() => void broadcast(), 500) };
  entry.timer.unref?.();
  pending.set(accountId, entry);
  async function broadcast() {
    pending.delete(accountId);
    try {
      const rows = await positions(db, accountId);
      const pace = await teamPace(db, accountId, [...new Set(rows.map((r) => r.team_id))], now);
      for (const r of rows) {
        publish({ accountId, channel: `conversation:${r.id}`, event: 'queue', data: { position: r.position, etaSeconds: eta(r.position, pace.get(r.team_id)) } });
      }
      for (const id of entry.left) publish({ accountId, channel: `conversation:${id}`, event: 'queue', data: { position: null, etaSeconds: null } });
    } catch {
      // The next change broadcasts again; a shopper's place is also sent when their widget reconnects.
    }
  }
}
