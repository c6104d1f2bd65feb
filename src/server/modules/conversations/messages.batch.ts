import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { GroupCommit, type Outcome } from '../../db/group-commit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { emitAll, outboxCaughtUp, outboxCommitted } from '../../platform/events.ts';
import { attachmentsPreview, claimAttachments } from './attachments.service.ts';
import { conversationsArrived } from './arrivals.ts';
import { openConversations, type OpenInput } from './conversations.service.ts';
import { messageDocument } from './search.service.ts';
import { presentMessage, type Message } from './conversations.presenters.ts';
import type { AttachmentRef, Channel, ConversationStatus, EntryContext, MessagesTable } from './conversations.tables.ts';
import type { AppendInput } from './messages.service.ts';

/** A customer's current conversation in an inbox, opened by the message if there is none. */
export type OpenSpec = { inboxId: string; customerId: string; channel: Channel; entry?: EntryContext };

/** A message to store: into a known conversation, or into the customer's open one (`open`). */
export type AppendItem = (Omit<AppendInput, 'conversationId'> & { conversationId: string; open?: undefined }) | (Omit<AppendInput, 'conversationId'> & { conversationId?: undefined; open: OpenSpec });

export type Appended = { message: Message; duplicate: boolean; conversationId: string };

const PREVIEW_LENGTH = 120;

type MessageRow = Selectable<MessagesTable>;
type Locked = { id: string; account_id: string; status: ConversationStatus; waiting_since: Date | null; first_reply_at: Date | null; assignee_id: string | null };
type ConversationChange = {
  accountId: string;
  updatedAt: Date;
  last: { id: number; at: Date; preview: string } | null;
  unread: number;
  waitingSince: Date | null;
  status: ConversationStatus;
  reopened: boolean;
  firstReplyAt: Date | null;
  assigneeId: string | null;
};

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/**
 * Stores many messages in the caller's transaction, with a handful of statements whatever their
 * number: the conversations are locked (in id order, so concurrent groups never deadlock), retries
 * are found by client id and source id, the new rows go in one INSERT in the order given (so each
 * conversation's messages get ids in that order), each conversation is updated once for all its
 * messages, and the events go into the outbox in one INSERT. Each item gets its own outcome: a
 * missing conversation or a bad attachment fails that item only.
 */
export async function appendMessages(trx: Db, items: AppendItem[]): Promise<Outcome<Appended>[]> {
  const outcomes: (Outcome<Appended> | undefined)[] = new Array(items.length);
  const conversationOf: (string | undefined)[] = items.map((it) => it.conversationId);
  const live = () => items.map((_, i) => i).filter((i) => !outcomes[i]);
  /** Conversations this group opened: handed to routing before commit, with their first messages in. */
  const opened = new Set<string>();

  // The customer's open conversation, or a new one.
  const opening = live().filter((i) => !conversationOf[i]);
  if (opening.length) {
    const keyOf = (accountId: string, inboxId: string, customerId: string) => `${accountId}|${inboxId}|${customerId}`;
    // Joined to the (account, customer) pairs, so each is one probe of conversations_customer_idx
    // (an IN list on each column let the planner read every conversation of the account).
    const customers = uniq(opening.map((i) => JSON.stringify([items[i].accountId, items[i].open!.customerId]))).map((k) => JSON.parse(k) as [string, string]);
    const found = await sql<{ id: string; account_id: string; inbox_id: string; customer_id: string }>`
      select c.id, c.account_id, c.inbox_id, c.customer_id from conversations c
      join (values ${sql.join(customers.map(([a, cu]) => sql`(${a}::text, ${cu}::text)`))}) as k (account_id, customer_id)
        on c.account_id = k.account_id and c.customer_id = k.customer_id
      where c.status != 'resolved'
      order by c.created_at desc`.execute(trx);
    const current = new Map<string, string>();
    for (const c of found.rows) if (!current.has(keyOf(c.account_id, c.inbox_id, c.customer_id))) current.set(keyOf(c.account_id, c.inbox_id, c.customer_id), c.id);
    // The customers without one get a new conversation each, all in one INSERT.
    const toOpen = new Map<string, OpenInput>();
    for (const i of opening) {
      const { accountId, open, now } = items[i];
      if (!open) {
        outcomes[i] = { ok: false, error: notFound('conversation') };
        continue;
      }
      const key = keyOf(accountId, open.inboxId, open.customerId);
      if (!current.has(key) && !toOpen.has(key)) toOpen.set(key, { accountId, inboxId: open.inboxId, customerId: open.customerId, channel: open.channel, entry: open.entry, now });
    }
    const newIds = await openConversations(trx, [...toOpen.values()]);
    [...toOpen.keys()].forEach((key, k) => {
      current.set(key, newIds[k]);
      opened.add(newIds[k]);
    });
    for (const i of opening) {
      const { accountId, open } = items[i];
      if (open) conversationOf[i] = current.get(keyOf(accountId, open.inboxId, open.customerId));
    }
  }

  // Lock the conversations, in id order.
  const wanted = live();
  if (wanted.length === 0) return outcomes as Outcome<Appended>[];
  // Joined to the (account, id) pairs: one primary-key probe each, whatever the planner knows.
  const pairs = uniq(wanted.map((i) => JSON.stringify([items[i].accountId, conversationOf[i]]))).map((k) => JSON.parse(k) as [string, string]);
  const locked = (
    await sql<Locked>`
      select c.id, c.account_id, c.status, c.waiting_since, c.first_reply_at, c.assignee_id from conversations c
      join (values ${sql.join(pairs.map(([a, id]) => sql`(${a}::text, ${id}::text)`))}) as k (account_id, id)
        on c.account_id = k.account_id and c.id = k.id
      order by c.id
      for update of c`.execute(trx)
  ).rows;
  const conversations = new Map(locked.map((c) => [c.id, c]));
  for (const i of wanted) {
    if (conversations.get(conversationOf[i]!)?.account_id !== items[i].accountId) outcomes[i] = { ok: false, error: notFound('conversation') };
  }

  // Retries: the same client id from the same side of a conversation, or the same source id in the account.
  const clientKey = (conversationId: string, senderType: string, clientId: string) => `${conversationId}|${senderType}|${clientId}`;
  const sourceKey = (accountId: string, sourceId: string) => `${accountId}|${sourceId}`;
  const stored = new Map<string, MessageRow>();
  const withClientId = live().filter((i) => items[i].clientId);
  if (withClientId.length) {
    const keys = withClientId.map((i) => sql`(${conversationOf[i]}::text, ${items[i].senderType}::text, ${items[i].clientId}::text)`);
    const rows = await sql<MessageRow>`
      select m.* from messages m
      join (values ${sql.join(keys)}) as k (conversation_id, sender_type, client_id)
        on m.conversation_id = k.conversation_id and m.sender_type = k.sender_type and m.client_id = k.client_id
      where m.client_id is not null and m.account_id in (${sql.join(uniq(withClientId.map((i) => items[i].accountId)))})`.execute(trx);
    for (const m of rows.rows) stored.set(clientKey(m.conversation_id, m.sender_type, m.client_id!), m);
  }
  const withSourceId = live().filter((i) => items[i].sourceId);
  if (withSourceId.length) {
    const keys = withSourceId.map((i) => sql`(${items[i].accountId}::text, ${items[i].sourceId}::text)`);
    const rows = await sql<MessageRow>`
      select m.* from messages m
      join (values ${sql.join(keys)}) as k (account_id, source_id) on m.account_id = k.account_id and m.source_id = k.source_id
      where m.source_id is not null`.execute(trx);
    for (const m of rows.rows) stored.set(sourceKey(m.account_id, m.source_id!), m);
  }

  // What is new; a repeat within this group waits for the row of its first.
  const toInsert: number[] = [];
  const firstOf = new Map<string, number>();
  const repeats: Array<[number, number]> = [];
  const attachmentsOf = new Map<number, AttachmentRef[]>();
  for (const i of live()) {
    const it = items[i];
    const keys = [it.clientId ? clientKey(conversationOf[i]!, it.senderType, it.clientId) : null, it.sourceId ? sourceKey(it.accountId, it.sourceId) : null].filter((k): k is string => k !== null);
    const old = keys.map((k) => stored.get(k)).find(Boolean);
    if (old) {
      outcomes[i] = { ok: true, value: { message: presentMessage(old), duplicate: true, conversationId: conversationOf[i]! } };
      continue;
    }
    const earlier = keys.map((k) => firstOf.get(k)).find((j) => j !== undefined);
    if (earlier !== undefined) {
      repeats.push([i, earlier]);
      continue;
    }
    if (it.attachmentIds?.length) {
      try {
        attachmentsOf.set(i, await claimAttachments(trx, it.accountId, conversationOf[i]!, it.attachmentIds));
      } catch (err) {
        // A refusal (not a database error) leaves the transaction usable for the others.
        if (!(err instanceof AppError)) throw err;
        outcomes[i] = { ok: false, error: err };
        continue;
      }
    } else attachmentsOf.set(i, it.attachments ?? []);
    for (const k of keys) firstOf.set(k, i);
    toInsert.push(i);
  }

  if (toInsert.length) {
    const rows = await trx
      .insertInto('messages')
      .values(
        toInsert.map((i) => {
          const it = items[i];
          return {
            account_id: it.accountId,
            conversation_id: conversationOf[i]!,
            sender_type: it.senderType,
            sender_id: it.senderId,
            sender_name: it.senderName,
            kind: it.kind ?? 'text',
            body: it.body,
            client_id: it.clientId ?? null,
            source_id: it.sourceId ?? null,
            attachments: JSON.stringify(attachmentsOf.get(i)),
            meta: JSON.stringify(it.meta ?? {}),
            created_at: it.now,
            search: sql<string>`to_tsvector('simple', ${messageDocument({ kind: it.kind ?? 'text', body: it.body, meta: it.meta, attachments: attachmentsOf.get(i) })})`,
          };
        }),
      )
      .returningAll()
      .execute();
    const inserted = new Map<number, MessageRow>();
    toInsert.forEach((i, k) => {
      const row = rows[k];
      // RETURNING gives the rows in VALUES order; anything else is a bug worth a loud failure.
      if (!row || row.conversation_id !== conversationOf[i] || row.client_id !== (items[i].clientId ?? null) || row.body !== items[i].body) throw new Error('appendMessages: inserted rows out of order');
      inserted.set(i, row);
    });

    for (const i of toInsert) {
      const attachments = attachmentsOf.get(i)!;
      if (!attachments.length) continue;
      await trx
        .updateTable('attachments')
        .set({ message_id: inserted.get(i)!.id })
        .where('account_id', '=', items[i].accountId)
        .where('conversation_id', '=', conversationOf[i]!)
        .where('id', 'in', attachments.map((a) => a.id))
        .execute();
    }

    // Each conversation once, with what its messages did to it, in order.
    const changes = new Map<string, ConversationChange>();
    const previews = new Map<number, string>();
    for (const i of toInsert) {
      const it = items[i];
      const row = inserted.get(i)!;
      const conversationId = conversationOf[i]!;
      const c = conversations.get(conversationId)!;
      let ch = changes.get(conversationId);
      if (!ch) {
        ch = { accountId: it.accountId, updatedAt: it.now, last: null, unread: 0, waitingSince: c.waiting_since, status: c.status, reopened: false, firstReplyAt: c.first_reply_at, assigneeId: c.assignee_id };
        changes.set(conversationId, ch);
      }
      const kind = it.kind ?? 'text';
      const fromCustomer = it.senderType === 'customer';
      const publicReply = !fromCustomer && kind === 'text';
      ch.updatedAt = it.now;
      const preview = (it.preview ?? (it.body || attachmentsPreview(attachmentsOf.get(i)!))).slice(0, PREVIEW_LENGTH);
      previews.set(i, preview);
      if (kind !== 'note') ch.last = { id: Number(row.id), at: it.now, preview };
      if (fromCustomer) {
        ch.unread++;
        ch.waitingSince = ch.waitingSince ?? it.now;
        // The customer writing reopens a resolved conversation and wakes a pending (待处理) or snoozed (稍后处理) one.
        if (ch.status !== 'open') {
          ch.status = 'open';
          ch.reopened = true;
        }
      }
      // The first agent to answer an unassigned conversation takes it, so it shows under 我的 and not 待接入.
      if (publicReply && it.senderType === 'agent') {
        ch.waitingSince = null;
        ch.firstReplyAt = ch.firstReplyAt ?? it.now;
        if (it.senderId?.startsWith('usr_')) ch.assigneeId = ch.assigneeId ?? it.senderId;
      }
    }
    const values = [...changes].map(
      ([id, ch]) =>
        sql`(${id}::text, ${ch.accountId}::text, ${ch.updatedAt}::timestamptz, ${ch.last?.id ?? null}::bigint, ${ch.last?.at ?? null}::timestamptz, ${ch.last?.preview ?? null}::text,
          ${ch.unread}::int, ${ch.waitingSince}::timestamptz, ${ch.status}::text, ${ch.reopened}::boolean, ${ch.firstReplyAt}::timestamptz, ${ch.assigneeId}::text)`,
    );
    await sql`
      update conversations as c set
        updated_at = v.updated_at,
        last_message_id = coalesce(v.last_id, c.last_message_id),
        last_message_at = case when v.last_id is null then c.last_message_at else v.last_at end,
        last_message_preview = case when v.last_id is null then c.last_message_preview else v.last_preview end,
        unread_count = c.unread_count + v.unread,
        waiting_since = v.waiting_since,
        status = v.status,
        resolved_at = case when v.reopened then null else c.resolved_at end,
        snoozed_until = case when v.reopened then null else c.snoozed_until end,
        first_reply_at = v.first_reply_at,
        assignee_id = v.assignee_id
      from (values ${sql.join(values)}) as v (id, account_id, updated_at, last_id, last_at, last_preview, unread, waiting_since, status, reopened, first_reply_at, assignee_id)
      where c.account_id = v.account_id and c.id = v.id`.execute(trx);

    const events: Array<{ accountId: string; type: string; payload: Record<string, unknown> }> = [];
    for (const i of toInsert) {
      const message = presentMessage(inserted.get(i)!);
      outcomes[i] = { ok: true, value: { message, duplicate: false, conversationId: conversationOf[i]! } };
      // The list line the workspace shows for it ([图片], a call's summary…), as the row now holds it.
      events.push({ accountId: items[i].accountId, type: 'message.created', payload: { conversationId: conversationOf[i]!, message, preview: previews.get(i) } });
    }
    // The workspace applies a message's own effects on its conversation's row (latest message, preview,
    // unread count, reopened or woken by the customer) from message.created; a conversation.updated
    // goes out only when the status or the assignee moved, for the open conversation's header. At
    // thousands of messages a second this halves what every agent's socket receives.
    for (const [conversationId, ch] of changes) {
      const before = conversations.get(conversationId)!;
      if (ch.status !== before.status || ch.assigneeId !== before.assignee_id) events.push({ accountId: ch.accountId, type: 'conversation.updated', payload: { conversationId } });
    }
    await emitAll(trx, events);

    const arrived = new Map<string, string[]>();
    for (const i of toInsert) {
      const id = conversationOf[i]!;
      if (opened.has(id) && items[i].senderType === 'customer' && !arrived.get(items[i].accountId)?.includes(id)) arrived.set(items[i].accountId, [...(arrived.get(items[i].accountId) ?? []), id]);
    }
    const latest = new Date(Math.max(...toInsert.map((i) => items[i].now.getTime())));
    await conversationsArrived(trx, arrived, items.find((it) => it.clock)?.clock ?? (() => latest));
  }
  for (const [i, first] of repeats) {
    const o = outcomes[first];
    outcomes[i] = o?.ok ? { ok: true, value: { ...o.value, duplicate: true } } : (o ?? { ok: false, error: new Error('appendMessages: lost a repeat') });
  }
  return outcomes as Outcome<Appended>[];
}

const writers = new WeakMap<Db, GroupCommit<AppendItem, Appended>>();

/** The group commit of messages for this database handle (one per server). */
export function messageWriter(db: Db): GroupCommit<AppendItem, Appended> {
  let w = writers.get(db);
  if (!w) {
    w = new GroupCommit<AppendItem, Appended>(db, appendMessages, {
      keyOf: (it) => (it.conversationId ? `c|${it.conversationId}` : `o|${it.accountId}|${it.open?.inboxId}|${it.open?.customerId}`),
      maxBatch: 256,
      afterCommit: outboxCommitted,
      // Take no more than the workspace can be told about: while the dispatcher is a full batch
      // behind, new groups wait (a second at most), so saturation shows as slower acks, not as
      // live updates minutes late.
      admit: () => outboxCaughtUp(1000),
    });
    writers.set(db, w);
  }
  return w;
}

/** At shutdown: waits until every message handed to the writer is committed (or refused) and answered. */
export function drainMessageWrites(db: Db, timeoutMs?: number): Promise<boolean> {
  return writers.get(db)?.drain(timeoutMs) ?? Promise.resolve(true);
}

/** How many message transactions may be in flight at once: 1 on the embedded store (one session). */
export function setMessageWriteConcurrency(db: Db, concurrency: number): void {
  messageWriter(db).concurrency = Math.max(1, concurrency);
}
