import { describe, expect, it } from 'vitest';
import { accessToken, api, useSandbox, type Json } from '../test-support';

const sandbox = useSandbox();

describe('/services/data', () => {
  it('lists versions with a valid token', async () => {
    const t = await accessToken();
    for (const path of ['/services/data', '/services/data/']) {
      const res = await api(path, t);
      expect(res.status).toBe(200);
      const versions = (await res.json()) as Json[];
      expect(versions).toContainEqual({ label: "Winter '26", url: '/services/data/v65.0', version: '65.0' });
    }
    const resources = (await (await api('/services/data/v65.0', t)).json()) as Json;
    expect(resources.sobjects).toBe('/services/data/v65.0/sobjects');
    const global = (await (await api('/services/data/v65.0/sobjects', t)).json()) as { sobjects: Json[] };
    expect(global.sobjects.map((s) => s.name)).toContain('Account');
  });

  it('answers 401 INVALID_SESSION_ID for missing, invalid and revoked tokens', async () => {
    const t = await accessToken();
    sandbox.control.revokeAllTokens();
    for (const bearer of [undefined, '00Dbogus!nope', t]) {
      const res = await api('/services/data/v65.0/sobjects', bearer);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Token');
      expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    expect(sandbox.control.issuedTokens()).toEqual([t]);
  });

  it('injects API failures and delays', async () => {
    const t = await accessToken();
    sandbox.control.setApiFailure(503);
    const res = await api('/services/data', t);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual([expect.objectContaining({ errorCode: 'SERVER_UNAVAILABLE' })]);

    sandbox.control.setApiFailure(null);
    sandbox.control.setApiDelayMs(150);
    const started = Date.now();
    expect((await api('/services/data', t)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
