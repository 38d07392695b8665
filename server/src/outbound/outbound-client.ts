import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, errors as undiciErrors, request } from 'undici';
import { checkUrl, isAllowListed, isPublicAddress, refusalReason, type OutboundPolicy } from './address-policy';

export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Responses larger than this are cut off and reported, never buffered whole. */
  maxBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

export type OutboundErrorKind = 'refused' | 'timeout' | 'network' | 'too_large' | 'tls';

/** Every way a call can fail before a complete response arrives; `message` is safe to show. */
export class OutboundError extends Error {
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
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
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
    try {
      const response = await request(url, {
        method: req.method,
        headers: { 'user-agent': 'Keyway/1.0', ...req.headers },
        body: req.body,
        dispatcher: isAllowListed(url, this.policy) ? this.allowListedAgent : this.strictAgent,
        // undici's own timers follow this request's timeout, not the agent's default.
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          response.body.destroy();
          throw new OutboundError('too_large', `The response from ${url.host} is larger than ${formatBytes(maxBytes)}; it was not read.`, elapsed());
        }
        chunks.push(chunk as Buffer);
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), durationMs: elapsed() };
    } catch (error) {
      if (error instanceof OutboundError) throw error;
      throw toOutboundError(error, url, timeoutMs, elapsed());
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.strictAgent.close(), this.allowListedAgent.close()]);
  }
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
