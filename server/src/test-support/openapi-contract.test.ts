import express from 'express';
import { describe, expect, it } from 'vitest';
import { openApiDocument, type OpenApiMediaType, type OpenApiResponse } from '../api/openapi';
import { apiV1, assertMatchesContract, ContractViolation, OpenApiContract, openApiContract } from './openapi-contract';

/** The document's own example of a connection: an answer that matches. */
const enabled = () => {
  const response = openApiDocument().paths['/connections/{id}']!.get!.responses['200'] as OpenApiResponse;
  const media = response.content!['application/json'] as OpenApiMediaType;
  return structuredClone((media.examples!.enabled!.value as { items: Array<Record<string, unknown>> }).items[0]!);
};

const problem = (status: number, code: string) => ({ type: `urn:keyway:problem:${code}`, title: 'Problem', status, detail: 'What went wrong.', code });
const KEY = 'kw_test_key';

/** A fake /api/v1 whose answers match the document, or drift from it as the path asks. */
function fakeApi() {
  const app = express();
  const sendProblem = (res: express.Response, status: number, code: string, type = 'application/problem+json') =>
    res.status(status).type(type).send(JSON.stringify(problem(status, code)));
  app.use('/api/v1', (req, res, next) => {
    if (req.get('authorization') === `Bearer ${KEY}`) return next();
    if (req.path === '/connectionSpecs' && req.query.challenge === 'none') return sendProblem(res, 401, 'unauthenticated');
    res.set('www-authenticate', 'Bearer realm="keyway"');
    sendProblem(res, 401, 'unauthenticated');
  });
  app.get('/api/v1/connectionSpecs', (req, res) => {
    if (req.get('x-sandbox-name') !== 'global') sendProblem(res, 404, 'sandbox_not_found');
    else res.json({ items: [] });
  });
  app.get('/api/v1/connections/:id', (req, res) => {
    const connection = enabled();
    switch (req.params.id) {
      case 'good':
        return res.set('etag', '"v2"').json({ items: [connection] });
      case 'no-etag-header':
        return res.json({ items: [connection] });
      case 'unquoted-etag':
        return res.set('etag', 'v2').json({ items: [connection] });
      case 'missing-field':
        delete connection.etag;
        return res.set('etag', '"v2"').json({ items: [connection] });
      case 'a-secret':
        (connection.auth as { params: Record<string, unknown> }).params.clientSecret = 'hunter2';
        connection.clientSecret = 'hunter2';
        return res.set('etag', '"v2"').json({ items: [connection] });
      case 'wrong-state':
        connection.state = 'healthy';
        return res.set('etag', '"v2"').json({ items: [connection] });
      case 'teapot':
        return res.status(418).json({ items: [connection] });
      case 'json-problem':
        return sendProblem(res, 404, 'not_found', 'application/json');
      case 'not-json':
        return res.status(200).set('etag', '"v2"').type('application/json').send('{"items": [');
      case 'slow-down':
        return res.status(429).set('retry-after', 'soon').type('application/problem+json').send(JSON.stringify(problem(429, 'too_many_requests')));
      default:
        return sendProblem(res, 404, 'not_found');
    }
  });
  app.post('/api/v1/connections', (req, res) => {
    if (req.query.drift === 'status') res.status(200).json({ id: 'abc', etag: '"v1"' });
    else if (req.query.drift === 'location') res.status(201).set('etag', '"v1"').json({ id: 'abc', etag: '"v1"' });
    else res.status(201).location('/api/v1/connections/abc').set('etag', '"v1"').json({ id: 'abc', etag: '"v1"' });
  });
  app.delete('/api/v1/connections/:id', (req, res) => {
    if (req.params.id === 'answers-200') res.status(200).json({ deleted: true });
    else res.status(204).end();
  });
  app.get('/api/v1/unknown', (_req, res) => res.json({ hello: 'world' }));
  app.use('/api/v1', (_req, res) => sendProblem(res, 404, 'not_found'));
  return app;
}

describe('the OpenAPI contract check', () => {
  const app = fakeApi();
  const api = apiV1(app, KEY, { sandbox: 'global' });

  it('lets answers that match the document through, sending the key and the sandbox', async () => {
    await api.get('/connectionSpecs').expect(200, { items: [] });
    const got = await api.get('/connections/good').expect(200);
    expect(got.body.items[0].id).toBe(enabled().id);
    await api.post('/connections').send({}).expect(201);
    await api.delete('/connections/abc').expect(204);
    // A 404 problem from a sandbox the app does not know is documented too.
    await apiV1(app, KEY).get('/connectionSpecs').expect(404);
  });

  it('checks errors as problems: a 401 with its challenge passes, one without fails', async () => {
    await apiV1(app, null).get('/connectionSpecs').expect(401);
    await apiV1(app, 'kw_wrong').get('/connections/good').expect(401);
    await expect(apiV1(app, null).get('/connectionSpecs?challenge=none')).rejects.toThrow(/header WWW-Authenticate: missing, and the document requires it/);
  });

  it('fails a missing required field, a field the document does not have, and a value outside an enum', async () => {
    await expect(api.get('/connections/missing-field')).rejects.toThrow(/body\/items\/0: must have required property 'etag'/);
    const secret = api.get('/connections/a-secret');
    await expect(secret).rejects.toThrow(ContractViolation);
    await expect(api.get('/connections/a-secret')).rejects.toThrow(/body\/items\/0: must NOT have additional properties \("clientSecret"\)/);
    await expect(api.get('/connections/wrong-state')).rejects.toThrow(/body\/items\/0\/state: must be equal to one of the allowed values \("initializing", "enabled"/);
  });

  it('fails a status the operation does not document, even when the test expects it', async () => {
    await expect(api.get('/connections/teapot').expect(418)).rejects.toThrow(/getConnection answered 418, which it does not document \(it documents 200, 400, 401, 403, 404, 429, 500\)/);
    await expect(api.post('/connections?drift=status').send({})).rejects.toThrow(/createConnection answered 200, which it does not document/);
    await expect(api.delete('/connections/answers-200')).rejects.toThrow(/deleteConnection answered 200/);
  });

  it('fails missing or malformed required headers', async () => {
    // Express's own ETag, weak, stands in for a forgotten one: If-Match compares strongly, so it is refused.
    await expect(api.get('/connections/no-etag-header')).rejects.toThrow(/header ETag \("W\/\\"2cf-[^"]*\\""\): must match pattern/);
    expect(() =>
      assertMatchesContract('GET', '/connections/abc', { status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify({ items: [enabled()] }) }),
    ).toThrow(/header ETag: missing, and the document requires it/);
    await expect(api.get('/connections/unquoted-etag')).rejects.toThrow(/header ETag \("v2"\): must match pattern/);
    await expect(api.post('/connections?drift=location').send({})).rejects.toThrow(/header Location: missing/);
    await expect(api.get('/connections/slow-down')).rejects.toThrow(/header Retry-After \("soon"\): must match pattern/);
  });

  it('fails the wrong content type, a body that is not JSON, and a body where there must be none', async () => {
    await expect(api.get('/connections/json-problem')).rejects.toThrow(/content type: "application\/json; charset=utf-8", where the document says application\/problem\+json/);
    // supertest refuses such a body itself; the check says so for a response it is handed.
    await expect(api.get('/connections/not-json')).rejects.toThrow(/JSON/);
    expect(() => assertMatchesContract('GET', '/connections/abc', { status: 200, headers: { 'content-type': 'application/json', etag: '"v2"' }, text: '{"items": [' })).toThrow(
      /body: not JSON, though the content type is application\/json: \{"items": \[/,
    );
    expect(() =>
      assertMatchesContract('DELETE', '/api/v1/connections/abc', { status: 204, headers: {}, text: '{"deleted":true}' }),
    ).toThrow(/body: the document says there is none, but there is: \{"deleted":true\}/);
  });

  it('fails an answer from an operation the document does not name, unless it is a 404 or 405 problem', async () => {
    await expect(api.get('/unknown')).rejects.toThrow(/GET \/api\/v1\/unknown is not in the document \(no such path\), yet it answered 200/);
    await api.get('/nowhere').expect(404);
    expect(() => assertMatchesContract('PUT', '/connections/abc', { status: 200, headers: { 'content-type': 'application/json' }, text: '{}' })).toThrow(
      /the path is, but not this method/,
    );
  });

  it('says what differs, where the operation is, and shows the answer', () => {
    let message = '';
    try {
      assertMatchesContract('POST', '/api/v1/connections', {
        status: 201,
        headers: { 'content-type': 'application/json', etag: '"v1"', location: '/api/v1/connections/abc' },
        text: '{"id":"abc"}',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'POST /api/v1/connections (createConnection, POST /connections) answered 201, and that is not what the OpenAPI document (server/src/api/openapi.ts) says:',
        "  - body: must have required property 'etag'",
        '  content-type: application/json',
        '  body: {"id":"abc"}',
      ].join('\n'),
    );
  });

  it('tells which operations it has seen answer, and with what', () => {
    const contract = new OpenApiContract(openApiDocument());
    contract.assert('GET', '/api/v1/connectionSpecs?x=1', { status: 200, headers: { 'content-type': 'application/json' }, text: '{"items":[]}' });
    contract.assert('GET', '/connectionSpecs', { status: 401, headers: { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer realm="keyway"' }, text: JSON.stringify(problem(401, 'unauthenticated')) });
    const { seen, unseen } = contract.coverage();
    expect(seen).toEqual([{ operation: 'GET /connectionSpecs', statuses: [200, 401] }]);
    expect(unseen).toContain('PATCH /connections/{id}');
    // The shared contract apiV1 uses has seen this file's requests.
    expect(openApiContract().coverage().seen.map((s) => s.operation)).toEqual(expect.arrayContaining(['GET /connections/{id}', 'POST /connections', 'DELETE /connections/{id}']));
  });
});
