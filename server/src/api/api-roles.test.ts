import supertest from 'supertest';
import { can, type Permission, type Role } from '@keyway/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiV1 } from '../test-support/openapi-contract';
import { routeTable } from '../test-support/route-table';
import { createTestApp, signedInAgent } from '../test-support/test-app';

/** Every /api/v1 route and the permission its API key's role needs; the first test proves the list is whole. */
const V1_ROUTES: { method: 'get' | 'post' | 'patch' | 'delete'; path: string; needs: Permission }[] = [
  { method: 'get', path: '/api/v1/connectionSpecs', needs: 'read' },
  { method: 'get', path: '/api/v1/connectionSpecs/:id', needs: 'read' },
  { method: 'get', path: '/api/v1/connections', needs: 'read' },
  { method: 'post', path: '/api/v1/connections', needs: 'datasources.write' },
  { method: 'get', path: '/api/v1/connections/:id', needs: 'read' },
  { method: 'patch', path: '/api/v1/connections/:id', needs: 'datasources.write' },
  { method: 'delete', path: '/api/v1/connections/:id', needs: 'datasources.write' },
  { method: 'post', path: '/api/v1/connections/:id/test', needs: 'datasources.test' },
  { method: 'post', path: '/api/v1/keyPairs', needs: 'datasources.write' },
];

describe('roles on every /api/v1 route', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    ctx = await createTestApp();
    const admin = await signedInAgent(ctx.app, ctx.db);
    for (const role of ['admin', 'editor', 'viewer'] as const) keys[role] = (await admin.post('/api/api-keys').send({ name: role, role }).expect(201)).body.key;
  });
  afterAll(async () => {
    await ctx.close();
  });

  // Through the contract check: a refusal is documented as much as a success.
  const call = (route: (typeof V1_ROUTES)[number], key?: string) => {
    const api = apiV1(ctx.app, key ?? null);
    return api[route.method](route.path.replace('/api/v1', '').replace(':id', 'no-such-id')).send(route.method === 'patch' ? [] : {});
  };

  it('lists every /api/v1 route the app has, and no route it does not have', () => {
    // The document itself is public: no role needed.
    const publicRoutes = ['get /api/v1/openapi.json'];
    expect(routeTable(ctx.app).filter((route) => route.includes(' /api/v1/') && !publicRoutes.includes(route))).toEqual(V1_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(routeTable(ctx.app)).toEqual(expect.arrayContaining(publicRoutes));
  });

  it('attack: a key whose role does not grant a route gets 403 there, and past the check otherwise', async () => {
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      for (const route of V1_ROUTES) {
        const res = await call(route, keys[role]);
        const allowed = can(role, route.needs);
        expect({ role, route: `${route.method} ${route.path}`, forbidden: res.status === 403 }).toEqual({ role, route: `${route.method} ${route.path}`, forbidden: !allowed });
      }
    }
  });

  it('attack: without a key every /api/v1 route answers 401 with a Bearer challenge', async () => {
    for (const route of V1_ROUTES) {
      const res = await call(route);
      expect({ route: route.path, status: res.status, challenge: res.headers['www-authenticate'] }).toEqual({ route: route.path, status: 401, challenge: 'Bearer realm="keyway"' });
    }
  });

  it('serves the OpenAPI document and its readable page without a key, the page within the console\'s Content-Security-Policy', async () => {
    const document = await apiV1(ctx.app, null).get('/openapi.json').expect(200);
    expect(document.body).toMatchObject({ openapi: '3.1.0', paths: { '/connections': expect.any(Object) } });
    const page = await supertest(ctx.app).get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('POST /api/v1/connections'.split(' ')[0]);
    expect(page.text).toContain('/connections/{id}');
  });
});
