import { describe, expect, it } from 'vitest';
import { addressRange, checkUrl, createOutboundPolicy, hostPortOf, isAllowListed, isPublicAddress, refusalReason } from './address-policy';

// Pure functions only: nothing in this file opens a connection.
describe('addressRange / isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    // IPv4-mapped IPv6 is judged as the IPv4 address it carries.
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    // Translation prefixes could carry a private IPv4 address to a gateway: never public.
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::', '6to4'],
    // IPv4-compatible forms of 127.0.0.1 and 10.0.0.1 (URL parsing turns the first into the second spelling).
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'ipv4Compatible'],
    ['::a00:1', 'ipv4Compatible'],
    ['2001:db8::1', 'reserved'],
  ])('attack: %s is %s, not public', (ip, range) => {
    expect(addressRange(ip)).toBe(range);
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public unicast', (ip) => {
    expect(addressRange(ip)).toBe('unicast');
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each(['', 'localhost', 'example.com', '999.1.1.1', '1.2.3.4.5', '[::1]', '::ffff:10.0.0.1.', '127.0.0.1:80'])(
    '"%s" is not an IP address, so not public',
    (value) => {
      expect(addressRange(value)).toBe('invalid');
      expect(isPublicAddress(value)).toBe(false);
    },
  );
});

describe('checkUrl', () => {
  const none = createOutboundPolicy([]);
  const check = (url: string, allow: string[] = []) => checkUrl(new URL(url), allow.length ? createOutboundPolicy(allow) : none);
  const refusedWith = (pattern: RegExp) => ({ allowed: false, reason: expect.stringMatching(pattern) });

  it('allows https to a public host name or address', () => {
    expect(check('https://acme.my.salesforce.com/services/oauth2/token')).toEqual({ allowed: true });
    expect(check('https://8.8.8.8/')).toEqual({ allowed: true });
    expect(check('https://[2606:4700:4700::1111]:8443/x')).toEqual({ allowed: true });
  });

  it('attack: http and every other scheme are refused unless the exact host:port is allow-listed', () => {
    expect(check('http://api.example.com/')).toEqual(refusedWith(/Only https:\/\/ addresses.*http:\/\/.*OUTBOUND_ALLOW_HOSTS/));
    expect(check('ftp://api.example.com/')).toEqual(refusedWith(/Only https:\/\//));
    expect(check('file:///etc/passwd')).toEqual(refusedWith(/Only https:\/\//));
    // Listed for another port, or another host, is not listed.
    expect(check('http://127.0.0.1:4010/', ['127.0.0.1:4011'])).toEqual(refusedWith(/Only https:\/\//));
    expect(check('http://localhost:4010/', ['127.0.0.1:4010'])).toEqual(refusedWith(/Only https:\/\//));
    expect(check('http://127.0.0.1:4010/token', ['127.0.0.1:4010'])).toEqual({ allowed: true });
    // Allow-listing opens http and https, never other schemes.
    expect(check('ftp://127.0.0.1:4010/', ['127.0.0.1:4010'])).toEqual({
      allowed: false,
      reason: 'Only https:// addresses can be called (and http:// ones for hosts in OUTBOUND_ALLOW_HOSTS); ftp: addresses never are.',
    });
  });

  it('fills in the default port before looking at the allow-list', () => {
    expect(hostPortOf(new URL('http://127.0.0.1/'))).toBe('127.0.0.1:80');
    expect(hostPortOf(new URL('https://Sandbox.Example.test/'))).toBe('sandbox.example.test:443');
    expect(check('http://127.0.0.1/', ['127.0.0.1:80'])).toEqual({ allowed: true });
    expect(check('http://127.0.0.1:80/', ['127.0.0.1:80'])).toEqual({ allowed: true });
    expect(check('http://127.0.0.1/', ['127.0.0.1:443'])).toEqual(refusedWith(/Only https:\/\//));
    expect(check('https://10.0.0.5/', ['10.0.0.5:443'])).toEqual({ allowed: true });
    expect(check('https://10.0.0.5:8443/', ['10.0.0.5:443'])).toEqual(refusedWith(/private-network/));
  });

  it('matches allow-list entries without regard to case or surrounding spaces', () => {
    const policy = createOutboundPolicy(['  IdP.Internal.Example:8443 ']);
    expect(isAllowListed(new URL('https://idp.internal.example:8443/token'), policy)).toBe(true);
    expect(isAllowListed(new URL('https://IDP.INTERNAL.EXAMPLE:8443/token'), policy)).toBe(true);
    expect(isAllowListed(new URL('https://idp.internal.example/token'), policy)).toBe(false);
  });

  it.each([
    ['https://127.0.0.1/', /loopback/],
    ['https://10.1.2.3/token', /private-network/],
    ['https://192.168.1.1:8443/', /private-network/],
    ['https://169.254.169.254/latest/meta-data/', /link-local \(cloud metadata\)/],
    ['https://100.64.0.1/', /carrier-grade NAT/],
    ['https://0.0.0.0/', /unspecified/],
    ['https://[fd12::1]/', /private-network/],
    ['https://[::ffff:10.0.0.1]/', /private-network/],
    ['https://[64:ff9b::a00:1]/', /non-public \(rfc6052\)/],
    // Unusual spellings of loopback that URL parsing normalises to 127.0.0.1.
    ['https://127.1/', /loopback/],
    ['https://0x7f000001/', /loopback/],
    ['https://2130706433/', /loopback/],
  ])('attack: https to the IP literal in %s is refused, naming the range and OUTBOUND_ALLOW_HOSTS', (url, range) => {
    const decision = check(url);
    expect(decision).toEqual(refusedWith(range));
    expect(decision).toEqual(refusedWith(/OUTBOUND_ALLOW_HOSTS/));
  });

  it('leaves host names to the DNS-time check (a name is not refused here)', () => {
    expect(check('https://localhost/')).toEqual({ allowed: true });
    expect(check('https://metadata.google.internal/')).toEqual({ allowed: true });
  });

  it('attack: a URL with a user name or password is refused, even for an allow-listed host', () => {
    expect(check('https://user:pass@api.example.com/')).toEqual(refusedWith(/user name or password/));
    expect(check('https://user@api.example.com/')).toEqual(refusedWith(/user name or password/));
    expect(check('https://:pass@api.example.com/')).toEqual(refusedWith(/user name or password/));
    expect(check('http://user:pass@127.0.0.1:4010/', ['127.0.0.1:4010'])).toEqual(refusedWith(/user name or password/));
  });

  it('allows an allow-listed loopback host over http and https', () => {
    expect(check('http://127.0.0.1:4010/services/oauth2/token', ['127.0.0.1:4010'])).toEqual({ allowed: true });
    expect(check('https://127.0.0.1:4010/', ['127.0.0.1:4010'])).toEqual({ allowed: true });
    expect(check('http://localhost:4010/', ['localhost:4010'])).toEqual({ allowed: true });
  });

  it('attack: the bracketed [::1] literal is refused unless listed as [::1]:port', () => {
    const refused = check('https://[::1]:8443/');
    expect(refused).toEqual(refusedWith(/^\[::1\] \(::1\) is a loopback address/));
    expect(check('http://[::1]:8443/', ['[::1]:8443'])).toEqual({ allowed: true });
    expect(check('https://[::1]:8443/', ['[::1]:8443'])).toEqual({ allowed: true });
    expect(check('https://[0:0:0:0:0:0:0:1]:8443/', ['[::1]:8443'])).toEqual({ allowed: true });
    expect(check('https://[::1]:8443/', ['::1:8443'])).toEqual(refusedWith(/loopback/));
  });

  it('explains a refusal in words an operator can act on', () => {
    expect(refusalReason('169.254.169.254', '169.254.169.254')).toBe(
      '169.254.169.254 is a link-local (cloud metadata) address, which the console does not call. If this host is meant to be reachable, add its host:port to OUTBOUND_ALLOW_HOSTS.',
    );
    expect(refusalReason('intranet.example', '10.0.0.1')).toMatch(/^intranet\.example \(10\.0\.0\.1\) is a private-network address/);
  });
});
