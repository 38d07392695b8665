import { randomBytes } from 'node:crypto';
import { NewPasswordSchema } from '@keyway/shared';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('has safe defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', TRUST_PROXY: false, HEALTH_CHECK_INTERVAL_SECONDS: 300, OUTBOUND_ALLOW_HOSTS: [] });
  });

  it('takes DATABASE_SCHEMA only with DATABASE_URL, and only as a name that needs no quoting', () => {
    expect(parseEnv({ DATABASE_URL: 'postgres://db/keyway', DATABASE_SCHEMA: 'keyway_prod' }).DATABASE_SCHEMA).toBe('keyway_prod');
    expect(() => parseEnv({ DATABASE_SCHEMA: 'keyway_prod' })).toThrow(/DATABASE_SCHEMA: set it only with DATABASE_URL/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://db/keyway', DATABASE_SCHEMA: 'Keyway-Prod' })).toThrow(/DATABASE_SCHEMA: must be a lower-case PostgreSQL name/);
  });

  it('reads TRUST_PROXY as a hop count or a list of proxies, and never as "true"', () => {
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: must be a hop count/);
    expect(() => parseEnv({ TRUST_PROXY: 'everyone' })).toThrow(EnvError);
  });

  it('reads the session timeouts: 30 idle minutes and 12 hours unless set, within sane bounds', () => {
    expect(parseEnv({})).toMatchObject({ SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 });
    expect(parseEnv({ SESSION_IDLE_MINUTES: '15', SESSION_ABSOLUTE_HOURS: '8' })).toMatchObject({ SESSION_IDLE_MINUTES: 15, SESSION_ABSOLUTE_HOURS: 8 });
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => parseEnv({ SESSION_ABSOLUTE_HOURS: '1000' })).toThrow(/SESSION_ABSOLUTE_HOURS/);
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

  it('reads SWAGGER_MAX_BYTES in bytes, 25,000,000 unless set, and refuses what cannot be meant', () => {
    expect(parseEnv({}).SWAGGER_MAX_BYTES).toBe(25_000_000);
    expect(parseEnv({ SWAGGER_MAX_BYTES: '12000000' }).SWAGGER_MAX_BYTES).toBe(12_000_000);
    expect(() => parseEnv({ SWAGGER_MAX_BYTES: '5' })).toThrow(/SWAGGER_MAX_BYTES: must be at least 10000 \(bytes, not megabytes\)/);
    expect(() => parseEnv({ SWAGGER_MAX_BYTES: '5MB' })).toThrow(/SWAGGER_MAX_BYTES: must be a number of bytes/);
    expect(() => parseEnv({ SWAGGER_MAX_BYTES: '2.5e6' })).not.toThrow();
    expect(() => parseEnv({ SWAGGER_MAX_BYTES: '1000000.5' })).toThrow(/SWAGGER_MAX_BYTES: must be a whole number/);
    expect(() => parseEnv({ SWAGGER_MAX_BYTES: '100000001' })).toThrow(/SWAGGER_MAX_BYTES: must be at most 100000000 bytes/);
  });

  it('accepts MASTER_KEY as 64 hex characters or base64 of 32 bytes, and names a bad one without repeating it', () => {
    const key = randomBytes(32);
    expect(parseEnv({ MASTER_KEY: key.toString('hex') }).MASTER_KEY).toBe(key.toString('hex'));
    expect(parseEnv({ MASTER_KEY: key.toString('base64') }).MASTER_KEY).toBe(key.toString('base64'));
    expect(parseEnv({}).MASTER_KEY).toBeUndefined();
    expect(() => parseEnv({ MASTER_KEY: 'hunter2-is-not-a-key' })).toThrow(/MASTER_KEY: must be 32 bytes, given as 64 hex characters or base64/);
    expect(() => parseEnv({ MASTER_KEY: 'hunter2-is-not-a-key' })).not.toThrow(/hunter2/);
  });

  it('reads MASTER_KEY_PREVIOUS as a comma-separated list of keys, only beside MASTER_KEY', () => {
    const [current, a, b] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    expect(parseEnv({}).MASTER_KEY_PREVIOUS).toEqual([]);
    expect(
      parseEnv({ MASTER_KEY: current.toString('base64'), MASTER_KEY_PREVIOUS: ` ${a.toString('hex')} ,${b.toString('base64')},` }).MASTER_KEY_PREVIOUS,
    ).toEqual([a.toString('hex'), b.toString('base64')]);
    expect(() => parseEnv({ MASTER_KEY: current.toString('base64'), MASTER_KEY_PREVIOUS: `${a.toString('hex')},secret-ish` })).toThrow(
      /MASTER_KEY_PREVIOUS\.1: each entry must be 32 bytes/,
    );
    expect(() => parseEnv({ MASTER_KEY: current.toString('base64'), MASTER_KEY_PREVIOUS: 'secret-ish' })).not.toThrow(/secret-ish/);
    expect(() => parseEnv({ MASTER_KEY_PREVIOUS: a.toString('hex') })).toThrow(
      /MASTER_KEY_PREVIOUS: set it only with MASTER_KEY: without MASTER_KEY, retired keys live in DATA_DIR\/master\.previous\.keys/,
    );
  });

  it('reads LOG_FORMAT as pretty or json, and leaves it unset for the terminal check', () => {
    expect(parseEnv({}).LOG_FORMAT).toBeUndefined();
    expect(parseEnv({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(parseEnv({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(() => parseEnv({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT: must be pretty or json/);
  });

  it('holds ADMIN_PASSWORD to the policy of every new password, in the words of the other settings', () => {
    const admin = (password: string) => parseEnv({ ADMIN_EMAIL: 'a@example.test', ADMIN_PASSWORD: password });
    expect(() => admin('x'.repeat(11))).toThrow(/ADMIN_PASSWORD: must have at least 12 characters$/m);
    expect(() => admin('x'.repeat(1025))).toThrow(/ADMIN_PASSWORD: must have at most 1024 characters$/m);
    // The same lengths the console's own forms take (NewPasswordSchema), and no others.
    for (const length of [11, 12, 1024, 1025]) {
      const password = 'x'.repeat(length);
      const accepted = (() => {
        try {
          return Boolean(admin(password));
        } catch {
          return false;
        }
      })();
      expect(accepted, `${length} characters`).toBe(NewPasswordSchema.safeParse(password).success);
    }
    expect(admin('correct horse battery').ADMIN_PASSWORD).toBe('correct horse battery');
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => parseEnv({ ADMIN_EMAIL: 'a@example.test' })).toThrow(/ADMIN_PASSWORD: set ADMIN_EMAIL and ADMIN_PASSWORD together/);
  });
});
