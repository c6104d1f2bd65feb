import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import './orders.errors.ts';
import { ordersRoutes, orderWebhookReceiverRoutes } from './orders.routes.ts';
import { productsRoutes } from './products.routes.ts';
import { importsRoutes } from './imports/imports.routes.ts';
import { shipmentsRoutes } from './shipments.routes.ts';

export { recentOrdersOf } from './orders.service.ts';
export { trackingOf } from './shipments.service.ts';
export type { RecentOrder } from './orders.presenters.ts';
export type { OrdersTables } from './orders.tables.ts';
export { ingestOrders, type IngestResult } from './orders.ingest.ts';
export { normalizeOrder, type NormalizedOrder } from './orders.normalize.ts';
export { registerOrdersJobs } from './imports/imports.jobs.ts';

/** Orders (订单) and the product catalogue: orders in by CSV, API and webhook; lists and details. */
export function ordersModuleRoutes(deps: { db: Db; clock: Clock; publicUrl?: string }) {
  return async function (app: FastifyInstance) {
    await app.register(ordersRoutes({ publicUrl: deps.publicUrl }));
    await app.register(orderWebhookReceiverRoutes(deps));
    await app.register(productsRoutes());
    await app.register(importsRoutes());
    await app.register(shipmentsRoutes());
  };
}
