import { z } from 'zod';
import { IsoDate } from './common.ts';

/** Consent to be contacted (订阅), per channel, with its history; and starting a conversation within the contact window. */
export const ConsentChannel = z.enum(['web', 'email', 'phone', 'sms', 'api']);
export type ConsentChannel = z.infer<typeof ConsentChannel>;
export const ConsentSource = z.enum(['widget', 'import', 'agent', 'customer_request']);
export const ConsentStatus = z.enum(['opted_in', 'opted_out']);

export const ConsentChange = z.object({
  channel: ConsentChannel,
  status: ConsentStatus,
  source: ConsentSource,
  note: z.string().nullable(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  occurredAt: IsoDate,
}).meta({ id: 'ConsentChange' });

export const Consents = z.object({
  customerId: z.string(),
  current: z.array(ConsentChange).describe('the latest choice on each channel that has one'),
  history: z.array(ConsentChange).describe('every change, newest first'),
  window: z.object({
    lastContactAt: IsoDate.nullable().describe('the later of the last order and the last conversation'),
    openUntil: IsoDate.nullable().describe('30 days after lastContactAt: until then an agent may start a conversation'),
  }),
}).meta({ id: 'Consents' });

export const ConsentsBody = z.strictObject({
  changes: z.array(z.strictObject({
    channel: ConsentChannel,
    status: ConsentStatus,
    source: ConsentSource.default('agent'),
    note: z.string().trim().max(200).optional(),
  })).min(1).max(5),
});

export const StartConversationBody = z.strictObject({
  channel: z.enum(['web', 'email', 'phone', 'api']),
});
