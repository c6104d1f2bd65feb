import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type VisitUnit = 'day' | 'week' | 'month';
export type VisitStatus = 'scheduled' | 'done' | 'cancelled';
export type KeyAccountContact = { name: string; title?: string | null; phone?: string | null; email?: string | null };

export type KeyAccountsTable = {
  account_id: string;
  customer_id: string;
  company: string | null;
  contacts: ColumnType<KeyAccountContact[], string | undefined, string>;
  contract_terms: string | null;
  notes: string | null;
  /** NUMERIC: arrives as a string. Percent off the list price (10 = 九折). */
  discount_percent: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  payment_terms: string | null;
  visit_every: number | null;
  visit_unit: VisitUnit | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type KeyAccountVisitsTable = {
  id: Generated<number>;
  account_id: string;
  customer_id: string;
  due_at: Timestamp;
  status: Generated<VisitStatus>;
  outcome: string | null;
  done_at: NullableTimestamp;
  done_by: string | null;
  created_at: Timestamp;
};

export type KeyAccountsTables = { key_accounts: KeyAccountsTable; key_account_visits: KeyAccountVisitsTable };
