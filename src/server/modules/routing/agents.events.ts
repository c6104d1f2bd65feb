import { onEvent } from '../../platform/events.ts';
import { AGENTS_CHANGED } from './agents.status.ts';
import { loadAgents } from './agents.service.ts';

/** After commit: every open workspace and the wallboard hear each changed agent as it is now. */
export function registerAgentEventHandlers(): void {
  onEvent(AGENTS_CHANGED, 'routing.agents.realtime', async (event, { db, publish }) => {
    const ids = Array.isArray(event.payload.userIds) ? event.payload.userIds.filter((id): id is string => typeof id === 'string') : [];
    for (const agent of await loadAgents(db, event.accountId, [...new Set(ids)])) {
      publish({ accountId: event.accountId, channel: 'account', event: 'agent.updated', data: { agent } });
    }
  });
}
