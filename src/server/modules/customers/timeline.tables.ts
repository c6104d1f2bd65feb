import type { ColumnType, Generated } from 'kysely';

export type CustomerEventsTable = {
  id: Generated<string>;
  account_id: string;
  customer_id: string;
  kind: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  actor_id: string | null;
  occurred_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type TimelineTables = { customer_events: CustomerEventsTable };
