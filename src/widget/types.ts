import type { z } from 'zod';
import type { Message as MessageSchema } from '../contracts/conversations.ts';
import type {
  LeaveMessageBody as LeaveMessageBodySchema,
  WidgetClientFrame as WidgetClientFrameSchema,
  WidgetIdentity as WidgetIdentitySchema,
  WidgetSendResult as WidgetSendResultSchema,
  WidgetSession as WidgetSessionSchema,
  WidgetSessionBody as WidgetSessionBodySchema,
} from '../contracts/widget.ts';
import type { ProgressList as ProgressListSchema } from '../contracts/tickets.ts';

// Type-only imports: the contract's zod schemas keep the widget in step with the server, at no cost to the bundle.
export type Message = z.output<typeof MessageSchema>;
export type AttachmentRef = Message['attachments'][number];
export type WidgetSession = z.output<typeof WidgetSessionSchema>;
export type WidgetSessionBody = z.input<typeof WidgetSessionBodySchema>;
export type WidgetIdentity = z.input<typeof WidgetIdentitySchema>;
export type WidgetSendResult = z.output<typeof WidgetSendResultSchema>;
export type LeaveMessageBody = z.input<typeof LeaveMessageBodySchema>;
/** 我的工单: the shopper's work orders and the shop's public answers. */
export type ProgressList = z.output<typeof ProgressListSchema>;
export type WidgetClientFrame = z.input<typeof WidgetClientFrameSchema>;
export type Inbox = WidgetSession['inbox'];
export type Entry = NonNullable<WidgetSessionBody['entry']>;
export type Locale = 'zh-CN' | 'en';

/** The shopper's place in the queue: 1 is next; the wait in seconds, null when it cannot be told. */
export type QueuePlace = { position: number; etaSeconds: number | null };

/** Server → client socket frames (the contract does not name them yet). */
export type WidgetServerFrame =
  | { type: 'ready'; visitorId: string; conversationId: string | null; agentReadUpTo?: string; queue?: QueuePlace | null }
  | { type: 'queue'; position: number | null; etaSeconds: number | null }
  | { type: 'read'; agentReadUpTo: string }
  | { type: 'message'; message: Message }
  | { type: 'ack'; clientId: string; message: Message }
  | { type: 'typing'; on: boolean; name?: string }
  | { type: 'error'; code: string; message: string; clientId?: string }
  | { type: 'pong'; id?: string | null };

/** What the shop may set on `window.ShopDeskSettings` before the script tag. */
export type ShopDeskSettings = {
  locale?: string;
  identity?: WidgetIdentity;
  product?: { id?: string; name?: string };
};
