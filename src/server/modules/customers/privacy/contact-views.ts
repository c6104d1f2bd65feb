import { sql } from 'kysely';
import type { Ctx } from '../../../platform/context.ts';
import { newId } from '../../../platform/ids.ts';
import { can } from '../../accounts/index.ts';

/** A customer whose full phone or email an answer is about to show, and which of the two. */
export type ShownContact = { id: string; label?: string | null; fields: string[] };

const CONTACT_KEYS = ['phone', 'email', 'phones', 'emails'];
const isFull = (v: unknown) => typeof v === 'string' && v.length > 0 && !v.includes('*');

/**
 * The customers whose full contacts an answer holds, found by walking it: a phone or email (or a
 * list of them) not masked, belonging to the nearest enclosing customer (an object whose `id` is a
 * customer id, or that names a `customerId`): the record itself, a duplicate pair's sides, a key
 * account file's business contacts.
 */
export function contactsIn(answer: unknown): ShownContact[] {
  const found = new Map<string, ShownContact>();
  const walk = (v: unknown, owner: { id: string; label: string | null } | null) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, owner));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const ownId = typeof o.customerId === 'string' ? o.customerId : typeof o.id === 'string' && o.id.startsWith('cus_') ? o.id : null;
    const label = (o.name ?? o.nickname ?? o.customerName ?? null) as string | null;
    const here = ownId ? { id: ownId, label: typeof label === 'string' ? label : null } : owner;
    for (const [k, x] of Object.entries(o)) {
      if (here && CONTACT_KEYS.includes(k) && (isFull(x) || (Array.isArray(x) && x.some((y) => isFull(y) || isFull((y as { value?: unknown })?.value))))) {
        const c = found.get(here.id) ?? { id: here.id, label: here.label, fields: [] };
        const field = k.replace(/s$/, '');
        if (!c.fields.includes(field)) c.fields.push(field);
        found.set(here.id, c);
      } else if (x && typeof x === 'object') walk(x, here);
    }
  };
  walk(answer, null);
  return [...found.values()];
}

/** China's calendar day of a moment (the shops' day, whatever the server's time zone). */
const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Notes that the caller is shown these customers' full contacts (a working view: the customer list
 * and record, a conversation's side panel and messages, duplicates, key accounts, live events).
 * The first time each member sees each customer's contacts on a day writes a
 * 'customer.contact_viewed' audit entry naming the view; later looks that day write nothing more.
 * Callers who see contacts masked, and customers with no phone or email shown, are not noted.
 */
export async function noteContactsShown(ctx: Ctx, shown: ShownContact[], via: string): Promise<void> {
  if (!can(ctx.actor.role, 'customers.contact.read') || ctx.actor.id === null) return;
  const byId = new Map<string, ShownContact>();
  for (const c of shown) if (c.fields.length) byId.set(c.id, c);
  if (byId.size === 0) return;
  const day = chinaDay(ctx.clock.now());
  const ids = [...byId.keys()];
  const { rows } = await sql<{ customer_id: string }>`
    insert into contact_views (account_id, user_id, customer_id, day)
    select ${ctx.accountId}, ${ctx.actor.id}, id, ${day}::date from unnest(${ids}::text[]) as id
    on conflict do nothing
    returning customer_id`.execute(ctx.db);
  if (rows.length === 0) return;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('audit_log')
    .values(
      rows.map((r) => {
        const c = byId.get(r.customer_id)!;
        return {
          id: newId('aud'),
          account_id: ctx.accountId,
          actor_type: ctx.actor.type,
          actor_id: ctx.actor.id,
          actor_name: ctx.actor.name,
          action: 'customer.contact_viewed',
          target_type: 'customer',
          target_id: c.id,
          target_label: c.label ?? c.id,
          data: JSON.stringify({ via, fields: c.fields }),
          ip: ctx.ip ?? null,
          user_agent: ctx.userAgent ?? null,
          created_at: now,
        };
      }),
    )
    .execute();
}

/** Notes the full contacts in a working view's answer (see noteContactsShown), then gives the answer back. */
export async function withContactsNoted<T>(ctx: Ctx, via: string, answer: T): Promise<T> {
  await noteContactsShown(ctx, contactsIn(answer), via);
  return answer;
}
