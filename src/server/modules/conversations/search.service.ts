import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Ctx } from '../../platform/context.ts';
import { maskEmailsIn } from '../../platform/mask.ts';
import { contactViewOf } from '../customers/index.ts';
import type { AttachmentRef, MessageKind } from './conversations.tables.ts';
import { indexDocument, queryTerms, snippet, toTsQuery } from './search.segment.ts';

/**
 * Search across the account's conversations: the words of every message and internal note
 * (`messages.search`, written with the message by appendMessages), and the
 * customers' names. Chinese is segmented with jieba on both sides (search.segment.ts).
 */

type Indexable = { kind: MessageKind; body: string; meta?: Record<string, unknown> | null; attachments?: AttachmentRef[] | null };

/** What a message is found by: its text, an email's subject, its files' names. Events are not searched. */
export function messageDocument(m: Indexable): string {
  if (m.kind === 'event') return '';
  const subject = typeof m.meta?.subject === 'string' ? m.meta.subject : '';
  const files = (m.attachments ?? []).map((a) => a?.name ?? '').join(' ');
  return indexDocument([m.body, subject, files].filter(Boolean).join('\n'));
}

export async function indexMessage(db: Db, accountId: string, messageId: number, m: Indexable): Promise<void> {
  await sql`update messages set search = to_tsvector('simple', ${messageDocument(m)}) where account_id = ${accountId} and id = ${messageId}`.execute(db);
}

/**
 * Fills the search words of messages that have none (stored before search existed, or imported),
 * or of every message with `all`. Works in batches in id order; returns how many it indexed and
 * whether it reached the end (false when `maxBatches` stopped it first).
 */
export async function reindexSearch(db: Db, opts: { all?: boolean; batch?: number; maxBatches?: number; onProgress?: (done: number) => void } = {}): Promise<{ indexed: number; done: boolean }> {
  const batch = opts.batch ?? 500;
  let cursor = 0;
  let indexed = 0;
  for (let n = 0; opts.maxBatches === undefined || n < opts.maxBatches; n++) {
    let q = db.selectFrom('messages').select(['id', 'account_id', 'kind', 'body', 'meta', 'attachments']).where('id', '>', cursor);
    if (!opts.all) q = q.where('search', 'is', null);
    const rows = await q.orderBy('id').limit(batch).execute();
    if (rows.length === 0) return { indexed, done: true };
    await db.transaction().execute(async (trx) => {
      for (const m of rows) await indexMessage(trx, m.account_id, Number(m.id), m);
    });
    indexed += rows.length;
    cursor = Number(rows[rows.length - 1].id);
    opts.onProgress?.(indexed);
    if (rows.length < batch) return { indexed, done: true };
  }
  return { indexed, done: false };
}

export type SearchInput = { q: string; before?: string; limit: number };

const CUSTOMER_MATCHES = 10;

function conversationRef(r: { conversation_id: string; status: any; channel: any; customer_id: string; customer_name: string | null; assignee_id: string | null; assignee_name: string | null; inbox_id: string; inbox_name: string; last_message_at: Date | null }) {
  return {
    id: r.conversation_id,
    status: r.status,
    channel: r.channel,
    customer: { id: r.customer_id, name: r.customer_name ?? '访客' },
    assignee: r.assignee_id && r.assignee_name ? { id: r.assignee_id, name: r.assignee_name } : null,
    inbox: { id: r.inbox_id, name: r.inbox_name },
    lastMessageAt: r.last_message_at ? r.last_message_at.toISOString() : null,
  };
}

function withConversation(db: Db, accountId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('inboxes as i', (j) => j.onRef('i.id', '=', 'c.inbox_id').onRef('i.account_id', '=', 'c.account_id'))
    .innerJoin('customers as cu', (j) => j.onRef('cu.id', '=', 'c.customer_id').onRef('cu.account_id', '=', 'c.account_id'))
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'c.assignee_id').onRef('u.account_id', '=', 'c.account_id'))
    .select([
      'c.id as conversation_id',
      'c.status',
      'c.channel',
      'c.customer_id',
      sql<string | null>`coalesce(cu.name, cu.nickname)`.as('customer_name'),
      'c.assignee_id',
      sql<string | null>`coalesce(u.display_name, u.name)`.as('assignee_name'),
      'c.inbox_id',
      'i.name as inbox_name',
      'c.last_message_at',
    ])
    .where('c.account_id', '=', accountId);
}

/** Messages (notes included) holding every word of the query, newest first; and, on the first page, conversations of customers so named. */
export async function searchConversations(ctx: Ctx, input: SearchInput) {
  const terms = queryTerms(input.q);
  if (terms.length === 0) return { terms: [], messages: [], nextCursor: null, conversations: [] };
  const tsquery = toTsQuery(terms);
  let q = withConversation(ctx.db, ctx.accountId)
    .innerJoin('messages as m', (j) => j.onRef('m.account_id', '=', 'c.account_id').onRef('m.conversation_id', '=', 'c.id'))
    .select(['m.id', 'm.kind', 'm.sender_type', 'm.sender_name', 'm.body', 'm.created_at'])
    .where('m.account_id', '=', ctx.accountId)
    .where(sql<boolean>`m.search @@ to_tsquery('simple', ${tsquery})`)
    .where('m.kind', '!=', 'event');
  if (input.before) q = q.where('m.id', '<', Number(input.before));
  const rows = await q.orderBy('m.id', 'desc').limit(input.limit + 1).execute();
  const page = rows.slice(0, input.limit);
  // A mail without a display name is from its address: masked like the message's own sender.
  const senderName = contactViewOf(ctx.actor) === 'full' ? (name: string | null) => name : (name: string | null) => name && maskEmailsIn(name);
  const messages = page.map((r) => {
    const s = snippet(r.body, terms);
    return {
      message: { id: String(r.id), kind: r.kind, senderType: r.sender_type, senderName: senderName(r.sender_name), createdAt: r.created_at.toISOString() },
      snippet: s.text,
      highlights: s.highlights,
      conversation: conversationRef(r),
    };
  });
  const nextCursor = rows.length > input.limit ? String(page[page.length - 1].id) : null;

  let conversations: ReturnType<typeof conversationRef>[] = [];
  if (!input.before) {
    const needle = input.q.trim().toLowerCase();
    const named = await withConversation(ctx.db, ctx.accountId)
      .where((eb) => eb.or([eb(sql`position(${needle} in lower(coalesce(cu.name, '')))`, '>', 0), eb(sql`position(${needle} in lower(coalesce(cu.nickname, '')))`, '>', 0)]))
      .orderBy(sql`c.last_message_at desc nulls last`)
      .orderBy('c.id', 'desc')
      .limit(CUSTOMER_MATCHES)
      .execute();
    conversations = named.map(conversationRef);
  }
  return { terms: terms.map((t) => t.term), messages, nextCursor, conversations };
}
