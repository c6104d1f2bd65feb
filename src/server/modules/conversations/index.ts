import type { FastifyInstance } from 'fastify';
import './conversations.errors.ts';
import { conversationsRoutes } from './conversations.routes.ts';
import { widgetRoutes, type WidgetDeps } from './widget.routes.ts';
import { quickRepliesRoutes } from './quick-replies.routes.ts';
import { inboxesRoutes } from './inboxes.routes.ts';
import { registerTypingFrames } from './typing.ts';
import { apiChannelRoutes } from '../channels/api/index.ts';
import { emailChannelRoutes } from '../channels/email/index.ts';
import { collaborationRoutes } from './collaboration.routes.ts';
import { attachmentsRoutes, widgetAttachmentsRoutes } from './attachments.routes.ts';
import { callsRoutes } from './calls.routes.ts';
import { labelsRoutes } from './labels.routes.ts';
import { workspaceRoutes } from './workspace.routes.ts';
import { customerPanelRoutes } from './customer-panel.routes.ts';

export { registerConversationsEventHandlers } from './conversations.events.ts';
export { ensureDefaultInbox } from './inboxes.service.ts';
export { signCustomerId } from './widget-identity.ts';
export { drainMessageWrites, setMessageWriteConcurrency } from './messages.batch.ts';
export { onConversationsArrived } from './arrivals.ts';
export { onAgentRecontact } from './contact-guard.ts';
export { queueSearchBackfill, registerWorkspaceJobs, WORKSPACE_SCHEDULES } from './workspace.jobs.ts';
export { reindexSearch } from './search.service.ts';
export { preciseWords } from './search.segment.ts';
export { businessHoursOf, isOpen } from './business-hours.ts';
export { resolveVisitor } from './visitors.service.ts';
export type { ConversationsTables } from './conversations.tables.ts';
export { openConversation, loadConversation, assignConversation } from './conversations.service.ts';
export { appendMessage } from './messages.service.ts';
export { checkFile, cleanFileName, contentDisposition, isInline } from './file-types.ts';

export function conversationsModuleRoutes(deps: WidgetDeps) {
  registerTypingFrames();
  return async function (app: FastifyInstance) {
    await app.register(conversationsRoutes());
    await app.register(widgetRoutes(deps));
    await app.register(quickRepliesRoutes());
    await app.register(workspaceRoutes());
    await app.register(customerPanelRoutes());
    await app.register(labelsRoutes());
    await app.register(collaborationRoutes());
    await app.register(attachmentsRoutes());
    await app.register(widgetAttachmentsRoutes(deps));
    await app.register(callsRoutes());
    await app.register(inboxesRoutes({ publicUrl: deps.publicUrl }));
    await app.register(apiChannelRoutes({ publicUrl: deps.publicUrl }));
    await app.register(emailChannelRoutes(deps));
  };
}
