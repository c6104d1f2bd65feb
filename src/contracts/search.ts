import { z } from 'zod';
import { IsoDate } from './common.ts';
import { Channel, ConversationStatus, MessageKind, SenderType } from './conversations.ts';

/** Search across conversations and messages (Chinese segmented with jieba). */
export const SearchQuery = z.strictObject({
  q: z.string().trim().max(100).default('').describe('words, Chinese or not; all must match, the last one as a prefix'),
  before: z.string().regex(/^\d{1,18}$/).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const Highlight = z.object({ start: z.number().int(), end: z.number().int() }).describe('UTF-16 offsets into the snippet');

export const SearchConversation = z.object({
  id: z.string(),
  status: ConversationStatus,
  channel: Channel,
  customer: z.object({ id: z.string(), name: z.string() }),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  inbox: z.object({ id: z.string(), name: z.string() }),
  lastMessageAt: IsoDate.nullable(),
}).meta({ id: 'SearchConversation' });

export const MessageHit = z.object({
  message: z.object({
    id: z.string(),
    kind: MessageKind,
    senderType: SenderType,
    senderName: z.string().nullable().describe('an address used as a name masked (z***@example.com) unless the caller holds customers.contact.read'),
    createdAt: IsoDate,
  }),
  snippet: z.string().describe('plain text around the first hit; render it as text'),
  highlights: z.array(Highlight),
  conversation: SearchConversation,
}).meta({ id: 'MessageHit' });

export const SearchResult = z.object({
  terms: z.array(z.string()).describe('the words the query was cut into'),
  messages: z.array(MessageHit).describe('newest first; internal notes included'),
  nextCursor: z.string().nullable(),
  conversations: z.array(SearchConversation).describe('conversations whose customer name or nickname holds the query (first page only)'),
});
