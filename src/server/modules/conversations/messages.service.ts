import type { Db } from '../../db/database.ts';
import { presentMessage, type Message } from './conversations.presenters.ts';
import type { AttachmentRef, MessageKind, SenderType } from './conversations.tables.ts';
import { HIDDEN_FROM_CUSTOMER } from './attachments.service.ts';
import { appendMessages, messageWriter, type Appended, type AppendItem, type OpenSpec } from './messages.batch.ts';

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
  /** Files uploaded to this conversation by id (attachmentIds of a reply): checked and claimed once the retry check has passed. */
  attachmentIds?: string[];
  /** The conversation list's line, when the body is not it (a logged call). */
  preview?: string;
  meta?: Record<string, unknown>;
  now: Date;
  /** The request's clock: a new conversation's routing is stamped by it when placed (arrivals.ts). */
  clock?: () => Date;
};

/**
 * Stores one message durably and updates its conversation, in one transaction. The conversation
 * row is locked first, so messages of one conversation get ids in commit order; a retry with the
 * same client id returns the stored message instead of a copy.
 *
 * Outside a transaction the message joins the group commit (messages.batch.ts): messages that
 * arrive while a commit is in flight are written together in the next one, and this resolves once
 * that one has committed. Inside the caller's transaction it is written there and then. Both ways
 * run appendMessages, the one place that stores messages: a new field of AppendInput goes there.
 */
export async function appendMessage(db: Db, input: AppendInput): Promise<{ message: Message; duplicate: boolean }> {
  const item = input as AppendItem;
  if (db.isTransaction) {
    const [outcome] = await appendMessages(db, [item]);
    if (!outcome.ok) throw outcome.error;
    return { message: outcome.value.message, duplicate: outcome.value.duplicate };
  }
  const { message, duplicate } = await messageWriter(db).submit(item);
  return { message, duplicate };
}

/** A customer's message into their open conversation in this inbox, opening one if there is none; group-committed like appendMessage. */
export async function appendToOpenConversation(db: Db, open: OpenSpec, input: Omit<AppendInput, 'conversationId'>): Promise<Appended> {
  return messageWriter(db).submit({ ...input, conversationId: undefined, open });
}

export type MessagePage = { after?: number; before?: number; limit: number; includeNotes: boolean };

/** Oldest first. `after` resumes a stream; `before` pages back through history. */
export async function listMessages(db: Db, accountId: string, conversationId: string, page: MessagePage) {
  let q = db.selectFrom('messages').selectAll().where('account_id', '=', accountId).where('conversation_id', '=', conversationId);
  if (!page.includeNotes) q = q.where('kind', 'not in', HIDDEN_FROM_CUSTOMER);
  if (page.after !== undefined) {
    const rows = await q.where('id', '>', page.after).orderBy('id', 'asc').limit(page.limit).execute();
    return rows.map(presentMessage);
  }
  if (page.before !== undefined) q = q.where('id', '<', page.before);
  const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
  return rows.reverse().map(presentMessage);
}
