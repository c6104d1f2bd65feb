import './key-accounts.errors.ts';

export { keyAccountsRoutes } from './key-accounts.routes.ts';
export { addInterval, nextVisitDue } from './visit-schedule.ts';
export type { KeyAccountsTables } from './key-accounts.tables.ts';
