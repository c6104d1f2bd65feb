import type { FastifyInstance } from 'fastify';
import { attributesRoutes } from './attributes.routes.ts';
import { customersRoutes } from './customers.routes.ts';

/** The customer record (客户档案): customers, custom attributes, notes and the timeline. */
export function customerRecordRoutes() {
  return async function (app: FastifyInstance) {
    await app.register(customersRoutes());
    await app.register(attributesRoutes());
  };
}
