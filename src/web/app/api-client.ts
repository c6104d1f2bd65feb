import type { Locale } from '../i18n/messages';

/** The one error shape of the API, plus `network_error` / `bad_response` made up here. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

type Query = Record<string, string | number | undefined | null>;
type RequestOptions = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown; query?: Query; signal?: AbortSignal };

// Module state rather than React state: the client is called from event handlers and effects alike.
let currentLocale: Locale = 'zh-CN';
let csrfToken: string | null = null;
let unauthenticatedHandler: (() => void) | null = null;

export function setApiLocale(locale: Locale): void {
  currentLocale = locale;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The language and CSRF headers of a state-changing call, for requests made without apiRequest (uploads with progress). */
export function sessionHeaders(): Record<string, string> {
  return { 'Accept-Language': currentLocale, ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) };
}

/** Called when a request answers 401 `unauthenticated`: the session is gone. */
export function onUnauthenticated(handler: (() => void) | null): void {
  unauthenticatedHandler = handler;
}

const SESSION_PROBES = ['/api/auth/me', '/api/auth/login', '/api/invitations/accept'];

function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLocale };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', '');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }

  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    const apiError = new ApiError(response.status, error?.code ?? 'bad_response', error?.message ?? '', error?.field);
    if (response.status === 401 && apiError.code === 'unauthenticated' && !SESSION_PROBES.includes(path)) {
      unauthenticatedHandler?.();
    }
    throw apiError;
  }
  if (payload === undefined && text) throw new ApiError(response.status, 'bad_response', '');
  return payload as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T = void>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};
