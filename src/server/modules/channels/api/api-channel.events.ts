import { onEvent } from '../../../platform/events.ts';
import { defineJob } from '../../../platform/jobs.ts';
import type { Message } from '../../conversations/conversations.presenters.ts';
import { DELIVER_JOB, queueReplyDelivery } from './webhook-deliveries.service.ts';
import { deliverWebhook } from './webhook-delivery.job.ts';

/** Agents' public replies in API inboxes go out to the connector's webhook, as durable jobs. */
export function registerApiChannelHandlers(): void {
  onEvent('message.created', 'api.webhook', async (event, { db, clock }) => {
    await queueReplyDelivery(db, event.accountId, String(event.payload.conversationId), event.payload.message as Message, clock.now());
  });
  defineJob(DELIVER_JOB, deliverWebhook);
}
