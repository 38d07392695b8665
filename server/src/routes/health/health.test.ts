import fs from 'node:fs';
import { sandboxSwaggerPath, startSalesforceSandbox, type SalesforceSandbox } from '@keyway/salesforce-sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAgent } from '../../test-support/test-app';

const swaggerText = fs.readFileSync(sandboxSwaggerPath, 'utf8');

describe('health: states under faults of the bundled Salesforce sandbox', () => {
  let sandbox: SalesforceSandbox;
  let originalSecret: string;
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let agent: Awaited<ReturnType<typeof signedInAgent>>;
  let folderId: string;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ port: 0 });
    originalSecret = sandbox.demoApp.consumerSecret;
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    sandbox.control.reset();
    sandbox.control.rotateSecret(sandbox.demoApp.consumerKey, originalSecret);
    ctx = await createTestApp({ allowHosts: [`127.0.0.1:${sandbox.port}`] });
    agent = await signedInAgent(ctx.app, ctx.db);
    folderId = (await agent.get('/api/folders').expect(200)).body.folders[0].id;
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function createDataSource(title: string) {
    const connection = {
      scheme: 'http' as const,
      host: `127.0.0.1:${sandbox.port}`,
      basePath: '/services/data',
      auth: {
        type: 'oauth2' as const,
        grantType: 'client_credentials' as const,
        clientId: sandbox.demoApp.consumerKey,
        clientSecret: originalSecret,
        tokenUrl: `${sandbox.url}/services/oauth2/token`,
        scope: '',
        clientAuthMethod: 'client_secret_post' as const,
      },
    };
    const test = await agent.post('/api/datasources/test').send(connection).expect(200);
    const created = await agent
      .post('/api/datasources')
      .send({
        title,
        name: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        description: '',
        serviceType: 'restful',
        swagger: { source: 'file', url: '', fileName: 'sf.yaml', document: swaggerText },
        ...connection,
        folderId,
        testReceipt: test.body.result.receipt,
      })
      .expect(201);
    return created.body.dataSource.id as string;
  }

  const check = async (id: string) => (await agent.post(`/api/health/${id}/check`).expect(200)).body.row;

  it('moves Healthy → failing (secret rotated) → Healthy → degraded (API 500) → Healthy, recording each change with its reason', async () => {
    const id = await createDataSource('Accounts');
    expect((await check(id)).state).toBe('enabled');

    sandbox.control.rotateSecret(sandbox.demoApp.consumerKey, 'rotated-at-the-provider');
    ctx.monitor.saved(id); // an edit would do this; here it only empties the token cache
    const failing = await check(id);
    expect(failing.state).toBe('failing');
    expect(failing.lastError).toMatchObject({ step: 'token', error: 'invalid_client', httpStatus: 400 });
    expect(failing.lastError.hint).toMatch(/Consumer Secret/);

    sandbox.control.rotateSecret(sandbox.demoApp.consumerKey, originalSecret);
    expect((await check(id)).state).toBe('enabled');

    sandbox.control.setApiFailure(500);
    const degraded = await check(id);
    expect(degraded.state).toBe('degraded');
    expect(degraded.lastError).toMatchObject({ step: 'api', httpStatus: 500 });

    sandbox.control.setApiFailure(null);
    const healthy = await check(id);
    expect(healthy.state).toBe('enabled');
    expect(healthy.lastError).toBeNull();
    expect(healthy.lastSuccessAt).not.toBeNull();

    const detail = (await agent.get(`/api/health/${id}?range=1h`).expect(200)).body;
    expect(detail.events.map((e: { from: string; to: string }) => `${e.from}>${e.to}`)).toEqual([
      'degraded>enabled',
      'enabled>degraded',
      'failing>enabled',
      'enabled>failing',
      'initializing>enabled',
    ]);
    expect(detail.events[3].reason).toMatch(/invalid_client/);
    expect(detail.checks.length).toBeGreaterThanOrEqual(5);
    expect(detail.latency.length).toBeGreaterThan(0);
    expect(healthy.uptime24h).toBeGreaterThan(0);
    expect(healthy.uptime24h).toBeLessThan(1);
  });

  it('reuses the token between checks and refreshes it once when the API answers 401', async () => {
    const id = await createDataSource('Contacts');
    await check(id);
    const afterFirst = sandbox.control.tokenRequestCount();
    await check(id);
    await check(id);
    expect(sandbox.control.tokenRequestCount()).toBe(afterFirst);

    sandbox.control.revokeAllTokens();
    expect((await check(id)).state).toBe('enabled');
    expect(sandbox.control.tokenRequestCount()).toBe(afterFirst + 1);
  });

  it('pauses and resumes, and a paused data source is not checked', async () => {
    const id = await createDataSource('Leads');
    await check(id);
    const running = (await agent.get(`/api/health/${id}`).expect(200)).body.row;
    expect(Date.parse(running.nextCheckAt)).toBeGreaterThan(Date.now());
    expect(running.circuitOpenUntil).toBeNull();
    const paused = (await agent.post(`/api/health/${id}/pause`).expect(200)).body.row;
    expect(paused.state).toBe('disabled');
    expect(paused.nextCheckAt).toBeNull();
    const before = sandbox.control.tokenRequestCount();
    sandbox.control.rotateSecret(sandbox.demoApp.consumerKey, 'rotated');
    ctx.monitor.saved(id);
    expect((await check(id)).state).toBe('disabled');
    expect(sandbox.control.tokenRequestCount()).toBe(before);

    sandbox.control.rotateSecret(sandbox.demoApp.consumerKey, originalSecret);
    const resumed = (await agent.post(`/api/health/${id}/resume`).expect(200)).body.row;
    expect(resumed.state).toBe('enabled');
    const again = await agent.post(`/api/health/${id}/resume`).expect(409);
    expect(again.body.error.message).toMatch(/not paused/);
  });

  it('lists with counts by state, filters, search and pages; validates the interval', async () => {
    const a = await createDataSource('Alpha Orders');
    const b = await createDataSource('Beta Invoices');
    await check(a);
    await check(b);
    sandbox.control.setApiFailure(503);
    await check(b);

    const all = (await agent.get('/api/health').expect(200)).body;
    expect(all.summary).toMatchObject({ total: 2, byState: { enabled: 1, degraded: 1 } });
    // Needing attention first: the degraded one leads.
    expect(all.rows.map((r: { title: string }) => r.title)).toEqual(['Beta Invoices', 'Alpha Orders']);
    expect(all.rows[0].recentLatencyMs.length).toBeGreaterThan(0);

    const degraded = (await agent.get('/api/health?state=degraded').expect(200)).body;
    expect(degraded.rows.map((r: { title: string }) => r.title)).toEqual(['Beta Invoices']);
    const searched = (await agent.get('/api/health?search=ORDERS').expect(200)).body;
    expect(searched.rows.map((r: { title: string }) => r.title)).toEqual(['Alpha Orders']);
    // "_" is a character to find, not LIKE's any-character wildcard ("a o" would match it).
    expect((await agent.get('/api/health?search=a_o').expect(200)).body.total).toBe(0);
    await agent.get('/api/health?page=1e20').expect(400);
    const page2 = (await agent.get('/api/health?pageSize=1&page=2').expect(200)).body;
    expect(page2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.rows.map((r: { title: string }) => r.title)).toEqual(['Alpha Orders']);

    const bad = await agent.put(`/api/health/${a}/settings`).send({ intervalSeconds: 10 }).expect(400);
    expect(bad.body.error.details.fieldErrors.intervalSeconds[0]).toMatch(/30 seconds/);
    const ok = await agent.put(`/api/health/${a}/settings`).send({ intervalSeconds: 60 }).expect(200);
    expect(ok.body.row.intervalSeconds).toBe(60);
  });

  it('marks a slow but working API as degraded', async () => {
    await ctx.close();
    ctx = await createTestApp({ allowHosts: [`127.0.0.1:${sandbox.port}`], degradedLatencyMs: 150 });
    agent = await signedInAgent(ctx.app, ctx.db);
    folderId = (await agent.get('/api/folders').expect(200)).body.folders[0].id;
    const id = await createDataSource('Slow');
    await check(id);
    sandbox.control.setApiDelayMs(300);
    const row = await check(id);
    expect(row.state).toBe('degraded');
    expect(row.stateReason).toMatch(/slower than the 150 ms threshold/);
  });
});
