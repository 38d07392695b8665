import dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutboundPolicy } from './address-policy';
import { publicOnlyLookup } from './outbound-client';
import { checkRedirect, headersForHop } from './redirects';

// Pure functions and a stubbed DNS lookup: nothing in this file opens a connection.
describe('checkRedirect', () => {
  const from = new URL('https://api.example.com/swagger.yaml');
  const policy = createOutboundPolicy(['127.0.0.1:4010']);

  it('follows https to a public host, and a relative Location against the current URL', () => {
    expect(checkRedirect(from, 'https://cdn.example.net/v2/swagger.yaml', 1, policy)).toEqual({
      allowed: true,
      url: new URL('https://cdn.example.net/v2/swagger.yaml'),
    });
    expect(checkRedirect(from, '../other/api.json?x=1', 2, policy)).toEqual({
      allowed: true,
      url: new URL('https://api.example.com/other/api.json?x=1'),
    });
    expect(checkRedirect(from, '//mirror.example.org/api.yaml', 1, policy)).toMatchObject({ allowed: true });
  });

  it('follows http only to an allow-listed host:port, as for a first request', () => {
    expect(checkRedirect(from, 'http://127.0.0.1:4010/swagger.yaml', 1, policy)).toMatchObject({ allowed: true });
    expect(checkRedirect(from, 'http://api.example.com/swagger.yaml', 1, policy)).toEqual({
      allowed: false,
      reason: expect.stringMatching(/^Redirect 1, from api\.example\.com to http:\/\/api\.example\.com, was not followed: Only https:\/\//),
    });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'http://169.254.169.254', /Only https:\/\//],
    ['https://169.254.169.254/latest/meta-data/', 'https://169.254.169.254', /link-local \(cloud metadata\)/],
    ['https://[fd00:ec2::254]/latest/meta-data/', 'https://[fd00:ec2::254]', /private-network/],
    ['https://10.0.0.1/', 'https://10.0.0.1', /private-network/],
    ['https://172.16.5.4:8443/', 'https://172.16.5.4:8443', /private-network/],
    ['https://192.168.0.1/', 'https://192.168.0.1', /private-network/],
    ['https://100.64.0.1/', 'https://100.64.0.1', /carrier-grade NAT/],
    ['https://[::ffff:169.254.169.254]/', 'https://[::ffff:a9fe:a9fe]', /link-local/],
    ['https://0.0.0.0:4010/', 'https://0.0.0.0:4010', /unspecified/],
    ['https://127.0.0.1:4011/', 'https://127.0.0.1:4011', /loopback/],
    ['https://0x7f000001/', 'https://127.0.0.1', /loopback/],
  ])('attack: a redirect to %s is refused by the policy, naming the hop by origin only', (location, shown, reason) => {
    const decision = checkRedirect(from, location, 3, policy);
    expect(decision).toEqual({ allowed: false, reason: expect.stringMatching(reason) });
    const message = decision.allowed ? '' : decision.reason;
    expect(message.startsWith(`Redirect 3, from api.example.com to ${shown}, was not followed: `)).toBe(true);
    expect(message).not.toMatch(/meta-data|security-credentials/);
  });

  it('attack: a redirect to a URL with a user name or password is refused', () => {
    expect(checkRedirect(from, 'https://user:pass@api.example.com/', 1, policy)).toEqual({
      allowed: false,
      reason: expect.stringMatching(/user name or password/),
    });
  });

  it.each(['file:///etc/passwd', 'ftp://files.example.com/api.yaml', 'gopher://127.0.0.1:70/', 'dict://127.0.0.1:11211/', 'ws://api.example.com/'])(
    'attack: a redirect to %s is refused: only http and https are followed',
    (location) => {
      expect(checkRedirect(from, location, 1, policy)).toEqual({
        allowed: false,
        reason: expect.stringMatching(/was not followed: only http:\/\/ and https:\/\/ addresses are followed\.$/),
      });
    },
  );
});

describe('headersForHop', () => {
  const headers = { Authorization: 'Bearer t', Cookie: 'a=b', 'proxy-authorization': 'Basic x', accept: 'application/json' };

  it('keeps every header within one origin', () => {
    expect(headersForHop(headers, new URL('https://a.example/x'), new URL('https://a.example/y'))).toEqual(headers);
  });

  it.each([
    ['another host', 'https://b.example/y'],
    ['another port', 'https://a.example:8443/y'],
    ['another scheme', 'http://a.example/y'],
  ])('attack: drops Authorization, Proxy-Authorization and Cookie on a redirect to %s', (_what, to) => {
    expect(headersForHop(headers, new URL('https://a.example/x'), new URL(to))).toEqual({ accept: 'application/json' });
  });
});

describe('publicOnlyLookup (the check made as each connection, redirect hops included, resolves its host)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function stubDns(addresses: LookupAddress[]) {
    vi.spyOn(dns, 'lookup').mockImplementation(((_host: string, _options: unknown, callback: (e: null, a: LookupAddress[]) => void) => {
      callback(null, addresses);
    }) as unknown as typeof dns.lookup);
  }

  function lookUp(host: string, all = false): Promise<{ error: NodeJS.ErrnoException | null; address: unknown }> {
    return new Promise((resolve) => {
      publicOnlyLookup(host, { all }, (error, address) => resolve({ error, address }));
    });
  }

  it.each([
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['10.20.30.40', 'private-network'],
    ['192.168.1.10', 'private-network'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['fd00:ec2::254', 'private-network'],
    ['127.0.0.1', 'loopback'],
  ])('attack: a name that resolves to %s is refused before any connection', async (ip, range) => {
    stubDns([{ address: ip, family: ip.includes(':') ? 6 : 4 }]);
    const { error } = await lookUp('swagger.example.com');
    expect(error?.code).toBe('EKEYWAY_REFUSED');
    expect(error?.message).toBe(
      `swagger.example.com (${ip}) is a ${range} address, which the console does not call. If this host is meant to be reachable, add its host:port to OUTBOUND_ALLOW_HOSTS.`,
    );
  });

  it('attack: a name with one public and one private address is refused (the connection could use either)', async () => {
    stubDns([
      { address: '93.184.216.34', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ]);
    expect((await lookUp('rebind.example.com', true)).error?.code).toBe('EKEYWAY_REFUSED');
  });

  it('passes public addresses through', async () => {
    stubDns([{ address: '93.184.216.34', family: 4 }]);
    expect(await lookUp('api.example.com')).toEqual({ error: null, address: '93.184.216.34' });
  });
});
