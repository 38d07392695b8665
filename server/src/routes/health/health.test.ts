import { describe, expect, it } from 'vitest';
import { sandboxConsole } from '../../test-support/sandbox-console';

describe('health: states under faults of the bundled Salesforce sandbox', () => {
  const env = sandboxConsole();
  const createDataSource = async (title: string) => (await env.createDataSource(title)).id;

  const check = async (id: string) => (await env.agent.post(`/api/health/${id}/check`).expect(200)).body.row;

  it('moves Healthy → failing (secret rotated) → Healthy → degraded (API 500) → Healthy, recording each change with its reason', async () => {
    const id = await createDataSource('Accounts');
    expect((await check(id)).state).toBe('enabled');

    env.sandbox.control.rotateSecret(env.sandbox.demoApp.consumerKey, 'rotated-at-the-provider');
    env.ctx.monitor.saved(id); // an edit would do this; here it only empties the token cache
    const failing = await check(id);
    expect(failing.state).toBe('failing');
    expect(failing.lastError).toMatchObject({ step: 'token', error: 'invalid_client', httpStatus: 400 });
    expect(failing.lastError.hint).toMatch(/Consumer Secret/);

    env.sandbox.control.rotateSecret(env.sandbox.demoApp.consumerKey, env.originalSecret);
    expect((await check(id)).state).toBe('enabled');

    env.sandbox.control.setApiFailure(500);
    const degraded = await check(id);
    expect(degraded.state).toBe('degraded');
    expect(degraded.lastError).toMatchObject({ step: 'api', httpStatus: 500 });

    env.sandbox.control.setApiFailure(null);
    const healthy = await check(id);
    expect(healthy.state).toBe('enabled');
    expect(healthy.lastError).toBeNull();
    expect(healthy.lastSuccessAt).not.toBeNull();

    const detail = (await env.agent.get(`/api/health/${id}?range=1h`).expect(200)).body;
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
    const afterFirst = env.sandbox.control.tokenRequestCount();
    await check(id);
    await check(id);
    expect(env.sandbox.control.tokenRequestCount()).toBe(afterFirst);

    env.sandbox.control.revokeAllTokens();
    expect((await check(id)).state).toBe('enabled');
    expect(env.sandbox.control.tokenRequestCount()).toBe(afterFirst + 1);
  });

  it('pauses and resumes, and a paused data source is not checked', async () => {
    const id = await createDataSource('Leads');
    await check(id);
    const running = (await env.agent.get(`/api/health/${id}`).expect(200)).body.row;
    expect(Date.parse(running.nextCheckAt)).toBeGreaterThan(Date.now());
    expect(running.circuitOpenUntil).toBeNull();
    const paused = (await env.agent.post(`/api/health/${id}/pause`).expect(200)).body.row;
    expect(paused.state).toBe('disabled');
    expect(paused.nextCheckAt).toBeNull();
    const before = env.sandbox.control.tokenRequestCount();
    env.sandbox.control.rotateSecret(env.sandbox.demoApp.consumerKey, 'rotated');
    env.ctx.monitor.saved(id);
    expect((await check(id)).state).toBe('disabled');
    expect(env.sandbox.control.tokenRequestCount()).toBe(before);

    env.sandbox.control.rotateSecret(env.sandbox.demoApp.consumerKey, env.originalSecret);
    const resumed = (await env.agent.post(`/api/health/${id}/resume`).expect(200)).body.row;
    expect(resumed.state).toBe('enabled');
    const again = await env.agent.post(`/api/health/${id}/resume`).expect(409);
    expect(again.body.error.message).toMatch(/not paused/);
  });

  it('lists with counts by state, filters, search and pages; validates the interval', async () => {
    const a = await createDataSource('Alpha Orders');
    const b = await createDataSource('Beta Invoices');
    await check(a);
    await check(b);
    env.sandbox.control.setApiFailure(503);
    await check(b);

    const all = (await env.agent.get('/api/health').expect(200)).body;
    expect(all.summary).toMatchObject({ total: 2, byState: { enabled: 1, degraded: 1 } });
    // Needing attention first: the degraded one leads.
    expect(all.rows.map((r: { title: string }) => r.title)).toEqual(['Beta Invoices', 'Alpha Orders']);
    expect(all.rows[0].recentLatencyMs.length).toBeGreaterThan(0);

    const degraded = (await env.agent.get('/api/health?state=degraded').expect(200)).body;
    expect(degraded.rows.map((r: { title: string }) => r.title)).toEqual(['Beta Invoices']);
    const searched = (await env.agent.get('/api/health?search=ORDERS').expect(200)).body;
    expect(searched.rows.map((r: { title: string }) => r.title)).toEqual(['Alpha Orders']);
    // "_" is a character to find, not LIKE's any-character wildcard ("a o" would match it).
    expect((await env.agent.get('/api/health?search=a_o').expect(200)).body.total).toBe(0);
    await env.agent.get('/api/health?page=1e20').expect(400);
    const page2 = (await env.agent.get('/api/health?pageSize=1&page=2').expect(200)).body;
    expect(page2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.rows.map((r: { title: string }) => r.title)).toEqual(['Alpha Orders']);

    const bad = await env.agent.put(`/api/health/${a}/settings`).send({ intervalSeconds: 10 }).expect(400);
    expect(bad.body.error.details.fieldErrors.intervalSeconds[0]).toMatch(/30 seconds/);
    const ok = await env.agent.put(`/api/health/${a}/settings`).send({ intervalSeconds: 60 }).expect(200);
    expect(ok.body.row.intervalSeconds).toBe(60);
  });
});

describe('health: a slow but working API', () => {
  const env = sandboxConsole({ degradedLatencyMs: 150 });

  it('marks a slow but working API as degraded', async () => {
    const { id } = await env.createDataSource('Slow');
    await env.agent.post(`/api/health/${id}/check`).expect(200);
    env.sandbox.control.setApiDelayMs(300);
    const row = (await env.agent.post(`/api/health/${id}/check`).expect(200)).body.row;
    expect(row.state).toBe('degraded');
    expect(row.stateReason).toMatch(/slower than the 150 ms threshold/);
  });
});
