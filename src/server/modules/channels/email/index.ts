import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.ts';
import type { Clock } from '../../../platform/clock.ts';
import { emailInboundRoutes } from './email-inbound.routes.ts';
import { emailInboxesRoutes } from './email-inboxes.routes.ts';

export { registerEmailChannelHandlers } from './email.events.ts';
export { sealStoredSmtpPasswords } from './email-smtp-password.ts';
export { firstSendingInbox, isPermanent as isPermanentSmtpError, sendByInbox } from './email-outbound.service.ts';

/** The email channel of conversations: inbox settings for admins, and the inbound address for the mail relay. */
export function emailChannelRoutes(deps: { db: Db; clock: Clock; publicUrl?: string }) {
  return async function (app: FastifyInstance) {
    await app.register(emailInboxesRoutes({ publicUrl: deps.publicUrl }));
    await app.register(emailInboundRoutes(deps));
  };
}
