import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission, type Role } from '@keyway/shared';
import { routeTable } from '../test-support/route-table';
import { browserAgent, createTestApp, signedInAs } from '../test-support/test-app';

/**
 * Every /api route and the permission it needs. The first test proves this list is the app's
 * whole route table, so a new route cannot ship without being listed (and so tested) here.
 */
const ROUTES: { method: 'get' | 'post' | 'put' | 'delete'; path: string; needs: Permission | 'public' }[] = [
  { method: 'get', path: '/api/healthz', needs: 'public' },
  // The machine API's reference, readable: what /api/v1/openapi.json says, as a page.
  { method: 'get', path: '/api/docs', needs: 'public' },
  { method: 'get', path: '/api/auth/session', needs: 'public' },
  { method: 'post', path: '/api/auth/setup', needs: 'public' },
  { method: 'post', path: '/api/auth/sign-in', needs: 'public' },
  { method: 'post', path: '/api/auth/sign-out', needs: 'public' },
  { method: 'put', path: '/api/account/password', needs: 'read' },
  { method: 'get', path: '/api/config', needs: 'read' },
  { method: 'get', path: '/api/folders', needs: 'read' },
  { method: 'post', path: '/api/folders', needs: 'datasources.write' },
  { method: 'get', path: '/api/datasources', needs: 'read' },
  { method: 'post', path: '/api/datasources/test', needs: 'datasources.test' },
  { method: 'post', path: '/api/datasources/key-pairs', needs: 'datasources.write' },
  { method: 'get', path: '/api/datasources/:id', needs: 'read' },
  { method: 'post', path: '/api/datasources', needs: 'datasources.write' },
  { method: 'put', path: '/api/datasources/:id', needs: 'datasources.write' },
  { method: 'post', path: '/api/datasources/:id/test', needs: 'datasources.test' },
  { method: 'delete', path: '/api/datasources/:id', needs: 'datasources.write' },
  { method: 'post', path: '/api/swagger/fetch', needs: 'datasources.write' },
  { method: 'get', path: '/api/health', needs: 'read' },
  { method: 'get', path: '/api/health/:id', needs: 'read' },
  { method: 'post', path: '/api/health/:id/check', needs: 'datasources.test' },
  { method: 'post', path: '/api/health/:id/pause', needs: 'health.operate' },
  { method: 'post', path: '/api/health/:id/resume', needs: 'health.operate' },
  { method: 'put', path: '/api/health/:id/settings', needs: 'health.operate' },
  { method: 'get', path: '/api/users', needs: 'users.manage' },
  { method: 'post', path: '/api/users', needs: 'users.manage' },
  { method: 'put', path: '/api/users/:id/role', needs: 'users.manage' },
  { method: 'post', path: '/api/users/:id/disable', needs: 'users.manage' },
  { method: 'post', path: '/api/users/:id/enable', needs: 'users.manage' },
  { method: 'put', path: '/api/users/:id/password', needs: 'users.manage' },
  { method: 'get', path: '/api/api-keys', needs: 'api_keys.manage' },
  { method: 'post', path: '/api/api-keys', needs: 'api_keys.manage' },
  { method: 'post', path: '/api/api-keys/:id/revoke', needs: 'api_keys.manage' },
  { method: 'get', path: '/api/audit', needs: 'audit.read' },
  { method: 'get', path: '/api/audit/export.csv', needs: 'audit.read' },
];

describe('roles on every route', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  const agents = {} as Record<Role, Awaited<ReturnType<typeof signedInAs>>['agent']>;

  beforeAll(async () => {
    ctx = await createTestApp();
    for (const role of ['admin', 'editor', 'viewer'] as const) agents[role] = (await signedInAs(ctx.app, ctx.db, role)).agent;
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('lists every route the app has, and no route it does not have', () => {
    expect(routeTable(ctx.app).filter((route) => !route.includes(' /api/v1/'))).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  async function statusesFor(role: Role, routes: typeof ROUTES) {
    const seen: Record<string, number> = {};
    for (const route of routes) {
      // Deliberately no real ids or bodies: past the role check the answer is 400 or 404, never 403.
      const res = await agents[role][route.method](route.path.replace(':id', 'no-such-id')).send({});
      seen[`${route.method} ${route.path}`] = res.status;
    }
    return seen;
  }
  const beyond = (role: Role) => ROUTES.filter((r) => r.needs !== 'public' && !can(role, r.needs));
  const granted = (role: Role) => ROUTES.filter((r) => r.needs !== 'public' && can(role, r.needs));
  const everyStatus = (routes: typeof ROUTES, status: number) => Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, status]));

  it('attack: a Viewer calling any route that changes or tests something gets 403', async () => {
    expect(beyond('viewer').length).toBe(23);
    expect(await statusesFor('viewer', beyond('viewer'))).toEqual(everyStatus(beyond('viewer'), 403));
  });

  it('attack: an Editor calling the users, API keys and audit routes gets 403', async () => {
    expect(beyond('editor').map((r) => r.path.split('/')[2])).toEqual([...Array(6).fill('users'), ...Array(3).fill('api-keys'), 'audit', 'audit']);
    expect(await statusesFor('editor', beyond('editor'))).toEqual(everyStatus(beyond('editor'), 403));
  });

  it('lets each role past the role check on every route the role grants', async () => {
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      const statuses = await statusesFor(role, granted(role));
      expect({ role, forbidden: Object.entries(statuses).filter(([, status]) => status === 403) }).toEqual({ role, forbidden: [] });
    }
  });

  it('attack: without a session every non-public route answers 401', async () => {
    const anonymous = browserAgent(ctx.app);
    for (const route of ROUTES.filter((r) => r.needs !== 'public')) {
      const res = await anonymous[route.method](route.path.replace(':id', 'no-such-id')).send({});
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
    }
  });
});
