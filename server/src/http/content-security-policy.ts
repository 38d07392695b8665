import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * What Vite writes into the built index.html wherever a nonce belongs (web/vite.config.ts,
 * `html.cspNonce`): the `<meta property="csp-nonce">` the SPA reads, and its script and link tags.
 * Every response of index.html replaces it with that response's nonce (see web-app.ts).
 */
export const CSP_NONCE_PLACEHOLDER = 'KEYWAY_CSP_NONCE';

/** Where a response's nonce goes in the policy below. */
const NONCE = Symbol('this response\'s nonce');

/**
 * The strictest policy the built console works under (e2e/tests/content-security-policy.spec.ts walks
 * every screen under it and fails on any violation):
 * - Scripts only from our own origin: no inline script, no event-handler attributes, no eval.
 * - Style elements from our own origin or carrying this response's nonce. Mantine writes its CSS
 *   variables and responsive props (SimpleGrid, Grid.Col) into `<style>` elements at run time, and
 *   Modal's scroll lock adds one (react-remove-scroll); the SPA gives them the nonce from
 *   `<meta property="csp-nonce">`. An injected `<style>` has no nonce and is refused.
 * - No style attributes in markup. React sets `style` props through the CSSOM, which CSP does not
 *   govern, and no library in the console writes `style="…"` markup or `setAttribute('style')`.
 * - `style-src` repeats `style-src-elem` for browsers that predate the -elem/-attr split.
 * - Images (the favicon), fonts and fetches only from our own origin; nothing else at all.
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES: Record<string, Array<string | typeof NONCE>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", NONCE],
  'style-src-elem': ["'self'", NONCE],
  'style-src-attr': ["'none'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The policy of a page, naming its nonce. */
function contentSecurityPolicy(nonce: string): string {
  return Object.entries(CONTENT_SECURITY_POLICY_DIRECTIVES)
    .map(([name, sources]) => [name, ...sources.map((source) => (source === NONCE ? `'nonce-${nonce}'` : source))].join(' '))
    .join(';');
}

/**
 * The policy of everything that is not a page (API answers, errors, files): nothing may load and
 * nothing may frame it (OWASP's REST Security Cheat Sheet), with no base or form should a browser
 * ever be made to render one.
 */
const NON_DOCUMENT_POLICY = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

/** The headers a helmet middleware sets, read once from a response that records them. */
function headersSetBy(middleware: RequestHandler): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name.toLowerCase(), String(value)]),
    removeHeader: () => {},
  };
  middleware({} as Request, recorder as unknown as Response, () => {});
  return headers;
}

// helmet runs once, here: none of its headers depends on the request, and its chain of
// middleware took about 20 us a request.
const HELMET_HEADERS = headersSetBy(helmet({ contentSecurityPolicy: false, xFrameOptions: { action: 'deny' }, strictTransportSecurity: false }));

/**
 * What every answer needs, document or not: no sniffing a type, no framing, no reading from
 * another origin (Cross-Origin-Resource-Policy), and the policy above. The others of helmet's
 * (opener policy, origin-keyed clusters, referrer policy, DNS prefetch, IE's and Flash's) govern
 * only what a page does, and each header costs every answer: pages get them from cspNonce.
 */
const EVERY_ANSWER = ['x-content-type-options', 'x-frame-options', 'cross-origin-resource-policy'];
const ANSWER_HEADERS: Array<[string, string]> = [
  ...HELMET_HEADERS.filter(([name]) => EVERY_ANSWER.includes(name)),
  ['content-security-policy', NON_DOCUMENT_POLICY],
];
const PAGE_HEADERS = HELMET_HEADERS.filter(([name]) => !EVERY_ANSWER.includes(name));

/**
 * This response's nonce, 128 random bits, for a page that carries it in its markup: made on first
 * use. The response becomes a page's: its policy names the nonce, so the header and the page
 * carry the same one, and it gets the headers only pages need.
 */
export function cspNonce(res: Response): string {
  const locals = res.locals as { cspNonce?: string };
  if (!locals.cspNonce) {
    locals.cspNonce = randomBytes(16).toString('base64');
    for (const [name, value] of PAGE_HEADERS) res.setHeader(name, value);
    res.setHeader('content-security-policy', contentSecurityPolicy(locals.cspNonce));
  }
  return locals.cspNonce;
}

/** A year, as browsers' preload lists and OWASP ask. */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The headers every answer carries, first of all middleware, so that none goes without them: the
 * 421 for an unknown host, 404s and 405s, body-parser errors. A page adds its own with cspNonce.
 */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    for (const [name, value] of ANSWER_HEADERS) res.setHeader(name, value);
    next();
  };
}

/**
 * Strict-Transport-Security, only when the request came over https (directly, or through a proxy
 * TRUST_PROXY believes): over plain http browsers ignore it, and a console on loopback has no
 * https to insist on. It goes after the host check: a name the console does not answer to (a
 * proxy forwarding a wildcard or the apex) must not have the console pin it, and its subdomains,
 * to https.
 */
export function strictTransportSecurity(options: { includeSubDomains: boolean }): RequestHandler {
  const value = `max-age=${HSTS_MAX_AGE_SECONDS}${options.includeSubDomains ? '; includeSubDomains' : ''}`;
  return (req, res, next) => {
    if (req.secure) res.set('strict-transport-security', value);
    next();
  };
}
