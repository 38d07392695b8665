import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from './http-server';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function listening(app: express.Express) {
  server = createHttpServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createHttpServer', () => {
  it("builds each request and response with the app's prototypes, before Express sees them", async () => {
    const app = express();
    const seen: boolean[] = [];
    app.get('/', (_req, res) => {
      res.json({ ok: true });
    });
    const url = await listening(app);
    // Runs before the app's listener: what Node built, not what Express made of it.
    server!.prependListener('request', (req, res) => {
      seen.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
    });
    await fetch(url);
    expect(seen).toEqual([true, true]);
  });

  it("keeps Express's and Node's behaviour and what the app adds to its prototypes", async () => {
    const app = express();
    Object.defineProperty(app.request, 'addedByTheApp', { get: () => 'yes' });
    app.get('/items/:id', (req, res) => {
      const added = (req as unknown as { addedByTheApp: string }).addedByTheApp;
      res
        .status(203)
        .set('x-seen', `${req.params.id} ${String(req.query.q)} ${req.get('x-asked')} ${req.secure} ${added}`)
        .json({ isNodeRequest: req instanceof http.IncomingMessage, isNodeResponse: res instanceof http.ServerResponse });
    });
    app.post('/echo', express.json(), (req, res) => {
      res.json(req.body);
    });
    const url = await listening(app);

    const got = await fetch(`${url}/items/7?q=x`, { headers: { 'x-asked': 'hello' } });
    expect(got.status).toBe(203);
    expect(got.headers.get('x-seen')).toBe('7 x hello false yes');
    expect(await got.json()).toEqual({ isNodeRequest: true, isNodeResponse: true });

    const echoed = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' });
    expect(await echoed.json()).toEqual({ a: [1, 2] });
  });
});
