import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { requestLog } from './request-log';

function logged() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('request log', () => {
  it("writes one line a request, and a handler's own lines name the request's method and path as asked", async () => {
    const { lines, logger } = logged();
    const app = express().use(requestLog(logger));
    const inner = express.Router();
    inner.get('/thing', (req, res) => {
      req.log.info({ extra: 1 }, 'handled');
      res.json({});
    });
    app.use('/api', inner);
    await supertest(app).get('/api/thing?x=1').expect(200);
    await supertest(app).get('/api/missing').expect(404);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => [line.msg, line.req])).toEqual([
      ['handled', { method: 'GET', url: '/api/thing?x=1' }],
      [expect.stringMatching(/^GET \/api\/thing\?x=1 200 in \d+ ms$/), { method: 'GET', url: '/api/thing?x=1' }],
      [expect.stringMatching(/^GET \/api\/missing 404 in \d+ ms$/), { method: 'GET', url: '/api/missing' }],
    ]);
  });

  it('fault: a request the client gives up on is logged once, as closed early, at warn', async () => {
    const { lines, logger } = logged();
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const app = express().use(requestLog(logger));
    app.get('/slow', () => arrived());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const request = http.get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/slow' });
      request.on('error', () => {});
      await arrival;
      request.destroy();
      await expect.poll(() => lines.length).toBe(1);
      expect(lines[0]).toMatchObject({ level: 40, msg: expect.stringMatching(/^GET \/slow closed after \d+ ms, before the answer was complete$/) });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
