import { z } from 'zod';
import { Inbox } from './conversations.ts';

/**
 * The email channel: a mail relay posts each message the shop's address receives (the raw RFC 5322
 * source) to the inbox's inbound address; agents' replies leave by the inbox's SMTP server.
 */
export const EMAIL_INBOUND_KEY_HEADER = 'x-shopdesk-inbound-key';

const Address = z.email().max(254);
const Hostname = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]{2,45}\]?$/, 'a host name or IP address')
  .describe('the SMTP server, e.g. smtp.exmail.qq.com');
const Port = z.number().int().min(1).max(65535);
const SmtpUser = z.string().trim().min(1).max(254);
const SmtpPassword = z.string().min(1).max(500).describe('write-only: never returned, only whether one is set');

export const SmtpSettingsInput = z.strictObject({
  host: Hostname,
  port: Port.default(465),
  secure: z.boolean().default(true).describe('true: TLS from the first byte (usually port 465); false: plain, upgraded with STARTTLS when the server offers it (usually 587 or 25)'),
  user: SmtpUser.nullable().optional(),
  password: SmtpPassword.nullable().optional(),
});

export const SmtpSettingsPatch = z.strictObject({
  host: Hostname.optional(),
  port: Port.optional(),
  secure: z.boolean().optional(),
  user: SmtpUser.nullable().optional(),
  password: SmtpPassword.nullable().optional().describe('absent: keep; null: remove; a string: replace'),
});

export const EmailInboxCreate = z.strictObject({
  name: z.string().trim().min(1).max(40),
  address: Address.describe('the shop’s address customers write to; replies are sent from it'),
  displayName: z.string().trim().max(80).optional().describe('the sender name customers see, e.g. 花漾美妆客服'),
  smtp: SmtpSettingsInput.optional().describe('how replies leave; without it the inbox only receives'),
});

export const EmailSettingsPatch = z.strictObject({
  address: Address.optional(),
  displayName: z.string().trim().max(80).optional(),
  smtp: SmtpSettingsPatch.nullable().optional().describe('null removes the SMTP settings: replies are then not sent'),
});

export const EmailSettings = z.object({
  address: z.string(),
  displayName: z.string(),
  inboundUrl: z.string().describe('where the mail relay posts each raw message (POST, message/rfc822)'),
  inboundKey: z.string().describe(`the relay sends it as the ${EMAIL_INBOUND_KEY_HEADER} header (or ?key=); keep it secret`),
  smtp: z
    .object({ host: z.string(), port: z.number().int(), secure: z.boolean(), user: z.string().nullable(), passwordSet: z.boolean() })
    .nullable(),
}).meta({ id: 'EmailSettings' });

export const EmailInbox = z.object({ inbox: Inbox, settings: EmailSettings });

export const EmailInboundParams = z.strictObject({ inboxId: z.string().min(1).max(64) });
export const EmailInboundQuery = z.object({ key: z.string().max(200).optional().describe(`the inbound key, for relays that cannot set the ${EMAIL_INBOUND_KEY_HEADER} header`) });
export const EmailInboundResult = z.object({
  status: z.enum(['stored', 'duplicate', 'ignored']).describe('duplicate: this Message-ID was stored before; ignored: a copy of the shop’s own mail'),
  conversationId: z.string().nullable(),
  messageId: z.string().nullable(),
});
