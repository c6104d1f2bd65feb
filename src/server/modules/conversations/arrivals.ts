import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * New conversations, handed over in the transaction that opens them with their first message, so a
 * chat is placed with an agent (or in a queue) in the same commit that stores it: no outbox hop
 * between a shopper's first words and their agent. Routing registers the handler; this module does
 * not know it. The outbox event conversation.created stays the backstop: whatever the handler could
 * not place here (it failed, or it was not registered) is routed after commit as before.
 */
export type ArrivalHandler = (trx: Db, accountId: string, conversationIds: string[], now: () => Date) => Promise<unknown>;

let handler: ArrivalHandler | null = null;
let failures = 0;

export function onConversationsArrived(fn: ArrivalHandler | null): void {
  handler = fn;
}

/** How many hand-overs failed and were left to the outbox (for the logs and tests). */
export const arrivalFailures = () => failures;

/**
 * Runs the handler inside the caller's transaction, each account under a savepoint: a failure is
 * rolled back to it and leaves the messages and the conversation stored, for the outbox to route.
 */
export async function conversationsArrived(trx: Db, byAccount: Map<string, string[]>, now: () => Date): Promise<void> {
  if (!handler || byAccount.size === 0) return;
  for (const [accountId, ids] of byAccount) {
    if (ids.length === 0) continue;
    await sql`savepoint conversations_arrived`.execute(trx);
    try {
      await handler(trx, accountId, ids, now);
      await sql`release savepoint conversations_arrived`.execute(trx);
    } catch {
      failures++;
      await sql`rollback to savepoint conversations_arrived`.execute(trx);
      await sql`release savepoint conversations_arrived`.execute(trx);
    }
  }
}
