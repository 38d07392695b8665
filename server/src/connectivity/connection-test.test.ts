import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server';
import { runConnectionTest } from './connection-test';

/** An API that refuses everything and, carelessly, repeats the credentials it was sent. */
describe('runConnectionTest against an API that echoes credentials', () => {
  let api: LoopbackServer;
  let client: OutboundClient;
  beforeAll(async () => {
    api = await startLoopbackServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unauthorized', message: `bad credentials: ${req.headers.authorization ?? ''} ${req.headers['x-api-key'] ?? ''} ${req.url}` }));
    });
    client = new OutboundClient(createOutboundPolicy([api.hostPort]), 5_000);
  });
  afterAll(async () => {
    await client.close();
    await api.close();
  });

  const target = { scheme: 'http' as const, host: '', basePath: '/v1' };

  it.each(['bob', 'alice', 'carol1'])('never returns a Basic password, whatever the user name (%s)', async (username) => {
    const password = 'hunter2-secret';
    const result = await runConnectionTest(client, { ...target, host: api.hostPort, auth: { type: 'basic', username }, secrets: { password } });
    expect(result.failure).toMatchObject({ step: 'api', httpStatus: 401 });
    const text = JSON.stringify(result);
    expect(text).not.toContain(password);
    expect(text).not.toContain(Buffer.from(`${username}:${password}`).toString('base64'));
    expect(text).toContain('[redacted]');
  });

  it('attack: an API that echoes credentials never gets an API key shown back, in a header or the query string, however short', async () => {
    for (const placement of ['header', 'query'] as const) {
      const result = await runConnectionTest(client, {
        ...target,
        host: api.hostPort,
        auth: { type: 'api_key', placement, keyName: placement === 'header' ? 'X-Api-Key' : 'k' },
        secrets: { keyValue: 'abc' },
      });
      const text = JSON.stringify(result);
      expect(text).not.toMatch(/k=abc|: abc|\babc\b/);
      expect(result.steps[0]?.url).toBe(placement === 'query' ? `${api.url}/v1?k=%5Bredacted%5D` : `${api.url}/v1`);
    }
    expect(api.requests.some((r) => r.url === '/v1?k=abc')).toBe(true);
  });
});
