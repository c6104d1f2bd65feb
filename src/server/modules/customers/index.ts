import './customers.errors.ts';

export { contactViewOf, loadCustomerProfile } from './customers.service.ts';
export { type ContactView, type CustomerIdentity, type CustomerProfile } from './customers.presenters.ts';
export type { CustomersTables } from './customers.tables.ts';
export { recordCustomerEvents, type CustomerEvent } from './timeline.service.ts';
export { customerRecordRoutes } from './customer-record.routes.ts';
export { recountOrderAggregates } from './order-aggregates.ts';
