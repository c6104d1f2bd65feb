import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export type OutboxTable = {
  id: Generated<number>;
  account_id: string;
  type: string;
  payload: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  processed_at: Date | null;
  attempts: Generated<number>;
  locked_until: Date | null;
  last_error: string | null;
};

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export type JobsTable = {
  id: string;
  account_id: string | null;
  name: string;
  payload: Json<Record<string, unknown>>;
  state: Generated<JobState>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  singleton_key: string | null;
  locked_by: string | null;
  locked_until: Date | null;
  progress: Json<Record<string, unknown> | null> | null;
  last_error: string | null;
  result: Json<unknown> | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
};

export type ScheduleRunsTable = {
  schedule: string;
  slot: Date;
  claimed_by: string;
  claimed_at: Generated<Date>;
};

export type PlatformTables = {
  outbox: OutboxTable;
  jobs: JobsTable;
  schedule_runs: ScheduleRunsTable;
  schema_migrations: { version: number; name: string; checksum: string; applied_at: Generated<Date> };
};
