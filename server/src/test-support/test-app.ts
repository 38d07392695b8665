import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@keyway/shared';
import { createApp } from '../app';
import type { SignInThrottleOptions } from '../http/sign-in-throttle';
import type { SessionLimits } from '../http/session';
import type { Role } from '@keyway/shared';
import { hashPassword } from '../crypto/password';
import { SecretBox } from '../crypto/secret-box';
import { migrateToLatest, openDatabase, type Db } from '../db/database';
import { createLogger } from '../logger';
import { createOutboundPolicy } from '../outbound/address-policy';
import { OutboundClient } from '../outbound/outbound-client';
import { createAuthService } from '../routes/auth/auth.service';
import { createUsersRepository } from '../db/repositories/users.repository';

export const TEST_ADMIN = { email: 'admin@example.test', password: 'correct horse battery staple' };

/** The console's app on an in-memory database, with every log line kept for inspection. */
export interface TestAppOptions {
  allowHosts?: string[];
  databaseUrl?: string;
  trustProxy?: false | number | string[];
  publicUrl?: string;
  degradedLatencyMs?: number;
  signInThrottle?: SignInThrottleOptions;
  outboundTimeoutMs?: number;
  tokenLifetimeSeconds?: number;
  swaggerMaxBytes?: number;
  sessionLimits?: SessionLimits;
  /** A built web app to serve, as the console does outside tests. */
  webDist?: string;
  hstsIncludeSubDomains?: boolean;
}

export async function createTestApp(options: TestAppOptions = {}) {
  const db: Db = openDatabase({ url: options.databaseUrl });
  await migrateToLatest(db);
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const outbound = new OutboundClient(createOutboundPolicy(options.allowHosts ?? []), options.outboundTimeoutMs ?? 5_000);
  const { app, monitor } = createApp({
    db,
    logger: createLogger('debug', logSink),
    secretBox: new SecretBox(randomBytes(32)),
    sessionPassword: randomBytes(32).toString('hex'),
    receiptKey: randomBytes(32),
    outbound,
    trustProxy: options.trustProxy ?? false,
    publicUrl: options.publicUrl,
    signInThrottle: options.signInThrottle,
    swaggerMaxBytes: options.swaggerMaxBytes,
    sessionLimits: options.sessionLimits,
    webDist: options.webDist,
    hstsIncludeSubDomains: options.hstsIncludeSubDomains,
    health: {
      defaultIntervalSeconds: 300,
      concurrency: 4,
      retentionDays: 7,
      aggregateRetentionDays: 90,
      degradedLatencyMs: options.degradedLatencyMs ?? 3000,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 900,
    },
  });
  return {
    app,
    db,
    monitor,
    logLines,
    async close() {
      await monitor.stop();
      await outbound.close();
      await db.destroy();
    },
  };
}

/**
 * A browser-like client: keeps cookies, sends the CSRF header and a same-origin Origin,
 * and records every response body so tests can look for leaked secrets.
 */
export function browserAgent(app: Parameters<typeof supertest.agent>[0]) {
  const agent = supertest.agent(app);
  const bodies: string[] = [];
  const send = <T extends supertest.Test>(test: T): T =>
    test
      .set(CSRF_HEADER, CSRF_HEADER_VALUE)
      .set('origin', 'http://127.0.0.1')
      .set('host', '127.0.0.1')
      .on('response', (res: { text?: string; headers: Record<string, unknown> }) => {
        bodies.push(`${JSON.stringify(res.headers)}\n${res.text ?? ''}`);
      }) as T;
  return {
    get: (url: string) => send(agent.get(url)),
    post: (url: string) => send(agent.post(url)),
    put: (url: string) => send(agent.put(url)),
    delete: (url: string) => send(agent.delete(url)),
    bodies,
  };
}

export async function seedAdmin(db: Db) {
  await createAuthService(createUsersRepository(db)).seedAdministrator(TEST_ADMIN.email, TEST_ADMIN.password);
}

export async function signedInAgent(app: Parameters<typeof supertest.agent>[0], db: Db) {
  await seedAdmin(db);
  const agent = browserAgent(app);
  await agent.post('/api/auth/sign-in').send(TEST_ADMIN).expect(200);
  return agent;
}

// scrypt at production cost takes a moment; every test account shares one hash of the same password.
let testPasswordHash: Promise<string> | undefined;

/** A signed-in browser for a fresh account with this role (the password is TEST_ADMIN's). */
export async function signedInAs(app: Parameters<typeof supertest.agent>[0], db: Db, role: Role, email = `${role}-${randomBytes(4).toString('hex')}@example.test`) {
  testPasswordHash ??= hashPassword(TEST_ADMIN.password);
  const user = await createUsersRepository(db).insert(email, await testPasswordHash, role);
  const agent = browserAgent(app);
  await agent.post('/api/auth/sign-in').send({ email, password: TEST_ADMIN.password }).expect(200);
  return { agent, user };
}
