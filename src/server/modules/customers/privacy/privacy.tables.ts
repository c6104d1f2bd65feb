import type { ColumnType } from 'kysely';

/** The column migrations/0013 adds to customers: when the customer's personal data was erased. */
export type PrivacyTables = {
  customers: { erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null> };
};
