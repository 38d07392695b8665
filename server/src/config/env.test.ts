import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('has safe defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', TRUST_PROXY: false, HEALTH_CHECK_INTERVAL_SECONDS: 300, OUTBOUND_ALLOW_HOSTS: [] });
  });

  it('reads TRUST_PROXY as a hop count or a list of proxies, and never as "true"', () => {
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: must be a hop count/);
    expect(() => parseEnv({ TRUST_PROXY: 'everyone' })).toThrow(EnvError);
  });

  it('lists every problem at once', () => {
    try {
      parseEnv({ PORT: 'x', TRUST_PROXY: 'true', OUTBOUND_ALLOW_HOSTS: 'no-port' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/TRUST_PROXY/);
      expect(message).toMatch(/OUTBOUND_ALLOW_HOSTS/);
    }
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => parseEnv({ ADMIN_EMAIL: 'a@example.test' })).toThrow(/ADMIN_PASSWORD: set ADMIN_EMAIL and ADMIN_PASSWORD together/);
  });
});
