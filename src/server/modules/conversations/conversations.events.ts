import { onEvent, onEvents } from '../../platform/events.ts';
import { loadConversations } from './conversations.service.ts';
import { HIDDEN_FROM_CUSTOMER } from './attachments.service.ts';
import { asShopperSees, messageFrame, type Message } from './conversations.presenters.ts';
import { registerApiChannelHandlers } from '../channels/api/index.ts';

/**
 * After commit: the workspace hears every message and change on the account channel; the
 * shopper's socket hears the public messages of their conversation, never an internal note or a logged call.
 */
export function registerConversationsEventHandlers(): void {
  onEvent('message.created', 'conversations.realtime', async (event, { publish }) => {
    const message = event.payload.message as Message;
    const conversationId = String(event.payload.conversationId);
    // Everyone signed in to the account hears this: each member with the customer's contacts
    // (a call's number, an email's addresses, a left message's phone) masked unless their role may see them.
    publish(messageFrame(event.accountId, 'message.created', { conversationId, message, preview: event.payload.preview }));
    if (!HIDDEN_FROM_CUSTOMER.includes(message.kind)) publish({ accountId: event.accountId, channel: `conversation:${conversationId}`, event: 'message.created', data: { message: asShopperSees(message) } });
  });
  // @mentions (and transfers) in notes: a row per colleague, and a live ping on their own channel.
  onEvent('message.created', 'conversations.mentions', async (event, { db, publish }) => {
    const message = event.payload.message as Message;
    const ids = Array.isArray(message.meta?.mentions) ? (message.meta.mentions as string[]) : [];
    if (message.kind !== 'note' || !ids.length) return;
    const conversationId = String(event.payload.conversationId);
    const exists = await db.selectFrom('mentions').select('id').where('account_id', '=', event.accountId).where('message_id', '=', Number(message.id)).executeTakeFirst();
    if (exists) return;
    const targets = ids.filter((id) => id !== message.sender?.id);
    if (!targets.length) return;
    await db.insertInto('mentions').values(targets.map((userId) => ({ account_id: event.accountId, conversation_id: conversationId, message_id: Number(message.id), user_id: userId, mentioned_by: message.sender?.id ?? null }))).execute();
    for (const userId of targets) {
      publish({ accountId: event.accountId, channel: `user:${userId}`, event: 'mention.created', data: { conversationId, messageId: message.id, by: message.sender?.name ?? '', excerpt: message.body.slice(0, 140), transfer: Boolean(message.meta?.transfer) } });
    }
  });
  onEvent('conversation.agent_read', 'conversations.realtime', async (event, { publish }) => {
    const conversationId = String(event.payload.conversationId);
    publish({ accountId: event.accountId, channel: `conversation:${conversationId}`, event: 'read', data: { agentReadUpTo: String(event.payload.upTo) } });
  });
  // Busy moments open and change many conversations a second: each is loaded once for all its
  // events in a dispatched batch, with one query (a query each kept the dispatcher, and on the
  // embedded store its single session, waiting). These go out after the batch's messages.
  for (const type of ['conversation.created', 'conversation.updated']) {
    onEvents(type, 'conversations.realtime', async (events, { db, publish }) => {
      const byAccount = new Map<string, Set<string>>();
      for (const e of events) {
        const ids = byAccount.get(e.accountId) ?? new Set<string>();
        ids.delete(String(e.payload.conversationId));
        ids.add(String(e.payload.conversationId));
        byAccount.set(e.accountId, ids);
      }
      for (const [accountId, ids] of byAccount) {
        const loaded = new Map((await loadConversations(db, accountId, [...ids])).map((c) => [c.id, c]));
        for (const id of ids) {
          const conversation = loaded.get(id);
          if (conversation) publish({ accountId, channel: 'account', event: type, data: { conversation } });
        }
      }
    });
  }
  // After the realtime handlers, so a slow or failing webhook step never holds up the workspace.
  registerApiChannelHandlers();
}
