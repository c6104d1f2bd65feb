import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as T from '../../../contracts/tickets.ts';
import { errorResponses } from '../../../contracts/common.ts';
import { ageReport, slaReport } from './reports.service.ts';

const tags = ['work-orders'];

/** Work order reports (工单报表): SLA hit rate and the open work orders by age. */
export function reportsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/work-orders/reports/sla', { config: { access: 'work_orders.reports' }, schema: { tags, summary: 'SLA hit rate (达成率) of the work orders created in the months (Beijing time), by team, type and month', querystring: T.ReportQuery, response: { 200: T.SlaReport, ...errorResponses } } }, async (req) => {
      return slaReport(req.ctx(), req.query);
    });

    r.get('/work-orders/reports/age', { config: { access: 'work_orders.reports' }, schema: { tags, summary: 'The open work orders (new, open, pending) by age since created, overall and by team', response: { 200: T.AgeReport, ...errorResponses } } }, async (req) => {
      return ageReport(req.ctx());
    });
  };
}
