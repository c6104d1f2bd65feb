import type { FastifyInstance } from 'fastify';
import './conversations.errors.ts';
import { conversationsRoutes } from './conversations.routes.ts';
import { widgetRoutes, type WidgetDeps } from './widget.routes.ts';
import { quickRepliesRoutes } from './quick-replies.routes.ts';
import { inboxesRoutes } from './inboxes.routes.ts';
import { registerTypingFrames } from './typing.ts';

export { registerConversationsEventHandlers } from './conversations.events.ts';
export { ensureDefaultInbox, signCustomerId } from './inboxes.service.ts';
export type { ConversationsTables } from './conversations.tables.ts';

export function conversationsModuleRoutes(deps: WidgetDeps) {
  registerTypingFrames();
  return async function (app: FastifyInstance) {
    await app.register(conversationsRoutes());
    await app.register(widgetRoutes(deps));
    await app.register(quickRepliesRoutes());
    await app.register(inboxesRoutes({ publicUrl: deps.publicUrl }));
  };
}
