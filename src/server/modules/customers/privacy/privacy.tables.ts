import type { ColumnType } from 'kysely';

/** The column migrations/0013 adds to customers: when the customer's personal data was erased. */
export type PrivacyTables = {
  customers: { erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null> };
  contact_views: ContactViewsTable;
};

/** migrations/0022: who has seen a customer's full contacts, once per member, customer and day. */
export type ContactViewsTable = {
  account_id: string;
  user_id: string;
  customer_id: string;
  day: string;
};
