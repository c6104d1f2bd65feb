import { ApiError, sessionHeaders } from './api-client';

/**
 * Uploads a file as the raw request body with the session's headers, reporting progress (0–100),
 * and resolves with the stored file the server answers with (`{ attachment }`, 201). Errors come
 * back as ApiError in the one error shape; an abort rejects with AbortError.
 */
export function uploadRaw<T>(url: string, file: File, opts: { headers?: Record<string, string>; onProgress?: (percent: number) => void; signal?: AbortSignal } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [k, v] of Object.entries({ ...sessionHeaders(), ...opts.headers })) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(Math.floor((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', ''));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let data: { attachment?: T; error?: { code?: string; message?: string; field?: string } } | undefined;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 201 && data?.attachment) resolve(data.attachment);
      else reject(new ApiError(xhr.status, data?.error?.code ?? 'bad_response', data?.error?.message ?? '', data?.error?.field));
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
