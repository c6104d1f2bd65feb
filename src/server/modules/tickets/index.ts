import type { FastifyInstance } from 'fastify';
import './tickets.errors.ts';
import { workOrdersRoutes } from './tickets.routes.ts';

export type { TicketsTables } from './tickets.tables.ts';
export { notify } from './notifications.service.ts';
export { registerTicketsEventHandlers, registerTicketsJobs, sweepSla, TICKETS_SCHEDULES } from './tickets.jobs.ts';

export type TicketsDeps = { publicUrl?: string };

/** Work orders (工单): types, SLA policies and calendars, the work orders, notifications, progress and reports. */
export function ticketsModuleRoutes(deps: TicketsDeps) {
  return async function (app: FastifyInstance) {
    await app.register(workOrdersRoutes());
    void deps;
  };
}
