import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Makes sure each member has an agent_states row. A new row starts with the load it has now (open
 * conversations already assigned to the member by hand), so the trigger-kept counter is right from
 * its first moment; an existing row is left alone.
 */
export async function ensureAgentStates(db: Db, accountId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await sql`
    insert into agent_states (account_id, user_id, load, channel_load)
    select u.account_id, u.id,
           coalesce((select count(*) from conversations c where c.account_id = u.account_id and c.assignee_id = u.id and c.status = 'open'), 0),
           coalesce((select jsonb_object_agg(channel, n) from (
             select c.channel, count(*) as n from conversations c
              where c.account_id = u.account_id and c.assignee_id = u.id and c.status = 'open' group by c.channel) per), '{}'::jsonb)
      from users u
     where u.account_id = ${accountId} and u.id in (${sql.join(userIds)})
    on conflict (account_id, user_id) do nothing`.execute(db);
}
