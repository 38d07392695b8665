import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('logger', () => {
  it('attack: secrets handed to the logger by accident are redacted (Authorization, Cookie, passwords, client secrets, tokens)', () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(chunk.toString('utf8'));
          callback();
        },
      }),
    );
    const secrets = ['Bearer tok-123', 'keyway_session=abc', 'pa55word', 'cs-secret', 'sk-cs', 'key-value', 'at-1', 'at-2'];
    logger.info({ req: { headers: { authorization: secrets[0], cookie: secrets[1] } } }, 'request');
    logger.info({ input: { password: secrets[2], clientSecret: secrets[3], client_secret: secrets[4], keyValue: secrets[5] } }, 'input');
    logger.info({ token: { access_token: secrets[6], accessToken: secrets[7] } }, 'token');
    const text = lines.join('');
    expect(lines).toHaveLength(3);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text.match(/\[redacted\]/g)).toHaveLength(8);
  });
});
