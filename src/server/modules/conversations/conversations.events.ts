import { onEvent } from '../../platform/events.ts';
import { loadConversation } from './conversations.service.ts';
import type { Message } from './conversations.presenters.ts';

/**
 * After commit: the workspace hears every message and change on the account channel; the
 * shopper's socket hears the public messages of their conversation, never an internal note.
 */
export function registerConversationsEventHandlers(): void {
  onEvent('message.created', 'conversations.realtime', async (event, { publish }) => {
    const message = event.payload.message as Message;
    const conversationId = String(event.payload.conversationId);
    publish({ accountId: event.accountId, channel: 'account', event: 'message.created', data: { conversationId, message } });
    if (message.kind !== 'note') publish({ accountId: event.accountId, channel: `conversation:${conversationId}`, event: 'message.created', data: { message } });
  });
  for (const type of ['conversation.created', 'conversation.updated']) {
    onEvent(type, 'conversations.realtime', async (event, { db, publish }) => {
      const conversation = await loadConversation(db, event.accountId, String(event.payload.conversationId)).catch(() => null);
      if (conversation) publish({ accountId: event.accountId, channel: 'account', event: type, data: { conversation } });
    });
  }
}
