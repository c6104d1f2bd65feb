import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { emit } from '../../platform/events.ts';
import type { Visitor } from './visitors.service.ts';

/**
 * The shopper has read the agents' messages up to an id (the widget reports it while the panel is
 * open). It never goes backwards; the workspace hears it and marks its replies 已读.
 */
export async function markReadByCustomer(db: Db, visitor: Visitor, upTo: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('conversations')
      .set({ customer_last_read_id: sql<number>`greatest(customer_last_read_id, ${upTo})` })
      .where('account_id', '=', visitor.accountId)
      .where('customer_id', '=', visitor.customerId)
      .where('inbox_id', '=', visitor.inboxId)
      .where('customer_last_read_id', '<', upTo)
      // Only a conversation that holds that message: an id from elsewhere marks nothing.
      .where('last_message_id', '>=', upTo)
      .where((eb) => eb.exists(eb.selectFrom('messages as m').select('m.id').where('m.account_id', '=', visitor.accountId).whereRef('m.conversation_id', '=', 'conversations.id').where('m.id', '=', upTo)))
      .returning('id')
      .execute();
    for (const c of changed) await emit({ db: trx, accountId: visitor.accountId }, 'conversation.updated', { conversationId: c.id });
  });
}

/** How far the agents have read this visitor's open conversations: the widget shows 已读 up to it. */
export async function agentReadUpTo(db: Db, visitor: Visitor): Promise<string> {
  const row = await db
    .selectFrom('conversations')
    .select(sql<string>`coalesce(max(agent_last_read_id), 0)`.as('upTo'))
    .where('account_id', '=', visitor.accountId)
    .where('customer_id', '=', visitor.customerId)
    .where('inbox_id', '=', visitor.inboxId)
    .executeTakeFirst();
  return String(row?.upTo ?? 0);
}
