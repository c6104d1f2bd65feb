import type { ColumnType, Generated } from 'kysely';

export const CONSENT_CHANNELS = ['web', 'email', 'phone', 'sms', 'api'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_SOURCES = ['widget', 'import', 'agent', 'customer_request'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];
export type ConsentStatus = 'opted_in' | 'opted_out';

export type CustomerConsentsTable = {
  id: Generated<number>;
  account_id: string;
  customer_id: string;
  channel: ConsentChannel;
  status: ConsentStatus;
  source: ConsentSource;
  note: string | null;
  actor_id: string | null;
  occurred_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type ConsentTables = { customer_consents: CustomerConsentsTable };
