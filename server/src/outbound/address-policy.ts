import ipaddr from 'ipaddr.js';

/**
 * Which hosts the console may call. Only public unicast addresses are reachable by default;
 * OUTBOUND_ALLOW_HOSTS names exact host:port pairs (a local sandbox, an internal IdP) that
 * may be reached anyway, over http as well as https.
 */
export interface OutboundPolicy {
  allowHosts: ReadonlySet<string>;
}

export function createOutboundPolicy(allowHosts: readonly string[]): OutboundPolicy {
  return { allowHosts: new Set(allowHosts.map((entry) => entry.trim().toLowerCase())) };
}

export type PolicyDecision = { allowed: true } | { allowed: false; reason: string };

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** host:port as OUTBOUND_ALLOW_HOSTS spells it, with the scheme's default port filled in. */
export function hostPortOf(url: URL): string {
  return `${url.hostname.toLowerCase()}:${url.port || DEFAULT_PORTS[url.protocol] || ''}`;
}

export function isAllowListed(url: URL, policy: OutboundPolicy): boolean {
  return policy.allowHosts.has(hostPortOf(url));
}

/**
 * The name of the address range an IP belongs to; "unicast" is ipaddr.js's word for
 * an ordinary public address. IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 it carries.
 */
export function addressRange(ip: string): string {
  if (!ipaddr.isValid(ip)) return 'invalid';
  const address = ipaddr.process(ip);
  const range = address.range();
  // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291) is "unicast" to ipaddr.js, yet can carry 127.0.0.1.
  if (range === 'unicast' && address.kind() === 'ipv6' && (address as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) {
    return 'ipv4Compatible';
  }
  return range;
}

export function isPublicAddress(ip: string): boolean {
  return addressRange(ip) === 'unicast';
}

/** The checks that need no DNS: scheme, credentials in the URL, and IP-literal hosts. */
export function checkUrl(url: URL, policy: OutboundPolicy): PolicyDecision {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      allowed: false,
      reason: `Only https:// addresses can be called (and http:// ones for hosts in OUTBOUND_ALLOW_HOSTS); ${url.protocol} addresses never are.`,
    };
  }
  const listed = isAllowListed(url, policy);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && listed)) {
    return {
      allowed: false,
      reason: `Only https:// addresses can be called (${url.protocol}// is allowed only for hosts in OUTBOUND_ALLOW_HOSTS).`,
    };
  }
  if (url.username || url.password) {
    return { allowed: false, reason: 'Addresses with a user name or password in them are not called.' };
  }
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!listed && ipaddr.isValid(literal) && !isPublicAddress(literal)) {
    return { allowed: false, reason: refusalReason(url.hostname, literal) };
  }
  return { allowed: true };
}

export function refusalReason(hostname: string, ip: string): string {
  const where = hostname === ip ? ip : `${hostname} (${ip})`;
  return `${where} is a ${describeRange(addressRange(ip))} address, which the console does not call. If this host is meant to be reachable, add its host:port to OUTBOUND_ALLOW_HOSTS.`;
}

function describeRange(range: string): string {
  switch (range) {
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'uniqueLocal':
      return 'private-network';
    case 'linkLocal':
      return 'link-local (cloud metadata)';
    case 'carrierGradeNat':
      return 'carrier-grade NAT';
    case 'unspecified':
      return 'unspecified';
    case 'multicast':
    case 'broadcast':
      return range;
    default:
      return `non-public (${range})`;
  }
}
