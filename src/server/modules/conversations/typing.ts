import { z } from 'zod';
import { onSocketFrame } from '../../realtime/gateway.ts';
import { can } from '../accounts/index.ts';

const TypingFrame = z.object({ type: z.literal('typing'), conversationId: z.string().min(1).max(64), on: z.boolean() });

/**
 * "正在输入…" both ways. It is ephemeral: published straight to the sockets, never stored. An agent's
 * typing reaches the shopper under the agent's public nickname; the shopper's reaches the workspace.
 */
export function registerTypingFrames(): void {
  onSocketFrame('typing', async (raw, { auth, deps, reply }) => {
    const parsed = TypingFrame.safeParse(raw);
    if (!parsed.success) return reply({ type: 'error', code: 'validation_failed' });
    if (auth.actor.type !== 'user' || !can(auth.actor.role, 'conversations.reply')) return reply({ type: 'error', code: 'forbidden' });
    const { conversationId, on } = parsed.data;
    const db = deps.database.db;
    const [conversation, user] = await Promise.all([
      db.selectFrom('conversations').select('id').where('account_id', '=', auth.accountId).where('id', '=', conversationId).executeTakeFirst(),
      db.selectFrom('users').select(['name', 'nickname']).where('account_id', '=', auth.accountId).where('id', '=', auth.actor.id).executeTakeFirst(),
    ]);
    if (!conversation) return reply({ type: 'error', code: 'not_found' });
    deps.realtime.publish({ accountId: auth.accountId, channel: `conversation:${conversationId}`, event: 'typing', data: { on, name: user?.nickname ?? user?.name ?? '' } });
  });
}
