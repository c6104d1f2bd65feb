import './merge.errors.ts';

export { customerMergeRoutes } from './merge.routes.ts';
export type { MergeTables } from './merge.tables.ts';
export { DUPLICATE_SCAN_JOB, DUPLICATE_SCHEDULES, registerDuplicateJobs } from './duplicates.jobs.ts';
