import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as T from '../../../contracts/tickets.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { ensureTicketDefaults } from './settings.defaults.ts';
import {
  createCalendar, createPolicy, createType, deleteCalendar, deletePolicy, deleteType,
  listCalendars, listPolicies, listTypes, updateCalendar, updatePolicy, updateType,
} from './settings.service.ts';
import { CHINA_PUBLIC_HOLIDAYS } from './sla/sla-calendar.ts';

const tags = ['work-orders'];
const CalendarOne = z.object({ calendar: T.SlaCalendar });
const PolicyOne = z.object({ policy: T.SlaPolicy });
const TypeOne = z.object({ type: T.WorkOrderType });
const TypesQuery = z.strictObject({ includeArchived: z.enum(['true', 'false']).optional().describe('true: archived types too, after the others') });
const HolidayList = z.object({ days: z.array(T.CalendarDay) });

/** Settings of work orders: service calendars (服务时间), SLA policies (SLA 策略), work order types (工单类型). */
export function settingsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ——— Service calendars ———
    r.get('/sla-calendars', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'The service calendars (a new account first gets a Monday–Friday 9:00–18:00 one with China’s public holidays)', response: { 200: T.SlaCalendarList, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      await ensureTicketDefaults(ctx);
      return { items: await listCalendars(ctx) };
    });

    r.get('/sla-calendars/public-holidays', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'China’s public holidays and make-up working days as the State Council set them, to import into a calendar', response: { 200: HolidayList, ...errorResponses } } }, async () => {
      return { days: CHINA_PUBLIC_HOLIDAYS.map((d) => ({ ...d })) };
    });

    r.post('/sla-calendars', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Add a service calendar', body: T.SlaCalendarBody, response: { 201: CalendarOne, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ calendar: await createCalendar(req.ctx(), req.body) });
    });

    r.patch('/sla-calendars/:id', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Change a service calendar: its week, holidays and make-up working days', params: IdParams, body: T.SlaCalendarPatch, response: { 200: CalendarOne, ...errorResponses } } }, async (req) => {
      return { calendar: await updateCalendar(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/sla-calendars/:id', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Delete a service calendar; refused while an SLA policy runs on it', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await deleteCalendar(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    // ——— SLA policies ———
    r.get('/sla-policies', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'The SLA policies with their targets by priority and tier, reminder and escalation levels', response: { 200: T.SlaPolicyList, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      await ensureTicketDefaults(ctx);
      return { items: await listPolicies(ctx) };
    });

    r.post('/sla-policies', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Add an SLA policy', body: T.SlaPolicyBody, response: { 201: PolicyOne, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ policy: await createPolicy(req.ctx(), req.body) });
    });

    r.patch('/sla-policies/:id', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Change an SLA policy; work orders already created keep their due times', params: IdParams, body: T.SlaPolicyPatch, response: { 200: PolicyOne, ...errorResponses } } }, async (req) => {
      return { policy: await updatePolicy(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/sla-policies/:id', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Delete an SLA policy; refused while a work order type uses it', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await deletePolicy(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    // ——— Work order types ———
    r.get('/work-order-types', { config: { access: 'work_orders.read' }, schema: { tags, summary: 'The work order types in use, in order, with their fields (archived ones too with includeArchived=true)', querystring: TypesQuery, response: { 200: T.WorkOrderTypeList, ...errorResponses } } }, async (req) => {
      const ctx = req.ctx();
      await ensureTicketDefaults(ctx);
      return { items: await listTypes(ctx, { includeArchived: req.query.includeArchived === 'true' }) };
    });

    r.post('/work-order-types', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Add a work order type with its fields, default team, priority and SLA policy', body: T.WorkOrderTypeBody, response: { 201: TypeOne, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ type: await createType(req.ctx(), req.body) });
    });

    r.patch('/work-order-types/:id', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Change a work order type; archived: true archives it (no new work orders of it), false restores it', params: IdParams, body: T.WorkOrderTypePatch, response: { 200: TypeOne, ...errorResponses } } }, async (req) => {
      return { type: await updateType(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/work-order-types/:id', { config: { access: 'work_orders.settings' }, schema: { tags, summary: 'Delete a work order type no work order was made of; one in use is archived instead', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await deleteType(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });
  };
}
