import { api } from '../../app/api-client';
import { uploadRaw } from '../../app/upload';
import type { AttachmentRef, ConversationSummary, Message } from '../../app/api-types';

/**
 * Where the browser fetches a stored file (the session cookie opens it; <img> and <audio> can use it
 * directly). `thumb`: an image's small copy for the timeline, or the image itself until that is made.
 */
export const attachmentUrl = (id: string, size: 'full' | 'thumb' = 'full') => `/api/attachments/${encodeURIComponent(id)}${size === 'thumb' ? '?size=thumb' : ''}`;

export const isImage = (a: Pick<AttachmentRef, 'contentType'>) => a.contentType.startsWith('image/');
export const isAudio = (a: Pick<AttachmentRef, 'contentType'>) => a.contentType.startsWith('audio/');

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Uploads a file to the conversation as the raw request body, reporting progress (0–100). The
 * stored file is sent with a message by its id.
 */
export function uploadAttachment(conversationId: string, file: File, onProgress?: (percent: number) => void, signal?: AbortSignal): Promise<AttachmentRef> {
  return uploadRaw<AttachmentRef>(`/api/conversations/${encodeURIComponent(conversationId)}/attachments?name=${encodeURIComponent(file.name)}`, file, { onProgress, signal });
}

export type CallDirection = 'inbound' | 'outbound';
export type CallInput = { clientId: string; direction: CallDirection; number?: string; durationSec: number; summary: string; recordingId?: string };

export const callsApi = {
  /** The open phone conversation of a number; the customer is found by phone, or made. */
  openByPhone: (number: string, name?: string) =>
    api.post<{ conversation: ConversationSummary; created: boolean }>('/api/conversations/phone', { number, ...(name ? { name } : {}) }),
  log: (conversationId: string, input: CallInput) =>
    api.post<{ message: Message }>(`/api/conversations/${encodeURIComponent(conversationId)}/calls`, input).then((r) => r.message),
};

/** A call's meta, as the server stores it. */
export type CallMeta = { direction: CallDirection; number: string; durationSec: number };

export function callMeta(m: Pick<Message, 'meta'>): CallMeta | null {
  const meta = m.meta as Partial<CallMeta>;
  if (meta.direction !== 'inbound' && meta.direction !== 'outbound') return null;
  return { direction: meta.direction, number: String(meta.number ?? ''), durationSec: Number(meta.durationSec ?? 0) };
}

export function duration(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = sec % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
