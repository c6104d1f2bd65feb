import { api } from '../../app/api-client';
import type { Channel } from '../../app/api-types';
import type { BusinessHours } from './business-hours-field';

export type InboxLimits = { messagesPerMinute: number; newVisitorsPerMinute: number };
export type Inbox = { id: string; name: string; channel: Channel; greeting: string; color: string; offline: boolean; limits: InboxLimits; businessHours: BusinessHours; createdAt: string };
export type InboxPatch = Partial<Pick<Inbox, 'name' | 'greeting' | 'color' | 'offline' | 'businessHours'>> & { limits?: Partial<InboxLimits> };

export type SmtpSettings = { host: string; port: number; secure: boolean; user: string | null; passwordSet: boolean };
export type EmailSettings = { address: string; displayName: string; inboundUrl: string; inboundKey: string; smtp: SmtpSettings | null };
export type SmtpInput = { host?: string; port?: number; secure?: boolean; user?: string | null; password?: string | null };

export type SourcePlatform = 'taobao' | 'tmall' | 'jd' | 'shopify' | 'web';
export type ApiInboxSettings = { platform: SourcePlatform; enabled: boolean; webhookUrl: string | null; webhookSecretHint: string; messagesUrl: string };

const id = (inboxId: string) => encodeURIComponent(inboxId);

export const inboxesApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Inbox[] }>('/api/inboxes', undefined, signal).then((r) => r.items),
  update: (inboxId: string, patch: InboxPatch) => api.patch<{ inbox: Inbox }>(`/api/inboxes/${id(inboxId)}`, patch).then((r) => r.inbox),
  embed: (inboxId: string, signal?: AbortSignal) => api.get<{ snippet: string; identitySecret: string }>(`/api/inboxes/${id(inboxId)}/embed`, undefined, signal),
  rotateIdentitySecret: (inboxId: string) => api.post<{ identitySecret: string }>(`/api/inboxes/${id(inboxId)}/rotate-secret`),

  createEmail: (input: { name: string; address: string; displayName?: string; smtp?: SmtpInput }) => api.post<{ inbox: Inbox; settings: EmailSettings }>('/api/channels/email/inboxes', input),
  email: (inboxId: string, signal?: AbortSignal) => api.get<{ inbox: Inbox; settings: EmailSettings }>(`/api/channels/email/inboxes/${id(inboxId)}`, undefined, signal),
  updateEmail: (inboxId: string, patch: { address?: string; displayName?: string; smtp?: SmtpInput | null }) => api.patch<{ inbox: Inbox; settings: EmailSettings }>(`/api/channels/email/inboxes/${id(inboxId)}`, patch),
  rotateEmailKey: (inboxId: string) => api.post<{ inbox: Inbox; settings: EmailSettings }>(`/api/channels/email/inboxes/${id(inboxId)}/rotate-key`),

  createApi: (input: { name: string; platform: SourcePlatform; webhookUrl?: string | null }) =>
    api.post<{ inbox: Inbox; settings: ApiInboxSettings; webhookSecret: string }>('/api/channels/api/inboxes', input),
  apiSettings: (inboxId: string, signal?: AbortSignal) => api.get<{ inbox: Inbox; settings: ApiInboxSettings }>(`/api/channels/api/inboxes/${id(inboxId)}`, undefined, signal),
  updateApi: (inboxId: string, patch: { name?: string; platform?: SourcePlatform; webhookUrl?: string | null; enabled?: boolean }) =>
    api.patch<{ inbox: Inbox; settings: ApiInboxSettings }>(`/api/channels/api/inboxes/${id(inboxId)}`, patch),
  rotateWebhookSecret: (inboxId: string) => api.post<{ inbox: Inbox; settings: ApiInboxSettings; webhookSecret: string }>(`/api/channels/api/inboxes/${id(inboxId)}/rotate-secret`),
};
