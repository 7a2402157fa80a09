import { call, endpoints, expectError } from './client';

describe('service routes and the shared HTTP behaviour', () => {
  it('answers /health', async () => {
    const response = await call('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document of every contract route', async () => {
    const { status, body } = await call<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const operations = Object.entries(body.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'POST /auth/signup', 'POST /auth/confirm', 'POST /auth/resend-code', 'POST /auth/login', 'POST /auth/refresh',
        'POST /auth/logout', 'POST /auth/forgot-password', 'POST /auth/reset-password', 'GET /me',
        'GET /me/activity', 'GET /me/sessions', 'DELETE /me/sessions/{id}', 'DELETE /me/sessions', 'GET /me/export', 'DELETE /me',
        'GET /articles', 'GET /articles/{idOrSlug}', 'GET /videos/{id}', 'POST /videos/{id}/download', 'GET /me/downloads',
        'GET /drafts', 'GET /drafts/{id}', 'GET /articles/{id}/history',
        'POST /articles', 'PATCH /articles/{id}', 'POST /articles/{id}/publish', 'POST /articles/{id}/videos',
        'POST /videos/{id}/renditions', 'POST /videos/{id}/renditions/{name}/complete',
        'PUT /me/newsletter', 'GET /newsletter/unsubscribe', 'POST /newsletter/unsubscribe', 'GET /newsletters', 'GET /newsletters/{id}',
        'GET /health', 'GET /openapi.json',
      ].sort(),
    );
    // Every reference points at a schema that is there.
    const references = [...JSON.stringify(body).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((found) => found[1]!);
    expect(references.length).toBeGreaterThan(10);
    for (const name of references) expect(body.components.schemas[name]).toBeDefined();
  });

  it('answers an unknown path with 404 and a wrong method with 405', async () => {
    expectError(await call('GET', '/no/such/path'), 404, 'not_found');
    const wrongMethod = await call('DELETE', '/articles');
    expectError(wrongMethod, 405, 'method_not_allowed');
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });

  it('refuses a body over 64 KiB with 413, without reading it all', async () => {
    const response = await call('POST', '/auth/login', { body: JSON.stringify({ email: 'a@b.org', password: 'x'.repeat(1024 * 1024) }) });
    expectError(response, 413, 'payload_too_large');
  });

  it('sets security headers on every answer, errors included', async () => {
    for (const response of [await call('GET', '/health'), await call('GET', '/nowhere')]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('allows only configured origins, preflight included', async () => {
    const allowed = await call('GET', '/health', { headers: { origin: 'https://portal.example.org' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.org');
    const other = await call('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${endpoints.api}/articles`, {
      method: 'OPTIONS',
      headers: { origin: 'https://portal.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
