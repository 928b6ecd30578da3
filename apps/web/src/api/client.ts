// The one way the web talks to the server: JSON over fetch with the session cookie, the CSRF token
// on every state-changing request, the interface language as Accept-Language, and one error type.
// Responses are parsed with the contract's zod schemas, so a page never trusts an unchecked shape.
import { z } from 'zod';
import { i18n } from '../i18n';

export interface FieldError {
  /** Dotted field path, e.g. "divisionCode" or "roles.0"; empty for the whole request. */
  path: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

// Kept in memory only: it comes with the login response and GET /api/auth/me.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const errorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

interface RequestOptions {
  query?: Query | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

async function request<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  const headers = new Headers({
    accept: 'application/json',
    'accept-language': acceptLanguage(),
  });
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (opts.signal) init.signal = opts.signal;
  if (opts.body !== undefined) {
    headers.set('content-type', 'application/json');
    init.body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), init);
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  if (!res.ok) throw await errorFrom(res);
  const payload: unknown = await res.json().catch(() => undefined);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError(res.status, 'BAD_RESPONSE', i18n.t('errors.unknown'));
  }
  return parsed.data;
}

/** Builds an ApiError from a failed response (the server's {code, message, details} when present). */
async function errorFrom(res: Response): Promise<ApiError> {
  const payload: unknown = await res.json().catch(() => undefined);
  const parsed = errorBody.safeParse(payload);
  if (parsed.success) {
    const { code, message, details } = parsed.data;
    return new ApiError(res.status, code, message, details ?? []);
  }
  return new ApiError(res.status, `HTTP_${res.status}`, i18n.t('errors.unknown'));
}

function acceptLanguage(): string {
  return i18n.language === 'en' ? 'en' : 'zh-CN,zh;q=0.9';
}

/** The file name of an attachment response (RFC 5987 `filename*` first, then `filename`). */
export function dispositionFileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

export interface DownloadOptions {
  query?: Query | undefined;
  /** Used when the response names no file. */
  fallbackName: string;
  /** Bytes received so far (a streamed export has no length up front). */
  onProgress?: (received: number) => void;
  signal?: AbortSignal | undefined;
}

/**
 * Downloads a file the session may read (template, export, error report, attachment) and hands
 * it to the browser as a download. Fetching it, rather than following a link, turns a refusal
 * into the usual error message instead of a page of JSON, and lets the page show progress.
 */
export async function downloadFile(path: string, opts: DownloadOptions): Promise<string> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      credentials: 'same-origin',
      headers: { 'accept-language': acceptLanguage() },
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (isAbortError(err)) throw err;
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  if (!res.ok) throw await errorFrom(res);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      opts.onProgress?.(received);
    }
  }
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  const blob = new Blob(chunks, { type });
  const name = dispositionFileName(res.headers.get('content-disposition'), opts.fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the blob goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export interface UploadOptions {
  query?: Query | undefined;
  /** 0–100 while the request body is sent. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal | undefined;
}

/**
 * Sends a multipart form (a file upload) with the session and the CSRF token. XMLHttpRequest,
 * not fetch, because only it reports upload progress.
 */
export function upload<S extends z.ZodType>(
  path: string,
  schema: S,
  form: FormData,
  opts: UploadOptions = {},
): Promise<z.output<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path, opts.query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', acceptLanguage());
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', i18n.t('errors.network')));
    xhr.onload = () => {
      let payload: unknown;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = undefined;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        const parsed = errorBody.safeParse(payload);
        reject(
          parsed.success
            ? new ApiError(
                xhr.status,
                parsed.data.code,
                parsed.data.message,
                parsed.data.details ?? [],
              )
            : new ApiError(xhr.status, `HTTP_${xhr.status}`, i18n.t('errors.unknown')),
        );
        return;
      }
      const parsed = schema.safeParse(payload);
      if (parsed.success) resolve(parsed.data);
      else reject(new ApiError(xhr.status, 'BAD_RESPONSE', i18n.t('errors.unknown')));
    };
    xhr.send(form);
  });
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, query?: Query, signal?: AbortSignal) =>
    request('GET', path, schema, { query, signal }),
  post: <S extends z.ZodType>(path: string, schema: S, body?: unknown) =>
    request('POST', path, schema, { body }),
  patch: <S extends z.ZodType>(path: string, schema: S, body: unknown) =>
    request('PATCH', path, schema, { body }),
  put: <S extends z.ZodType>(path: string, schema: S, body: unknown) =>
    request('PUT', path, schema, { body }),
};
