import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { checkUrl, isAllowListed, isPublicAddress, refusalReason, type OutboundPolicy, type PolicyDecision } from './address-policy';
import { checkRedirect, describeDestination, headersForHop, REDIRECT_STATUSES } from './redirects';

interface OutboundRequestBase {
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** For the whole call, redirects included. */
  timeoutMs?: number;
  /** Responses larger than this are cut off and reported, never buffered whole. */
  maxBytes?: number;
}

export type OutboundRequest =
  | (OutboundRequestBase & {
      method: 'GET';
      /**
       * Follow up to this many redirects (none by default). Each hop is held to the rules of a
       * first request, its address is checked when it connects, and credentials in headers do
       * not cross to another origin.
       */
      followRedirects?: number;
    })
  // A POST never follows a redirect: a token request must not carry its secret to wherever a 30x points.
  | (OutboundRequestBase & { method: 'POST'; followRedirects?: never });

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  /** The URL that answered: the one requested, or where its redirects led. */
  url: string;
}

export type OutboundErrorKind = 'refused' | 'timeout' | 'network' | 'too_large' | 'tls';

/** Every way a call can fail before a complete response arrives; `message` is safe to show. */
export class OutboundError extends Error {
  /** For "too_large": the Content-Length the response declared, when it did. */
  declaredBytes?: number;

  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
    readonly durationMs = 0,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

const REFUSED = 'EKEYWAY_REFUSED';
const TIMEOUT_CODES = new Set(['TimeoutError', 'AbortError', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A DNS lookup that refuses non-public answers. It runs inside the connection itself, so the
 * address checked is the address connected to: a name cannot resolve to a public address for
 * the check and a private one for the connection (DNS rebinding).
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) {
      const failure: NodeJS.ErrnoException = new Error(refusalReason(hostname, refused.address));
      failure.code = REFUSED;
      return callback(failure, []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    return callback(null, first.address, first.family);
  });
}

/** The one way the server calls other hosts: token URLs, API probes, Swagger URLs. */
export class OutboundClient {
  private readonly strictAgent: Agent;
  private readonly allowListedAgent: Agent;

  constructor(
    private readonly policy: OutboundPolicy,
    private readonly defaultTimeoutMs = 10_000,
  ) {
    const common = { headersTimeout: defaultTimeoutMs, bodyTimeout: defaultTimeoutMs, connections: 32 };
    // TLS verification stays at Node's default (on); nothing here may turn it off.
    this.strictAgent = new Agent({ ...common, connect: { lookup: publicOnlyLookup, timeout: defaultTimeoutMs } });
    this.allowListedAgent = new Agent({ ...common, connect: { timeout: defaultTimeoutMs } });
  }

  /**
   * What the policy says of a URL before any call, from its text alone (scheme, credentials, IP
   * literals, OUTBOUND_ALLOW_HOSTS): for refusing a setting when it is made, not when it is used.
   * A name that resolves to a private address is still refused at call time.
   */
  precheck(url: string): PolicyDecision {
    try {
      return checkUrl(new URL(url), this.policy);
    } catch {
      return { allowed: false, reason: `"${url}" is not a valid URL.` };
    }
  }

  async request(req: OutboundRequest): Promise<OutboundResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new OutboundError('refused', `"${req.url}" is not a valid URL.`);
    }
    const decision = checkUrl(url, this.policy);
    if (!decision.allowed) throw new OutboundError('refused', decision.reason);

    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const timeoutMs = req.timeoutMs ?? this.defaultTimeoutMs;
    const maxBytes = req.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const maxRedirects = req.method === 'GET' ? Math.max(0, Math.floor(req.followRedirects ?? 0)) : 0;
    // One deadline for the whole chain, so that redirects cannot multiply the wait.
    const signal = AbortSignal.timeout(timeoutMs);
    let headers: Record<string, string> = { 'user-agent': 'Keyway/1.0', ...req.headers };
    let hop = 0;
    let previous: URL | undefined;
    for (;;) {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: req.method,
          headers,
          body: req.body,
          dispatcher: isAllowListed(url, this.policy) ? this.allowListedAgent : this.strictAgent,
          // undici's own timers follow this request's timeout, not the agent's default.
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal,
        });
      } catch (error) {
        const failure = toOutboundError(error, url, timeoutMs, elapsed());
        // A hop refused as it connects (a name that resolves to a private address) is named like one refused before.
        if (failure.kind !== 'refused' || !previous) throw failure;
        throw new OutboundError(
          'refused',
          `Redirect ${hop}, from ${previous.host} to ${describeDestination(url)}, was not followed: ${failure.message}`,
          failure.durationMs,
        );
      }

      const location = firstHeader(response.headers.location);
      if (maxRedirects > 0 && REDIRECT_STATUSES.has(response.statusCode) && location !== undefined) {
        // Only the Location is used; the redirect's own body is never read.
        discard(response);
        hop += 1;
        if (hop > maxRedirects) {
          throw new OutboundError(
            'refused',
            `The address redirected more than ${maxRedirects} times; redirect ${hop}, from ${url.host}, was not followed.`,
            elapsed(),
          );
        }
        const next = checkRedirect(url, location, hop, this.policy);
        if (!next.allowed) throw new OutboundError('refused', next.reason, elapsed());
        headers = headersForHop(headers, url, next.url);
        previous = url;
        url = next.url;
        continue;
      }

      try {
        return await readResponse(response, url, maxBytes, elapsed);
      } catch (error) {
        if (error instanceof OutboundError) throw error;
        throw toOutboundError(error, url, timeoutMs, elapsed());
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.strictAgent.close(), this.allowListedAgent.close()]);
  }
}

/** Stops a body without reading it; undici reports the abort as an error, which is expected here. */
function discard(response: Dispatcher.ResponseData): void {
  response.body.on('error', () => {});
  response.body.destroy();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readResponse(
  response: Dispatcher.ResponseData,
  url: URL,
  maxBytes: number,
  elapsed: () => number,
): Promise<OutboundResponse> {
  const tooLarge = (declaredBytes?: number) => {
    discard(response);
    const error = new OutboundError('too_large', `The response from ${url.host} is larger than ${formatBytes(maxBytes)}; it was not read.`, elapsed());
    error.declaredBytes = declaredBytes;
    return error;
  };
  // A declared length over the limit is refused before a byte of the body is read.
  const declared = Number(firstHeader(response.headers['content-length']));
  if (Number.isSafeInteger(declared) && declared > maxBytes) throw tooLarge(declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), durationMs: elapsed(), url: url.href };
}

function toOutboundError(error: unknown, url: URL, timeoutMs: number, durationMs: number): OutboundError {
  const chain: Array<{ code?: unknown; name?: string; message?: string }> = [];
  for (let e = error as { cause?: unknown } | undefined; e && chain.length < 5; e = e.cause as typeof e) {
    chain.push(e as (typeof chain)[number]);
  }
  // A DOMException's `code` is a legacy number (23 for TimeoutError): look at names and string codes both.
  const codes = chain.flatMap((e) => [typeof e.code === 'string' ? e.code : '', e.name ?? '']);
  const refused = chain.find((e) => e.code === REFUSED);
  if (refused) return new OutboundError('refused', refused.message ?? 'The address is not allowed.', durationMs);
  if (codes.some((c) => TIMEOUT_CODES.has(c)) || error instanceof undiciErrors.HeadersTimeoutError) {
    return new OutboundError('timeout', `${url.host} did not answer within ${timeoutMs / 1000} s.`, durationMs);
  }
  const tls = chain.find((e) => typeof e.code === 'string' && /CERT|SSL|TLS|SELF_SIGNED/i.test(e.code));
  if (tls) {
    return new OutboundError('tls', `The TLS certificate of ${url.host} could not be verified (${tls.code}).`, durationMs);
  }
  const code = codes.find((c) => /^E[A-Z]+$/.test(c));
  const reason =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `the name ${url.hostname} could not be resolved`
      : code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : code === 'ECONNRESET'
          ? 'the connection was reset'
          : `the connection failed${code ? ` (${code})` : ''}`;
  return new OutboundError('network', `Could not reach ${url.host}: ${reason}.`, durationMs);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
