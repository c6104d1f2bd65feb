import type { Selectable } from 'kysely';
import { maskEmail, maskPhone } from '../../platform/mask.ts';
import { money } from '../../platform/money.ts';
import type { CustomerIdentitiesTable, CustomerRecordsView } from './customers.tables.ts';

/** Whether phone and email are shown in full, or masked (脱敏) for a role without customers.contact.read. */
export type ContactView = 'full' | 'masked';

export function presentProfile(c: Selectable<CustomerRecordsView>, view: ContactView) {
  const masked = view === 'masked';
  return {
    id: c.id,
    name: c.name,
    nickname: c.nickname,
    gender: c.gender,
    province: c.province,
    city: c.city,
    sourcePlatform: c.source_platform,
    sourceShop: c.source_shop,
    firstSeenAt: c.first_seen_at.toISOString(),
    lastSeenAt: c.last_seen_at.toISOString(),
    tier: c.tier,
    lifetimeSpend: money(c.lifetime_spend),
    orderCount: c.order_count,
    lastOrderAt: c.last_order_at ? c.last_order_at.toISOString() : null,
    phone: masked ? maskPhone(c.phone) : c.phone,
    email: masked ? maskEmail(c.email) : c.email,
    contactMasked: masked,
  };
}

export type CustomerProfile = ReturnType<typeof presentProfile>;

export function presentIdentity(i: Pick<Selectable<CustomerIdentitiesTable>, 'kind' | 'platform' | 'value'>, view: ContactView) {
  let value = i.value;
  if (view === 'masked' && i.kind === 'phone') value = maskPhone(i.value) ?? '';
  if (view === 'masked' && i.kind === 'email') value = maskEmail(i.value) ?? '';
  return { kind: i.kind, platform: i.platform, value };
}

export type CustomerIdentity = ReturnType<typeof presentIdentity>;
