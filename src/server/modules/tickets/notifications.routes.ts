import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as T from '../../../contracts/tickets.ts';
import { errorResponses } from '../../../contracts/common.ts';
import { listNotifications, readNotifications } from './notifications.service.ts';

const tags = ['notifications'];

/** A member's own notifications (通知): the bell in the app's header. */
export function notificationsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/notifications', { config: { access: 'authenticated' }, schema: { tags, summary: 'My notifications, newest first, with how many are unread (an API token has none: an empty list)', querystring: T.NotificationsQuery, response: { 200: T.NotificationList, ...errorResponses } } }, async (req) => {
      return listNotifications(req.ctx(), { unread: req.query.unread === 'true', cursor: req.query.cursor, limit: req.query.limit });
    });

    r.post('/notifications/read', { config: { access: 'authenticated' }, schema: { tags, summary: 'Mark my notifications read: by id, or all', body: T.NotificationsReadBody, response: { 200: z.object({ updated: z.number().int(), unread: z.number().int() }), ...errorResponses } } }, async (req) => {
      return readNotifications(req.ctx(), req.body);
    });
  };
}
