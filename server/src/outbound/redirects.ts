import { checkUrl, type OutboundPolicy } from './address-policy';

/** The statuses that carry a Location to follow; 300 (multiple choices) and 304 are answers, not redirects. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Never carried to another origin: they would hand one host's credentials to the next. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

export type RedirectDecision = { allowed: true; url: URL } | { allowed: false; reason: string };

/**
 * Whether redirect number `hop` (from 1), from `from` to `location`, may be followed. It is held
 * to the same rules as a first request (checkUrl: https, or http to an allow-listed host:port;
 * no credentials in the URL; no non-public IP literal); the address a name resolves to is checked
 * again when the connection is made. The reason names the hop by origin only: a Location's path
 * and query came from the remote host and may carry anything.
 */
export function checkRedirect(from: URL, location: string, hop: number, policy: OutboundPolicy): RedirectDecision {
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return { allowed: false, reason: `Redirect ${hop}, from ${from.host}, was not followed: its Location is not a valid URL.` };
  }
  const refused = (reason: string): RedirectDecision => ({
    allowed: false,
    reason: `Redirect ${hop}, from ${from.host} to ${describeDestination(to)}, was not followed: ${reason}`,
  });
  if (to.protocol !== 'http:' && to.protocol !== 'https:') {
    return refused('only http:// and https:// addresses are followed.');
  }
  const decision = checkUrl(to, policy);
  if (!decision.allowed) return refused(decision.reason);
  return { allowed: true, url: to };
}

/** "https://api.example.com:8443", or "a file: address" for schemes without a host. */
export function describeDestination(url: URL): string {
  return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.protocol}//${url.host}` : `a ${url.protocol} address`;
}

/** The headers for the next hop: the same within one origin, without credentials across origins. */
export function headersForHop(headers: Record<string, string>, from: URL, to: URL): Record<string, string> {
  if (from.origin === to.origin) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name.toLowerCase())));
}
