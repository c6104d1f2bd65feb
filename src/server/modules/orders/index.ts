export { recentOrdersOf } from './orders.service.ts';
export type { RecentOrder } from './orders.presenters.ts';
export type { OrdersTables } from './orders.tables.ts';
