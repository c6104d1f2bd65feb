import { api, apiRequest, ApiError, sessionHeaders } from '../../app/api-client';

/** Consent (订阅) and personal data (个人信息) of one customer, as in src/contracts/consent.ts and privacy.ts. */
export type ConsentChannel = 'web' | 'email' | 'phone' | 'sms' | 'api';
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['web', 'email', 'phone', 'sms', 'api'];
export type ConsentSource = 'widget' | 'import' | 'agent' | 'customer_request';
export const CONSENT_SOURCES: readonly ConsentSource[] = ['customer_request', 'agent', 'widget', 'import'];
export type ConsentStatus = 'opted_in' | 'opted_out';
export type StartChannel = 'web' | 'email' | 'phone' | 'api';

export type ConsentChange = {
  channel: ConsentChannel;
  status: ConsentStatus;
  source: ConsentSource;
  note: string | null;
  actor: { id: string; name: string } | null;
  occurredAt: string;
};

export type Consents = {
  customerId: string;
  current: ConsentChange[];
  history: ConsentChange[];
  window: { lastContactAt: string | null; openUntil: string | null };
};

export type RevealedContact = {
  customerId: string;
  phone: string | null;
  email: string | null;
  address: { province: string | null; city: string | null; district: string | null };
  identities: { kind: string; platform: string | null; value: string }[];
};

const customerPath = (id: string) => `/api/customers/${encodeURIComponent(id)}`;

export const consentApi = {
  get: (customerId: string, signal?: AbortSignal) => api.get<Consents>(`${customerPath(customerId)}/consents`, undefined, signal),
  change: (customerId: string, changes: { channel: ConsentChannel; status: ConsentStatus; source: ConsentSource; note?: string }[]) =>
    apiRequest<Consents>(`${customerPath(customerId)}/consents`, { method: 'PUT', body: { changes } }),
  startConversation: (customerId: string, channel: StartChannel) =>
    api.post<{ conversation: { id: string }; created: boolean }>(`${customerPath(customerId)}/conversations`, { channel }),
};

export const privacyApi = {
  reveal: (customerId: string, reason?: string) => api.post<RevealedContact>(`${customerPath(customerId)}/reveal`, reason ? { reason } : {}),
  erase: (customerId: string, reason?: string) => api.post<{ customerId: string; erasedAt: string }>(`${customerPath(customerId)}/erase`, { confirm: true, ...(reason ? { reason } : {}) }),
  /** Downloads the export as a file: the answer is fetched (with the session) and saved under the server's file name. */
  download: async (customerId: string): Promise<void> => {
    const res = await fetch(`${customerPath(customerId)}/export`, { credentials: 'same-origin', headers: { Accept: 'application/json', ...sessionHeaders() } });
    if (!res.ok) {
      const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
      throw new ApiError(res.status, body?.error?.code ?? 'bad_response', body?.error?.message ?? '');
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `customer-${customerId}.json`;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
  },
};
