import type { AttachmentRef, LeaveMessageBody, Locale, Message, ProgressList, WidgetSendResult, WidgetSession, WidgetSessionBody } from './types.ts';

/** An answer from the API in its one error shape `{error:{code,message,field?}}`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

/** The request never got an answer (offline, DNS, CORS, server down). */
export class NetworkError extends Error {}

/** The widget's HTTP calls to /api/widget/v1, on the origin the script was loaded from. */
export class WidgetApi {
  token: string | null = null;

  constructor(readonly origin: string, private locale: Locale, private networkErrorText: string) {}

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'accept-language': this.locale };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers['x-visitor-token'] = this.token;
    let res: Response;
    try {
      res = await fetch(`${this.origin}/api/widget/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        mode: 'cors',
      });
    } catch {
      throw new NetworkError(this.networkErrorText);
    }
    let data: any = null;
    try {
      data = await res.json();
    } catch {
      // no JSON: handled below
    }
    if (res.ok && data) return data as T;
    const err = data?.error;
    if (err && typeof err.message === 'string') throw new ApiError(res.status, String(err.code ?? 'error'), err.message, err.field);
    if (res.status >= 500 || res.ok) throw new NetworkError(this.networkErrorText);
    throw new ApiError(res.status, `http_${res.status}`, `${this.networkErrorText} (HTTP ${res.status})`);
  }

  createSession(body: WidgetSessionBody): Promise<WidgetSession> {
    return this.request('POST', '/sessions', body);
  }

  send(clientId: string, text: string, attachmentIds?: string[]): Promise<WidgetSendResult> {
    return this.request('POST', '/messages', attachmentIds?.length ? { clientId, body: text, attachmentIds } : { clientId, body: text });
  }

  /** Uploads a file as the raw request body (XHR, for the progress events fetch does not give). */
  upload(file: File, onProgress: (percent: number) => void): Promise<AttachmentRef> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.origin}/api/widget/v1/attachments?name=${encodeURIComponent(file.name)}`);
      xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
      xhr.setRequestHeader('accept-language', this.locale);
      if (this.token) xhr.setRequestHeader('x-visitor-token', this.token);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.floor((e.loaded / e.total) * 100));
      xhr.onerror = () => reject(new NetworkError(this.networkErrorText));
      xhr.onload = () => {
        let data: any = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          // not JSON: handled below
        }
        if (xhr.status === 201 && data?.attachment) resolve(data.attachment);
        else if (data?.error?.message) reject(new ApiError(xhr.status, String(data.error.code), data.error.message));
        else reject(new NetworkError(this.networkErrorText));
      };
      xhr.send(file);
    });
  }

  /** A file of the conversation, or an image's thumbnail, as a blob: the token goes in a header, never in a URL. */
  async file(id: string, size: 'full' | 'thumb' = 'full'): Promise<Blob> {
    const res = await fetch(`${this.origin}/api/widget/v1/attachments/${encodeURIComponent(id)}${size === 'thumb' ? '?size=thumb' : ''}`, { headers: { 'x-visitor-token': this.token ?? '' }, credentials: 'omit', mode: 'cors' });
    if (!res.ok) throw new NetworkError(this.networkErrorText);
    return res.blob();
  }

  list(after: string): Promise<{ items: Message[] }> {
    return this.request('GET', `/messages?after=${encodeURIComponent(after)}&limit=200`);
  }

  read(upTo: string): Promise<{ agentReadUpTo: string }> {
    return this.request('POST', '/read', { upTo });
  }

  leaveMessage(body: LeaveMessageBody): Promise<unknown> {
    return this.request('POST', '/leave-message', body);
  }

  workOrders(): Promise<ProgressList> {
    return this.request('GET', '/work-orders');
  }

  socketUrl(after: string): string {
    const url = new URL('/api/widget/v1/socket', this.origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.token ?? '');
    url.searchParams.set('after', after);
    return url.toString();
  }
}
