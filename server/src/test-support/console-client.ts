import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@keyway/shared';

export interface ConsoleResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test code reads whatever the route sent
  body: any;
}

/**
 * A browser stand-in for a console running on loopback, over fetch: it keeps the session cookie
 * and sends the CSRF header and the console's own Origin, as the web app does. Every call gives
 * up after `timeoutMs`, so a test never waits on a console that stopped answering.
 */
export function consoleClient(baseUrl: string, timeoutMs = 15_000) {
  const origin = new URL(baseUrl).origin;
  const cookies = new Map<string, string>();

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ConsoleResponse> {
    const headers: Record<string, string> = { [CSRF_HEADER]: CSRF_HEADER_VALUE, origin };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${origin}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }

  return {
    origin,
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}) => call('POST', path, body),
    async signIn(email: string, password: string): Promise<void> {
      const response = await call('POST', '/api/auth/sign-in', { email, password });
      if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${JSON.stringify(response.body)}`);
    },
  };
}
