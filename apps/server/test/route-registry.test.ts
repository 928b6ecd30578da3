// Every /api route must declare a permission: the app refuses to start otherwise, and every
// route that is not explicitly public refuses an anonymous caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type TestApp } from '../../../tests/setup/app';
import { expectError, expectOk, fillParams, listRoutes, send } from './helpers';

/** The only routes reachable without a session. */
const PUBLIC = [
  { method: 'POST', url: '/api/auth/login' },
  { method: 'GET', url: '/api/health' },
  { method: 'HEAD', url: '/api/health' },
  { method: 'GET', url: '/api/openapi.json' },
  { method: 'HEAD', url: '/api/openapi.json' },
  // Public recruitment pages (rate-limited): announcement, application form, status lookup.
  ...[
    '/api/public/recruitment/plans',
    '/api/public/recruitment/plans/:id',
    '/api/public/recruitment/options',
  ].flatMap((url) => [
    { method: 'GET', url },
    { method: 'HEAD', url },
  ]),
  { method: 'POST', url: '/api/public/recruitment/plans/:id/applications' },
  { method: 'POST', url: '/api/public/recruitment/attachments' },
  { method: 'POST', url: '/api/public/recruitment/status' },
  // Public survey form (rate-limited per address and per code).
  ...[
    '/api/public/surveys/:campaignId',
    '/api/public/surveys/:campaignId/workers/:workerId/photo',
  ].flatMap((url) => [
    { method: 'GET', url },
    { method: 'HEAD', url },
  ]),
  { method: 'POST', url: '/api/public/surveys/:campaignId/responses' },
  // Public disclosure pages (cached) and complaint submission and follow-up (rate-limited).
  ...[
    '/api/public/communities/:id/disclosures',
    '/api/public/communities/:id/disclosures/:itemId',
    '/api/public/complaints/communities',
  ].flatMap((url) => [
    { method: 'GET', url },
    { method: 'HEAD', url },
  ]),
  { method: 'POST', url: '/api/public/complaints' },
  { method: 'POST', url: '/api/public/complaints/track' },
  { method: 'POST', url: '/api/public/complaints/rate' },
  { method: 'POST', url: '/api/public/complaints/attachments' },
  // Public honour roll of a community (rate-limited).
  { method: 'GET', url: '/api/public/communities/:id/honors' },
  { method: 'HEAD', url: '/api/public/communities/:id/honors' },
];
const isDocs = (url: string) =>
  url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs*');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    extraRoutes: (app) => {
      app.get('/api/test-declared', { config: { permission: 'org:manage' } }, async () => ({
        ok: true,
      }));
    },
  });
});
afterAll(async () => {
  await t?.close();
});

describe('route registry', () => {
  it('refuses to build an app with an /api route that declares no permission', async () => {
    await expect(
      createTestApp({
        seed: false,
        extraRoutes: (app) => app.get('/api/undeclared', async () => 'x'),
      }),
    ).rejects.toThrow(/GET \/api\/undeclared does not declare a permission/);
    await expect(
      createTestApp({
        seed: false,
        extraRoutes: (app) => {
          app.post('/api/undeclared-post', { config: {} }, async () => 'x');
        },
      }),
    ).rejects.toThrow(/does not declare a permission/);
  });

  it('refuses a permission that is not in the catalogue', async () => {
    await expect(
      createTestApp({
        seed: false,
        extraRoutes: (app) => {
          // @ts-expect-error -- the type already forbids it; the runtime check is what is tested
          app.get('/api/typo', { config: { permission: 'org:raed' } }, async () => 'x');
        },
      }),
    ).rejects.toThrow(/declares unknown permission org:raed/);
    for (const permission of [[], ['org:read', 'org:raed'], ['org:read', 'public']]) {
      await expect(
        createTestApp({
          seed: false,
          extraRoutes: (app) => {
            // @ts-expect-error -- as above: only the runtime check is tested
            app.get('/api/typo', { config: { permission } }, async () => 'x');
          },
        }),
        JSON.stringify(permission),
      ).rejects.toThrow(/declares unknown permission/);
    }
  });

  it('enforces a declared permission on an added route', async () => {
    expectError(await as(t.app, null).get('/api/test-declared'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(await as(t.app, await login(t.app, 'street')).get('/api/test-declared'), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectOk(await as(t.app, await login(t.app, 'district')).get('/api/test-declared'));
  });

  it('lets no route of the real app be reached anonymously, except the public ones', async () => {
    const routes = listRoutes(t.app).filter((r) => r.url.startsWith('/api'));
    expect(routes.length).toBeGreaterThan(30);
    for (const p of PUBLIC) expect(routes, `${p.method} ${p.url}`).toContainEqual(p);
    const checked: string[] = [];
    for (const r of routes) {
      if (isDocs(r.url)) continue;
      const res = await send(t.app, {
        method: r.method as 'GET',
        url: fillParams(r.url),
        ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { payload: {} }),
      });
      const isPublic = PUBLIC.some((p) => p.method === r.method && p.url === r.url);
      if (isPublic) {
        expect(res.statusCode, `${r.method} ${r.url}`).not.toBe(401);
      } else {
        expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(401);
        if (r.method !== 'HEAD') expect(res.json<{ code: string }>().code).toBe('UNAUTHENTICATED');
      }
      checked.push(`${r.method} ${r.url}`);
    }
    // The registry covers every module, including ones added after this test was written.
    for (const expected of [
      'GET /api/org-units/:id',
      'PATCH /api/users/:id',
      'POST /api/roles',
      'PATCH /api/dictionaries/:code/items/:itemId',
      'GET /api/audit-logs',
      'POST /api/auth/logout',
    ]) {
      expect(checked).toContain(expected);
    }
  });

  it('serves the API docs without a session', async () => {
    const res = await as(t.app, null).get('/api/docs');
    expectOk(res);
  });
});
