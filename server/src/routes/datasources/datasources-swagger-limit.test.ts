import { describe, expect, it } from 'vitest';
import { descriptionBodyLimit } from '../swagger/swagger-limits';
import { sandboxConsole, sandboxSwaggerText as swaggerText } from '../../test-support/sandbox-console';
import { browserAgent, createTestApp } from '../../test-support/test-app';
/** Small, so that the tests build descriptions just over and just under it quickly. */
const LIMIT = 20_000;

/** The sandbox description, padded with a YAML comment to exactly `bytes` bytes of `filler`. */
function paddedTo(bytes: number, filler = 'x'): string {
  const head = `${swaggerText}#`;
  const room = bytes - Buffer.byteLength(head) - 1;
  const unit = Buffer.byteLength(filler);
  return `${head}${filler.repeat(Math.floor(room / unit))}${'x'.repeat(room % unit)}\n`;
}

describe('SWAGGER_MAX_BYTES on data sources', () => {
  const env = sandboxConsole({ swaggerMaxBytes: LIMIT });
  const { connection } = env;
  const details = env.details();
  const swagger = (document: string) => env.swagger(document);

  async function receipt(): Promise<string> {
    const test = await env.agent.post('/api/datasources/test').send(connection()).expect(200);
    expect(test.body.result.ok).toBe(true);
    return test.body.result.receipt as string;
  }

  it('attack: a Swagger file over the limit is refused on create and on update with 413, its size and the limit', async () => {
    const tooBig = swagger(paddedTo(LIMIT + 1_500));
    const refused = await env.agent
      .post('/api/datasources')
      .send({ ...details, ...connection(), swagger: tooBig, folderId: env.globalFolderId, testReceipt: await receipt() })
      .expect(413);
    expect(refused.body.error).toEqual({
      code: 'swagger_too_large',
      message: 'The Swagger file cannot be used: The file is 21.5 kB; the limit is 20 kB.',
      details: { fieldErrors: { 'swagger.document': ['The file is 21.5 kB; the limit is 20 kB.'] } },
    });

    const created = await env.agent
      .post('/api/datasources')
      .send({ ...details, ...connection(), swagger: swagger(swaggerText), folderId: env.globalFolderId, testReceipt: await receipt() })
      .expect(201);
    const id = created.body.dataSource.id as string;
    const update = { ...details, ...connection(), auth: { ...connection().auth, clientSecret: '' }, swagger: tooBig, version: created.body.dataSource.version };
    const updated = await env.agent.put(`/api/datasources/${id}`).send(update).expect(413);
    expect(updated.body.error.code).toBe('swagger_too_large');
    // Nothing was stored: the data source still has the sandbox's description.
    const stored = await env.agent.get(`/api/datasources/${id}`).expect(200);
    expect(stored.body.dataSource.swagger.apiTitle).toBe('Salesforce REST API (Keyway sandbox)');
  });

  it('counts bytes, not characters: 2-byte characters over the limit are refused', async () => {
    const text = paddedTo(LIMIT - 2_000, 'x') + `#${'é'.repeat(1_500)}\n`;
    expect(text.length).toBeLessThan(LIMIT);
    const res = await env.agent
      .post('/api/datasources')
      .send({ ...details, ...connection(), swagger: swagger(text), folderId: env.globalFolderId, testReceipt: 'x.y' })
      .expect(413);
    expect(res.body.error.code).toBe('swagger_too_large');
  });

  it('accepts a description exactly at the limit even when JSON escaping doubles it', async () => {
    // Every quote and backslash becomes two characters in the JSON body.
    const document = paddedTo(LIMIT, '"\\');
    expect(Buffer.byteLength(document)).toBe(LIMIT);
    const body = JSON.stringify({ ...details, ...connection(), swagger: swagger(document), folderId: env.globalFolderId, testReceipt: await receipt() });
    expect(Buffer.byteLength(body)).toBeGreaterThan(1.8 * LIMIT);
    expect(Buffer.byteLength(body)).toBeLessThan(descriptionBodyLimit(LIMIT));
    const res = await env.agent.post('/api/datasources').set('content-type', 'application/json').send(body).expect(201);
    expect(res.body.dataSource.swagger.apiTitle).toBe('Salesforce REST API (Keyway sandbox)');
  });

  it('attack: a body over the computed limit is refused with 413 before it is parsed', async () => {
    const body = JSON.stringify({ ...details, swagger: swagger('x'.repeat(descriptionBodyLimit(LIMIT))) });
    const res = await env.agent.post('/api/datasources').set('content-type', 'application/json').send(body).expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    // Other routes keep their small limit.
    await env.agent.post('/api/folders').set('content-type', 'application/json').send(JSON.stringify({ name: 'x'.repeat(70_000) })).expect(413);
  });
});

describe('large bodies and sessions', () => {
  it('attack: a large body from someone not signed in is refused before it is parsed', async () => {
    const ctx = await createTestApp();
    try {
      // Not JSON at all: had it been parsed, the answer would be 400; unread, it is 401.
      const junk = `{${'x'.repeat(2_000_000)}`;
      for (const path of ['/api/datasources', '/api/swagger/fetch']) {
        const res = await browserAgent(ctx.app).post(path).set('content-type', 'application/json').send(junk).expect(401);
        expect(res.body.error.code).toBe('unauthenticated');
      }
    } finally {
      await ctx.close();
    }
  });
});
