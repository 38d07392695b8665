import { Writable } from 'node:stream';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { chooseLogFormat, createLogger, requestLogLevel, type LogFormat } from './logger';
import { createTestApp } from './test-support/test-app';

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  for (const format of ['json', 'pretty'] satisfies LogFormat[]) {
    it(`attack: secrets handed to the logger by accident are redacted in ${format} output (Authorization, Cookie, passwords, client secrets, tokens)`, () => {
      const { lines, stream } = sink();
      const logger = createLogger('info', stream, { format, colorize: false });
      const secrets = ['Bearer tok-123', 'keyway_session=abc', 'pa55word', 'cs-secret', 'sk-cs', 'key-value', 'at-1', 'at-2'];
      logger.info({ req: { headers: { authorization: secrets[0], cookie: secrets[1] } } }, 'request');
      logger.info({ input: { password: secrets[2], clientSecret: secrets[3], client_secret: secrets[4], keyValue: secrets[5] } }, 'input');
      logger.info({ token: { access_token: secrets[6], accessToken: secrets[7] } }, 'token');
      const text = lines.join('');
      expect(text.trim().split('\n')).toHaveLength(3);
      for (const secret of secrets) expect(text).not.toContain(secret);
      // Pretty output leaves out the request object (its line is the message), and with it two of the eight.
      expect(text.match(/\[redacted\]/g)).toHaveLength(format === 'json' ? 8 : 6);
    });
  }

  it('writes pretty lines for a person: level, message and fields on one line, no JSON envelope', () => {
    const { lines, stream } = sink();
    createLogger('info', stream, { format: 'pretty', colorize: false }).info({ url: 'http://localhost:3000' }, 'Keyway console is ready');
    expect(lines.join('')).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: Keyway console is ready \{"url":"http:\/\/localhost:3000"\}\n$/);
  });

  it('chooses pretty lines on a terminal and JSON elsewhere, unless LOG_FORMAT says', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('logs the console’s health probe and the web app’s files at debug, API requests at info, failures as errors', () => {
    expect(requestLogLevel('/api/healthz', 200, false)).toBe('debug');
    expect(requestLogLevel('/api/healthz?probe=1', 200, false)).toBe('debug');
    expect(requestLogLevel('/', 200, false)).toBe('debug');
    expect(requestLogLevel('/assets/index-abc123.js', 200, false)).toBe('debug');
    expect(requestLogLevel('/datasources/folder-1', 200, false)).toBe('debug');
    expect(requestLogLevel('/api-docs', 200, false)).toBe('debug');
    expect(requestLogLevel('/api/folders', 200, false)).toBe('info');
    expect(requestLogLevel('/api/healthzz', 200, false)).toBe('info');
    expect(requestLogLevel('/api/datasources/test', 401, false)).toBe('info');
    expect(requestLogLevel('/api/folders', 500, false)).toBe('error');
    expect(requestLogLevel('/assets/x.js', 200, true)).toBe('error');
  });

  it('the app logs each request with its method, full path and status, at the level for its path', async () => {
    const ctx = await createTestApp();
    try {
      await supertest(ctx.app).get('/api/healthz').set('host', '127.0.0.1').expect(200);
      await supertest(ctx.app).get('/api/folders').set('host', '127.0.0.1').expect(401);
      const entries = ctx.logLines.map((line) => JSON.parse(line) as { level: number; msg: string });
      const requests = entries.filter((entry) => /^GET /.test(entry.msg));
      expect(requests).toEqual([
        expect.objectContaining({ level: 20, msg: expect.stringMatching(/^GET \/api\/healthz 200 in \d+ ms$/) }),
        expect.objectContaining({ level: 30, msg: expect.stringMatching(/^GET \/api\/folders 401 in \d+ ms$/) }),
      ]);
    } finally {
      await ctx.close();
    }
  });
});
