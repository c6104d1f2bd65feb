import { z } from 'zod';
import { AttachmentRef, ClientId, ConversationSummary, Message } from './conversations.ts';

/**
 * Files in conversations and logged phone calls. An upload is the file's raw bytes as the request
 * body, its type as Content-Type and its name as `?name=`; the answer is the stored file's id,
 * which a message then carries in `attachmentIds`.
 */
export const UploadQuery = z.strictObject({
  name: z.string().max(255).optional().describe('the file name, e.g. 退货凭证.pdf (URL-encoded); a path is cut off'),
});

/** Downloading a file: the file itself, or an image's thumbnail for a message list. */
export const DownloadQuery = z.strictObject({
  size: z
    .enum(['full', 'thumb'])
    .default('full')
    .describe('thumb: the image’s thumbnail (WebP, longest side at most 320 px); the file itself while it has none yet, and for anything but a JPEG, PNG, GIF or WebP image'),
});

export type DownloadSize = z.infer<typeof DownloadQuery>['size'];

/** The request body of an upload: raw bytes. Documented as binary; the route reads it as a stream. */
export const UploadBytes = z.unknown().meta({ type: 'string', format: 'binary', description: 'the file itself, with its type as Content-Type' });

export const UPLOAD_CONTENT_TYPES = ['application/octet-stream', 'image/*', 'audio/*', 'text/plain', 'text/csv', 'application/pdf', 'application/zip', 'application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.*'];

export const Uploaded = z.object({ attachment: AttachmentRef });

export const CallDirection = z.enum(['inbound', 'outbound']).describe('inbound: the customer called (来电); outbound: we called (去电)');

export const LogCallBody = z.strictObject({
  clientId: ClientId,
  direction: CallDirection,
  number: z.string().trim().max(32).optional().describe("the other party's number; the customer's phone when left out"),
  durationSec: z.number().int().min(0).max(86_400),
  summary: z.string().trim().max(5000).default('').describe('what was said and agreed'),
  recordingId: z.string().min(1).max(64).optional().describe('an audio file uploaded to this conversation beforehand'),
});

export const PhoneConversationBody = z.strictObject({
  number: z.string().trim().min(1).max(32).describe('digits, spaces, dashes and a leading + are fine'),
  name: z.string().trim().max(80).optional().describe("the caller's name, for a customer not known yet"),
});

export const PhoneConversation = z.object({ conversation: ConversationSummary, created: z.boolean().describe('a new customer or conversation was made for this number') });
export const CallLogged = z.object({ message: Message });
