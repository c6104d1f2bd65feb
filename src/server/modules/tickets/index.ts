import type { FastifyInstance } from 'fastify';
import './tickets.errors.ts';
import { workOrdersRoutes } from './tickets.routes.ts';
import type { Db } from '../../db/database.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { progressRoutes } from './progress.routes.ts';
import { settingsRoutes } from './settings.routes.ts';
import { reportsRoutes } from './reports.routes.ts';

export type { TicketsTables } from './tickets.tables.ts';
export { ensureTicketDefaults } from './settings.defaults.ts';
export { notify } from './notifications.service.ts';
export { registerNotificationHandlers, registerNotificationJobs } from './notifications.events.ts';
export { progressLink } from './progress.service.ts';
export { progressPageRoutes } from './progress.routes.ts';
export { registerTicketsEventHandlers, registerTicketsJobs, sweepSla, TICKETS_SCHEDULES } from './tickets.jobs.ts';

export type TicketsDeps = { db: Db; publicUrl?: string };

/** Work orders (工单): types, SLA policies and calendars, the work orders, notifications, progress and reports. */
export function ticketsModuleRoutes(deps: TicketsDeps) {
  return async function (app: FastifyInstance) {
    await app.register(workOrdersRoutes(deps));
    await app.register(notificationsRoutes());
    await app.register(progressRoutes(deps));
    await app.register(settingsRoutes());
    await app.register(reportsRoutes());
    void deps;
  };
}
