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

  it('logs quiet requests at debug, the rest at info, failures as errors', () => {
    expect(requestLogLevel(200, false, true)).toBe('debug');
    expect(requestLogLevel(200, false, false)).toBe('info');
    expect(requestLogLevel(401, false, false)).toBe('info');
    expect(requestLogLevel(500, false, false)).toBe('error');
    expect(requestLogLevel(503, false, true)).toBe('error');
    expect(requestLogLevel(200, true, true)).toBe('error');
  });

  it('attack: an API request spelled otherwise (/API/…) is still logged at info, not hidden at debug like the health probe', async () => {
    const ctx = await createTestApp();
    try {
      await supertest(ctx.app).get('/api/healthz').set('host', '127.0.0.1').expect(200);
      await supertest(ctx.app).get('/api/folders').set('host', '127.0.0.1').expect(401);
      // Express matches routes case-insensitively: this reaches the API, so it must be seen.
      await supertest(ctx.app).get('/API/Folders').set('host', '127.0.0.1').expect(401);
      const entries = ctx.logLines.map((line) => JSON.parse(line) as { level: number; msg: string });
      const requests = entries.filter((entry) => /^GET /.test(entry.msg));
      expect(requests).toEqual([
        expect.objectContaining({ level: 20, msg: expect.stringMatching(/^GET \/api\/healthz 200 in \d+ ms$/) }),
        expect.objectContaining({ level: 30, msg: expect.stringMatching(/^GET \/api\/folders 401 in \d+ ms$/) }),
        expect.objectContaining({ level: 30, msg: expect.stringMatching(/^GET \/API\/Folders 401 in \d+ ms$/) }),
      ]);
    } finally {
      await ctx.close();
    }
  });
});
