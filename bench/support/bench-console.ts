import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type HealthSettings } from '../../server/src/app';
import { SecretBox } from '../../server/src/crypto/secret-box';
import type { Db } from '../../server/src/db/database';
import { createUsersRepository } from '../../server/src/db/repositories/users.repository';
import { createHttpServer } from '../../server/src/http/http-server';
import { createLogger } from '../../server/src/logger';
import { createOutboundPolicy } from '../../server/src/outbound/address-policy';
import { OutboundClient } from '../../server/src/outbound/outbound-client';
import { createAuthService } from '../../server/src/routes/auth/auth.service';

const ADMINISTRATOR = { email: 'bench@example.test', password: 'bench password 12345' };

/**
 * The console as the benchmarks run it: fresh keys, warnings only in the log, calls out only to
 * `allowHosts` (loopback), and an administrator to sign in as (signIn).
 */
export async function benchConsole(db: Db, options: { allowHosts: string[]; outboundTimeoutMs: number; health: HealthSettings }) {
  const secretBox = new SecretBox(randomBytes(32));
  const outbound = new OutboundClient(createOutboundPolicy(options.allowHosts), options.outboundTimeoutMs);
  const { app, monitor } = createApp({
    db,
    logger: createLogger('warn'),
    secretBox,
    sessionPassword: randomBytes(32).toString('hex'),
    receiptKey: randomBytes(32),
    outbound,
    trustProxy: false,
    health: options.health,
  });
  await createAuthService(createUsersRepository(db)).seedAdministrator(ADMINISTRATOR.email, ADMINISTRATOR.password);
  return { app, monitor, secretBox, outbound };
}

/** `app` served on a free port of 127.0.0.1, and its address: on the HTTP server the console runs on in production, unless `server` is another. */
export async function onLoopback(app: Parameters<typeof createHttpServer>[0], server: Server = createHttpServer(app)): Promise<{ server: Server; base: string }> {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Signs the bench's administrator in at `base`; the headers a browser's state-changing request carries, with the session cookie. */
export async function signIn(base: string) {
  const headers = { 'content-type': 'application/json', origin: base, 'x-keyway-request': '1' };
  const response = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers, body: JSON.stringify(ADMINISTRATOR) });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return { cookie, headers: { ...headers, cookie } };
}
