import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { sha256 } from '../accounts/index.ts';
import { findWebInbox } from './inboxes.service.ts';
import { verifyIdentity } from './widget-identity.ts';
import type { EntryContext } from './conversations.tables.ts';
import { findOpenConversation } from './conversations.service.ts';

export type WidgetIdentity = { customerId: string; name?: string; email?: string; phone?: string; expiresAt?: number; signature: string };

export type Visitor = { id: string; accountId: string; inboxId: string; customerId: string; name: string; entry?: EntryContext };

const VISITOR_TOKEN_PREFIX = 'svt_';

async function customerName(db: Db, accountId: string, customerId: string): Promise<string> {
  const row = await db.selectFrom('customers').select(['name', 'nickname']).where('account_id', '=', accountId).where('id', '=', customerId).executeTakeFirst();
  return row?.name ?? row?.nickname ?? '访客';
}

/** The shop's signed-in customer: found by the shop's own id, or made on first contact. */
async function identifiedCustomer(db: Db, accountId: string, identity: WidgetIdentity, now: Date): Promise<string> {
  const existing = await db
    .selectFrom('customer_identities')
    .select('customer_id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'platform')
    .where('platform', '=', 'web')
    .where('value', '=', identity.customerId)
    .executeTakeFirst();
  if (existing) return existing.customer_id;
  const customerId = newId('cus');
  await db
    .insertInto('customers')
    .values({ id: customerId, account_id: accountId, name: identity.name ?? null, email: identity.email ?? null, phone: identity.phone ?? null, source_platform: 'web', first_seen_at: now, last_seen_at: now })
    .execute();
  await db.insertInto('customer_identities').values({ id: newId('cid'), account_id: accountId, customer_id: customerId, kind: 'platform', platform: 'web', value: identity.customerId }).execute();
  return customerId;
}

/**
 * Starts or resumes a widget visit. An anonymous browser becomes a customer record of its own,
 * kept across visits by its token; a signed shop identity links the visit to that customer.
 */
export async function startWidgetSession(deps: { db: Db; clock: Clock }, input: { inboxId: string; visitorToken?: string; identity?: WidgetIdentity; entry?: EntryContext; beforeNewVisitor?: (inbox: { id: string; settings: unknown }) => void }) {
  const inbox = await findWebInbox(deps.db, input.inboxId);
  const now = deps.clock.now();
  if (input.identity) verifyIdentity(inbox.identity_secret, input.identity, now);
  return deps.db.transaction().execute(async (trx) => {
    let visitor = input.visitorToken
      ? await trx.selectFrom('visitors').selectAll().where('token_hash', '=', sha256(input.visitorToken)).where('inbox_id', '=', inbox.id).executeTakeFirst()
      : undefined;
    const token = visitor ? input.visitorToken! : VISITOR_TOKEN_PREFIX + newSecret(24);
    const identifiedId = input.identity ? await identifiedCustomer(trx, inbox.account_id, input.identity, now) : undefined;
    if (!visitor) {
      input.beforeNewVisitor?.(inbox);
      const visitorId = newId('vis');
      let customerId = identifiedId;
      if (!customerId) {
        customerId = newId('cus');
        await trx.insertInto('customers').values({ id: customerId, account_id: inbox.account_id, nickname: `访客${visitorId.slice(-4)}`, source_platform: 'web', first_seen_at: now, last_seen_at: now }).execute();
        await trx.insertInto('customer_identities').values({ id: newId('cid'), account_id: inbox.account_id, customer_id: customerId, kind: 'widget', platform: null, value: visitorId }).execute();
      }
      visitor = await trx
        .insertInto('visitors')
        .values({ id: visitorId, account_id: inbox.account_id, inbox_id: inbox.id, customer_id: customerId, token_hash: sha256(token), last_entry: JSON.stringify(input.entry ?? {}), created_at: now, last_seen_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    } else if (identifiedId && identifiedId !== visitor.customer_id) {
      // The anonymous browser signed in to the shop: its open conversation moves to the known customer.
      await trx.updateTable('conversations').set({ customer_id: identifiedId }).where('account_id', '=', inbox.account_id).where('customer_id', '=', visitor.customer_id).where('status', '!=', 'resolved').execute();
      await trx.updateTable('visitors').set({ customer_id: identifiedId }).where('id', '=', visitor.id).execute();
      visitor = { ...visitor, customer_id: identifiedId };
    }
    await trx.updateTable('visitors').set({ last_seen_at: now, ...(input.entry ? { last_entry: JSON.stringify(input.entry) } : {}) }).where('id', '=', visitor.id).execute();
    await trx.updateTable('customers').set({ last_seen_at: now }).where('account_id', '=', inbox.account_id).where('id', '=', visitor.customer_id).execute();
    const open = await findOpenConversation(trx, inbox.account_id, inbox.id, visitor.customer_id);
    return {
      token,
      inbox,
      visitor: { id: visitor.id, accountId: inbox.account_id, inboxId: inbox.id, customerId: visitor.customer_id, name: await customerName(trx, inbox.account_id, visitor.customer_id) } as Visitor,
      conversationId: open?.id ?? null,
    };
  });
}

export async function resolveVisitor(db: Db, token: string | undefined): Promise<Visitor> {
  if (!token || !token.startsWith(VISITOR_TOKEN_PREFIX)) throw new AppError('visitor_unknown');
  const v = await db.selectFrom('visitors').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!v) throw new AppError('visitor_unknown');
  return { id: v.id, accountId: v.account_id, inboxId: v.inbox_id, customerId: v.customer_id, name: await customerName(db, v.account_id, v.customer_id), entry: v.last_entry };
}
