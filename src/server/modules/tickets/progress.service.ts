import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Locale } from '../../platform/locale.ts';
import { secretBox } from '../../platform/secrets.ts';
import { STATUS_LABELS, type WorkOrderStatus } from './tickets.status.ts';

export type ProgressItem = {
  number: number;
  title: string;
  typeName: string;
  status: WorkOrderStatus;
  statusLabel: string;
  createdAt: string;
  updatedAt: string;
  replies: Array<{ body: string; by: string | null; at: string }>;
};
export type ProgressList = { items: ProgressItem[]; link: string | null };

/** The newest work orders a customer sees; older ones stay with the shop. */
const MAX_ITEMS = 50;
/** What the customer is shown of the timeline: the shop's answers, never internal comments. */
const CUSTOMER_KINDS = ['reply', 'customer_notified'] as const;

/**
 * 工单进度: a customer's work orders (their own, and trackers their conversations are linked to),
 * newest first, with the status in the customer's language and the public replies only. A customer
 * merged into this one (merged_into) brings their work orders along.
 */
export async function progressFor(db: Db, input: { accountId: string; customerId: string; locale: Locale; publicUrl?: string }): Promise<ProgressList> {
  const { accountId } = input;
  const merged = await db.selectFrom('customers').select('id').where('account_id', '=', accountId).where('merged_into', '=', input.customerId).execute();
  const customerIds = [input.customerId, ...merged.map((m) => m.id)];
  const rows = await db
    .selectFrom('work_orders as w')
    .innerJoin('work_order_types as t', (j) => j.onRef('t.id', '=', 'w.type_id').onRef('t.account_id', '=', 'w.account_id'))
    .select(['w.id', 'w.number', 'w.title', 'w.status', 'w.created_at', 'w.updated_at', 't.name as type_name'])
    .where('w.account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        eb('w.customer_id', 'in', customerIds),
        eb('w.id', 'in', eb.selectFrom('work_order_links as l').select('l.work_order_id').where('l.account_id', '=', accountId).where('l.customer_id', 'in', customerIds)),
      ]),
    )
    .orderBy('w.created_at', 'desc')
    .orderBy('w.id', 'desc')
    .limit(MAX_ITEMS)
    .execute();
  const events = rows.length
    ? await db
        .selectFrom('work_order_events')
        .select(['work_order_id', 'body', 'actor_name', 'meta', 'created_at'])
        .where('account_id', '=', accountId)
        .where(
          'work_order_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('public', '=', true)
        .where('kind', 'in', CUSTOMER_KINDS)
        .where('body', 'is not', null)
        .orderBy('id')
        .execute()
    : [];
  const replies = new Map<string, ProgressItem['replies']>();
  for (const e of events) {
    if (!e.body?.trim()) continue;
    const list = replies.get(e.work_order_id) ?? [];
    // The customer sees the public nickname the reply went out under, never a colleague's internal name.
    list.push({ body: e.body, by: typeof e.meta.by === 'string' ? e.meta.by : e.actor_name, at: e.created_at.toISOString() });
    replies.set(e.work_order_id, list);
  }
  return {
    items: rows.map((r) => ({
      number: Number(r.number),
      title: r.title,
      typeName: r.type_name,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status][input.locale],
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      replies: replies.get(r.id) ?? [],
    })),
    link: progressLink(accountId, input.customerId, input.publicUrl),
  };
}

/** The shop's time zone, in which the page shows its times (the page runs no script to use the reader's). */
export async function accountTimeZone(db: Db, accountId: string): Promise<string> {
  const row = await db.selectFrom('accounts').select('timezone').where('id', '=', accountId).executeTakeFirst();
  return row?.timezone || 'Asia/Shanghai';
}

// ——— The signed link (for email) ———

/**
 * The link's key is derived (HKDF, purpose "progress-link") from the server's secret key, the one
 * SMTP passwords are sealed with: SHOPDESK_SECRET_KEY, or the data directory's secret.key. Every
 * node that can open the others' sealed secrets shares it (the operations guide already requires
 * that on several nodes), nothing new is stored, and a link cannot be made or checked by anyone
 * without it. Not an inbox's identity secret: the shop holds that one and may rotate it for its
 * own reasons, which would silently break every link already mailed.
 */
function signingKey(): Buffer {
  return secretBox().derive('progress-link');
}

const VERSION = 'p1';
const MAC_BYTES = 16;

function mac(accountId: string, customerId: string): Buffer {
  return crypto.createHmac('sha256', signingKey()).update(`${VERSION}\n${accountId}\n${customerId}`).digest().subarray(0, MAC_BYTES);
}

/** The token in /progress/<token>: who it is for, in plain view, and a MAC no one can make without the key. */
export function progressToken(accountId: string, customerId: string): string {
  const who = Buffer.from(`${accountId}\n${customerId}`, 'utf8').toString('base64url');
  return `${VERSION}.${who}.${mac(accountId, customerId).toString('base64url')}`;
}

/** The account and customer a token names, or null for anything forged, changed or cut short. */
export function readProgressToken(token: string): { accountId: string; customerId: string } | null {
  const m = /^p1\.([A-Za-z0-9_-]{4,200})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const [accountId, customerId, extra] = Buffer.from(m[1], 'base64url').toString('utf8').split('\n');
  if (!accountId || !customerId || extra !== undefined) return null;
  const given = Buffer.from(m[2], 'base64url');
  const expected = mac(accountId, customerId);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? { accountId, customerId } : null;
}

/** The page a customer follows their work orders on, for emails; null when the server's public address is not known. */
export function progressLink(accountId: string, customerId: string, publicUrl: string | undefined): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}/progress/${progressToken(accountId, customerId)}`;
}

/**
 * The progress a valid token shows; null when the token is not good or its customer is gone. A
 * customer merged since the mail was sent is followed to the one they were merged into.
 */
export async function progressByToken(db: Db, token: string, locale: Locale, publicUrl: string | undefined): Promise<ProgressList | null> {
  const who = readProgressToken(token);
  if (!who) return null;
  let customerId = who.customerId;
  for (let hop = 0; hop < 5; hop++) {
    const c = await db.selectFrom('customers').select(['id', 'merged_into']).where('account_id', '=', who.accountId).where('id', '=', customerId).executeTakeFirst();
    if (!c) return null;
    if (!c.merged_into) break;
    customerId = c.merged_into;
  }
  const list = await progressFor(db, { accountId: who.accountId, customerId, locale, publicUrl });
  // The link stays the one the customer holds.
  return { ...list, link: progressLink(who.accountId, who.customerId, publicUrl) };
}
