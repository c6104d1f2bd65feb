import type { Db } from '../../../db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { isRetryableConflict } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { openConversation } from '../../conversations/conversations.service.ts';
import type { AttachmentRef } from '../../conversations/conversations.tables.ts';
import { appendMessage } from '../../conversations/messages.service.ts';
import { emailSettingsOf, type InboxRow } from './email-inboxes.service.ts';
import { parseEmail, type ParsedEmail } from './email-parse.ts';

export type InboundResult = { status: 'stored' | 'duplicate' | 'ignored'; conversationId: string | null; messageId: string | null };

/** How a message from an email source is known: a relay posting the same mail again finds it. */
export const emailSourceId = (messageId: string) => `email:${messageId}`;

async function findBySource(db: Db, accountId: string, sourceId: string) {
  return db.selectFrom('messages').select(['id', 'conversation_id']).where('account_id', '=', accountId).where('source_id', '=', sourceId).executeTakeFirst();
}

class StoredMeanwhile extends Error {}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

/**
 * Stores one received email in its conversation: the sender becomes (or is found as) a customer,
 * the mail joins the thread its In-Reply-To / References point at, else the customer's open
 * conversation in this inbox, else a new one with the mail's subject. Posting the same mail
 * twice stores it once.
 */
export async function receiveEmail(deps: { db: Db; clock: Clock }, inbox: InboxRow, raw: Buffer): Promise<InboundResult> {
  const mail = await parseEmail(raw);
  const accountId = inbox.account_id;
  const sourceId = emailSourceId(mail.messageId);
  const duplicate = (row: { id: number; conversation_id: string }): InboundResult => ({ status: 'duplicate', conversationId: row.conversation_id, messageId: String(row.id) });

  const existing = await findBySource(deps.db, accountId, sourceId);
  if (existing) return duplicate(existing);
  // A relay that also hands over what the shop itself sent must not turn the shop's mail into a customer's.
  const own = emailSettingsOf(inbox).address.toLowerCase();
  if (own && mail.from.address === own) return { status: 'ignored', conversationId: null, messageId: null };

  // Posts of the same mail at the same moment can deadlock on PostgreSQL (each waits on the other's
  // new customer or identity): the loser is rolled back and simply runs again, then finds the winner's.
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeOnce();
    } catch (err) {
      if (attempt < 4 && isRetryableConflict(err)) continue;
      throw err;
    }
  }

  async function storeOnce(): Promise<InboundResult> {
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const now = deps.clock.now();
        const customerId = await findOrCreateEmailCustomer(trx, accountId, mail.from, now);
        const conversationId = await threadOf(trx, inbox, mail, customerId, now);
        const attachments = await storeAttachments(trx, accountId, conversationId, customerId, mail, now);
        const { message, duplicate: dup } = await appendMessage(trx, {
          accountId,
          conversationId,
          senderType: 'customer',
          senderId: customerId,
          senderName: mail.from.name || mail.from.address,
          body: mail.text || mail.subject,
          sourceId,
          attachments,
          meta: {
            subject: mail.subject,
            from: mail.from.address,
            fromName: mail.from.name,
            to: mail.to,
            ...(mail.cc.length ? { cc: mail.cc } : {}),
            ...(mail.replyTo && mail.replyTo !== mail.from.address ? { replyTo: mail.replyTo } : {}),
            messageId: mail.messageId,
            inReplyTo: mail.inReplyTo,
            references: mail.references,
            ...(mail.date ? { date: mail.date.toISOString() } : {}),
            ...(mail.autoSubmitted ? { autoSubmitted: true } : {}),
            ...(mail.truncated ? { truncated: true } : {}),
          },
          now,
        });
        // Stored by a concurrent post of the same mail since the check above: undo this one's attachments.
        if (dup) throw new StoredMeanwhile();
        return { status: 'stored', conversationId, messageId: message.id } as InboundResult;
      });
    } catch (err) {
      // The same mail posted twice at once: one insert wins, the other finds it.
      if (err instanceof StoredMeanwhile || isUniqueViolation(err)) {
        const again = await findBySource(deps.db, accountId, sourceId);
        if (again) return duplicate(again);
      }
      throw err;
    }
  }
}

/** The customer behind an address: by their email identity, else a customer record with that email, else a new one. */
async function findOrCreateEmailCustomer(db: Db, accountId: string, from: ParsedEmail['from'], now: Date): Promise<string> {
  const identity = () =>
    db.selectFrom('customer_identities').select('customer_id').where('account_id', '=', accountId).where('kind', '=', 'email').where('platform', 'is', null).where('value', '=', from.address).executeTakeFirst();
  const known = await identity();
  if (known) {
    await db.updateTable('customers').set({ last_seen_at: now }).where('account_id', '=', accountId).where('id', '=', known.customer_id).execute();
    return known.customer_id;
  }
  const byEmail = await db
    .selectFrom('customers')
    .select('id')
    .where('account_id', '=', accountId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', from.address))
    .orderBy('created_at')
    .executeTakeFirst();
  const customerId = byEmail?.id ?? newId('cus');
  if (!byEmail) {
    await db
      .insertInto('customers')
      .values({ id: customerId, account_id: accountId, name: from.name || null, nickname: from.address.split('@')[0].slice(0, 64), email: from.address, first_seen_at: now, last_seen_at: now })
      .execute();
  } else {
    await db.updateTable('customers').set({ last_seen_at: now }).where('account_id', '=', accountId).where('id', '=', customerId).execute();
  }
  const linked = await db
    .insertInto('customer_identities')
    .values({ id: newId('cid'), account_id: accountId, customer_id: customerId, kind: 'email', platform: null, value: from.address })
    .onConflict((oc) => oc.doNothing())
    .returning('customer_id')
    .executeTakeFirst();
  if (linked) return customerId;
  // Someone else linked this address a moment ago: theirs wins, and the record made here goes.
  const winner = await identity();
  if (!byEmail) await db.deleteFrom('customers').where('account_id', '=', accountId).where('id', '=', customerId).execute();
  return winner!.customer_id;
}

/** The conversation the mail belongs to, made if there is none. */
async function threadOf(db: Db, inbox: InboxRow, mail: ParsedEmail, customerId: string, now: Date): Promise<string> {
  const accountId = inbox.account_id;
  const parents = [mail.inReplyTo, ...[...mail.references].reverse()].filter((id): id is string => Boolean(id)).map((id) => emailSourceId(id));
  if (parents.length) {
    const parent = await db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', (j) => j.onRef('c.id', '=', 'm.conversation_id').onRef('c.account_id', '=', 'm.account_id'))
      .select(['c.id', 'c.subject'])
      .where('m.account_id', '=', accountId)
      .where('m.source_id', 'in', [...new Set(parents)])
      .where('c.channel', '=', 'email')
      .orderBy('m.id', 'desc')
      .executeTakeFirst();
    if (parent) {
      if (!parent.subject && mail.subject) await db.updateTable('conversations').set({ subject: mail.subject }).where('account_id', '=', accountId).where('id', '=', parent.id).execute();
      return parent.id;
    }
  }
  const { id } = await openConversation(db, { accountId, inboxId: inbox.id, customerId, channel: 'email', now });
  if (mail.subject) await db.updateTable('conversations').set({ subject: mail.subject }).where('account_id', '=', accountId).where('id', '=', id).where('subject', 'is', null).execute();
  return id;
}

async function storeAttachments(db: Db, accountId: string, conversationId: string, customerId: string, mail: ParsedEmail, now: Date): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const a of mail.attachments) {
    const id = newId('att');
    await db
      .insertInto('attachments')
      .values({ id, account_id: accountId, conversation_id: conversationId, message_id: null, uploader_type: 'customer', uploader_id: customerId, file_name: a.fileName, content_type: a.contentType, byte_size: a.size, sha256: a.sha256, data: a.content, created_at: now })
      .execute();
    refs.push({ id, name: a.fileName, contentType: a.contentType, size: a.size });
  }
  return refs;
}
