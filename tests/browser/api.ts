// Setup through the API for the browser journeys: sign in and call endpoints directly, so that a
// journey's screens are the only thing it exercises through the browser.
import { DEMO_PASSWORD } from './harness';

export interface ApiSession {
  cookie: string;
  csrf: string;
  user: { id: number; workerId: number | null; orgUnit: { id: number; name: string } };
}

/** Signs a demo account in through the API. */
export async function apiLogin(baseUrl: string, username: string): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await res.json()) as { csrfToken: string; user: ApiSession['user'] };
  return { cookie, csrf: body.csrfToken, user: body.user };
}

/** One request as `s`: a JSON body, or a FormData (multipart) one; throws on any non-2xx answer. */
export async function apiCall<T>(
  baseUrl: string,
  s: ApiSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const isForm = body instanceof FormData;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
