import { onEvent } from '../../platform/events.ts';

/** Changes to users reach every open admin page of the account, and the user's own sessions. */
export function registerAccountsEventHandlers(): void {
  for (const type of ['user.updated', 'user.status_changed', 'user.invited']) {
    onEvent(type, 'accounts.realtime', async (event, { publish }) => {
      publish({ accountId: event.accountId, channel: 'account', event: type, data: event.payload });
      const userId = event.payload.userId;
      if (typeof userId === 'string') publish({ accountId: event.accountId, channel: `user:${userId}`, event: type, data: event.payload });
    });
  }
}
