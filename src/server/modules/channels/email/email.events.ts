import { onEvent } from '../../../platform/events.ts';
import { defineJob } from '../../../platform/jobs.ts';
import { messageFrame, type Message } from '../../conversations/conversations.presenters.ts';
import { queueEmailReply, sendEmailReply, SEND_REPLY_JOB } from './email-outbound.service.ts';

/**
 * Agents' public replies in email conversations leave by SMTP as durable jobs (retried, sent once);
 * the workspace hears when a reply's delivery state changes.
 */
export function registerEmailChannelHandlers(): void {
  onEvent('message.created', 'email.outbound', async (event, { db }) => {
    await queueEmailReply(db, event);
  });
  onEvent('message.updated', 'email.realtime', async (event, { publish }) => {
    publish(messageFrame(event.accountId, 'message.updated', { conversationId: String(event.payload.conversationId), message: event.payload.message as Message }));
  });
  defineJob(SEND_REPLY_JOB, sendEmailReply);
}
