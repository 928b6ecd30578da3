// Health check, response headers, and the API description (OpenAPI document and docs page).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, testConfig, type TestApp } from '../../../tests/setup/app';
import { buildApp } from '../src/app';
import { connect } from '../src/db/client';
import { expectError, listRoutes, send } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/health', () => {
  it('answers ok without a session, with security headers and a request id', async () => {
    const res = await as(t.app, null).get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
    });
    expect(String(res.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
    const head = await send(t.app, { method: 'HEAD', url: '/api/health' });
    expect(head.statusCode).toBe(200);
  });

  it('echoes a well-formed x-request-id and replaces a malformed one', async () => {
    const ok = await send(t.app, {
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'trace-42_a' },
    });
    expect(ok.headers['x-request-id']).toBe('trace-42_a');
    const bad = await send(t.app, {
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'has spaces; and <tags>' },
    });
    expect(bad.headers['x-request-id']).not.toContain(' ');
    expect(String(bad.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 UNAVAILABLE when the database cannot be reached', async () => {
    const dead = connect(t.db.url, 1);
    await dead.close();
    const app = await buildApp({ cfg: testConfig(), db: t.db.db, pool: dead.pool, logger: false });
    try {
      expectError(await app.inject({ method: 'GET', url: '/api/health' }), {
        status: 503,
        code: 'UNAVAILABLE',
        message: '服务暂不可用',
      });
    } finally {
      await app.close();
    }
  });
});

describe('API description', () => {
  it('publishes an OpenAPI document listing every API path', async () => {
    const res = await as(t.app, null).get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('社区工作者队伍建设管理平台 API');
    expect(doc.components.securitySchemes.session).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'cwp_session',
    });
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const routes = listRoutes(t.app).filter(
      (r) =>
        r.url.startsWith('/api/') &&
        r.method !== 'HEAD' &&
        !r.url.startsWith('/api/docs') &&
        r.url !== '/api/openapi.json',
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      const openApiPath = r.url.replace(/:(\w+)/g, '{$1}');
      expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${openApiPath}`);
    }
    // Request schemas come from the shared zod contracts.
    const create = doc.paths['/api/org-units']?.post as { requestBody?: unknown } | undefined;
    expect(JSON.stringify(create?.requestBody)).toContain('divisionCode');
  });

  it('serves the interactive docs as HTML', async () => {
    const res = await as(t.app, null).get('/api/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Swagger UI');
  });
});
