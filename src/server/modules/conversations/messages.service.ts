import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { emit } from '../../platform/events.ts';
import { notFound } from '../../platform/errors.ts';
import { presentMessage, type Message } from './conversations.presenters.ts';
import type { AttachmentRef, MessageKind, SenderType } from './conversations.tables.ts';

export type AppendInput = {
  accountId: string;
  conversationId: string;
  senderType: SenderType;
  senderId: string | null;
  senderName: string | null;
  kind?: MessageKind;
  body: string;
  clientId?: string | null;
  /** The id the source gave the message (`email:<Message-ID>`, `api:<inbox>:<id>`): stored once per account. */
  sourceId?: string | null;
  /** Files already uploaded to this conversation (attachments rows); they are linked to the new message. */
  attachments?: AttachmentRef[];
  meta?: Record<string, unknown>;
  now: Date;
};

const PREVIEW_LENGTH = 120;

/**
 * Stores one message durably and updates its conversation, in one transaction. The conversation
 * row is locked first, so messages of one conversation get ids in commit order; a retry with the
 * same client id returns the stored message instead of a copy.
 */
export async function appendMessage(db: Db, input: AppendInput): Promise<{ message: Message; duplicate: boolean }> {
  const run = async (trx: Db) => {
    const conv = await trx
      .selectFrom('conversations')
      .select(['id', 'status', 'waiting_since', 'first_reply_at'])
      .where('account_id', '=', input.accountId)
      .where('id', '=', input.conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!conv) throw notFound('conversation');
    if (input.clientId) {
      const existing = await trx
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', input.conversationId)
        .where('sender_type', '=', input.senderType)
        .where('client_id', '=', input.clientId)
        .executeTakeFirst();
      if (existing) return { message: presentMessage(existing), duplicate: true };
    }
    if (input.sourceId) {
      const existing = await trx.selectFrom('messages').selectAll().where('account_id', '=', input.accountId).where('source_id', '=', input.sourceId).executeTakeFirst();
      if (existing) return { message: presentMessage(existing), duplicate: true };
    }
    const kind = input.kind ?? 'text';
    const row = await trx
      .insertInto('messages')
      .values({
        account_id: input.accountId,
        conversation_id: input.conversationId,
        sender_type: input.senderType,
        sender_id: input.senderId,
        sender_name: input.senderName,
        kind,
        body: input.body,
        client_id: input.clientId ?? null,
        source_id: input.sourceId ?? null,
        attachments: JSON.stringify(input.attachments ?? []),
        meta: JSON.stringify(input.meta ?? {}),
        created_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.attachments?.length) {
      await trx
        .updateTable('attachments')
        .set({ message_id: row.id })
        .where('account_id', '=', input.accountId)
        .where('conversation_id', '=', input.conversationId)
        .where('id', 'in', input.attachments.map((a) => a.id))
        .execute();
    }
    const fromCustomer = input.senderType === 'customer';
    const publicReply = !fromCustomer && kind === 'text';
    await trx
      .updateTable('conversations')
      .set((eb) => ({
        updated_at: input.now,
        ...(kind !== 'note' ? { last_message_id: row.id, last_message_at: input.now, last_message_preview: input.body.slice(0, PREVIEW_LENGTH) } : {}),
        ...(fromCustomer
          ? { unread_count: eb('unread_count', '+', 1), waiting_since: conv.waiting_since ?? input.now, ...(conv.status === 'resolved' ? { status: 'open' as const, resolved_at: null } : {}) }
          : {}),
        // The first agent to answer an unassigned conversation takes it, so it shows under 我的 and not 待接入.
        ...(publicReply && input.senderType === 'agent'
          ? { waiting_since: null, first_reply_at: conv.first_reply_at ?? input.now, ...(input.senderId?.startsWith('usr_') ? { assignee_id: sql<string>`coalesce(assignee_id, ${input.senderId})` } : {}) }
          : {}),
      }))
      .where('account_id', '=', input.accountId)
      .where('id', '=', input.conversationId)
      .execute();
    const message = presentMessage(row);
    await emit({ db: trx, accountId: input.accountId }, 'message.created', { conversationId: input.conversationId, message });
    // Lists show the preview, unread count and status that this message just changed.
    await emit({ db: trx, accountId: input.accountId }, 'conversation.updated', { conversationId: input.conversationId });
    return { message, duplicate: false };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export type MessagePage = { after?: number; before?: number; limit: number; includeNotes: boolean };

/** Oldest first. `after` resumes a stream; `before` pages back through history. */
export async function listMessages(db: Db, accountId: string, conversationId: string, page: MessagePage) {
  let q = db.selectFrom('messages').selectAll().where('account_id', '=', accountId).where('conversation_id', '=', conversationId);
  if (!page.includeNotes) q = q.where('kind', '!=', 'note');
  if (page.after !== undefined) {
    const rows = await q.where('id', '>', page.after).orderBy('id', 'asc').limit(page.limit).execute();
    return rows.map(presentMessage);
  }
  if (page.before !== undefined) q = q.where('id', '<', page.before);
  const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
  return rows.reverse().map(presentMessage);
}
