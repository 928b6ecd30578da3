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
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  const headers = new Headers({
    accept: 'application/json',
    'accept-language': i18n.language === 'en' ? 'en' : 'zh-CN,zh;q=0.9',
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
  const payload: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const parsed = errorBody.safeParse(payload);
    if (parsed.success) {
      const { code, message, details } = parsed.data;
      throw new ApiError(res.status, code, message, details ?? []);
    }
    throw new ApiError(res.status, `HTTP_${res.status}`, i18n.t('errors.unknown'));
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError(res.status, 'BAD_RESPONSE', i18n.t('errors.unknown'));
  }
  return parsed.data;
}

export const api = {
  get: <S extends z.ZodType>(path: string, schema: S, query?: Query, signal?: AbortSignal) =>
    request('GET', path, schema, { query, signal }),
  post: <S extends z.ZodType>(path: string, schema: S, body?: unknown) =>
    request('POST', path, schema, { body }),
  patch: <S extends z.ZodType>(path: string, schema: S, body: unknown) =>
    request('PATCH', path, schema, { body }),
};
